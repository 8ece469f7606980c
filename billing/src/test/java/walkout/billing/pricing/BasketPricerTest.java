package walkout.billing.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import walkout.billing.Fixtures;
import walkout.billing.catalog.Catalog;

class BasketPricerTest {
    private final BasketPricer pricer = new BasketPricer(Fixtures.demoCatalog(), "EUR");

    @Test
    void shouldRoundVatHalfUpPerLineWhenSplittingGross() {
        // 499 x 0.19 / 1.19 = 79.67 -> 80; 249 x 0.07 / 1.07 = 16.29 -> 16; 119 x 0.19 / 1.19 = 19 exactly
        assertThat(BasketPricer.vatShareMinor(499, new BigDecimal("0.19"))).isEqualTo(80);
        assertThat(BasketPricer.vatShareMinor(249, new BigDecimal("0.07"))).isEqualTo(16);
        assertThat(BasketPricer.vatShareMinor(119, new BigDecimal("0.19"))).isEqualTo(19);
        assertThat(BasketPricer.vatShareMinor(0, new BigDecimal("0.19"))).isZero();
        assertThat(BasketPricer.vatShareMinor(499, BigDecimal.ZERO)).isZero();
    }

    @Test
    void shouldRoundExactHalvesUpWhenVatShareEndsInFive() {
        // r = 0.6 gives 3g/8: g = 4 -> 1.5 and g = 12 -> 4.5, exact halves that must round up; 9 x 0.25 / 1.25 = 1.8
        assertThat(BasketPricer.vatShareMinor(4, new BigDecimal("0.6"))).isEqualTo(2);
        assertThat(BasketPricer.vatShareMinor(12, new BigDecimal("0.6"))).isEqualTo(5);
        assertThat(BasketPricer.vatShareMinor(9, new BigDecimal("0.25"))).isEqualTo(2);
    }

    @Test
    void shouldTotalPerVatRateWhenBasketMixesRates() {
        PricedBasket basket = pricer.price("v1", List.of(
                Fixtures.line(Fixtures.epc(Fixtures.SOCKS, 1)),
                Fixtures.line(Fixtures.epc(Fixtures.SOCKS, 2)),
                Fixtures.line(Fixtures.epc(Fixtures.APPLES, 3)),
                Fixtures.line(Fixtures.epc(Fixtures.COFFEE, 4))));

        assertThat(basket.totalMinor()).isEqualTo(499 + 499 + 249 + 349);
        assertThat(basket.lines()).extracting(PricedLine::vatMinor).containsExactly(80L, 80L, 16L, 56L);
        assertThat(basket.vatTotals()).containsExactly(
                new VatTotal(new BigDecimal("0.07"), 249, 16),
                new VatTotal(new BigDecimal("0.19"), 499 + 499 + 349, 80 + 80 + 56));
        assertThat(basket.vatTotals().get(1).netMinor()).isEqualTo(1347 - 216);
        assertThat(basket.lines().get(0).name()).isEqualTo("Running socks");
        assertThat(basket.lines().get(0).gtin()).isEqualTo(Fixtures.SOCKS);
    }

    @Test
    void shouldFlagAndNotChargeWhenGtinIsNotInCatalog() {
        PricedBasket basket = pricer.price("v1", List.of(
                Fixtures.line(Fixtures.epc(Fixtures.NOT_IN_CATALOG, 1)),
                Fixtures.line(Fixtures.epc(Fixtures.APPLES, 2))));

        assertThat(basket.lines()).hasSize(2);
        PricedLine unknown = basket.lines().get(0);
        assertThat(unknown.flag()).isEqualTo(LineFlag.UNKNOWN_GTIN);
        assertThat(unknown.gtin()).isEqualTo(Fixtures.NOT_IN_CATALOG);
        assertThat(unknown.priceMinor()).isZero();
        assertThat(basket.totalMinor()).isEqualTo(249);
        assertThat(basket.flaggedCount()).isEqualTo(1);
    }

    @Test
    void shouldFlagWhenEpcIsNotSgtin96OrNotHex() {
        PricedBasket basket = pricer.price("v1", List.of(
                Fixtures.line(Fixtures.SSCC_EPC),
                Fixtures.line("NOT-AN-EPC")));

        assertThat(basket.lines()).extracting(PricedLine::flag)
                .containsExactly(LineFlag.NOT_SGTIN_96, LineFlag.MALFORMED_EPC);
        assertThat(basket.totalMinor()).isZero();
        assertThat(basket.vatTotals()).isEmpty();
    }

    @Test
    void shouldFlagWhenCatalogPriceIsInAnotherCurrency() {
        Catalog catalog = Catalog.read(new StringReader("gtin,name,price,currency,vat_rate\n"
                + Fixtures.APPLES + ",Apples,2.49,USD,0.07\n"), "usd.csv");
        PricedBasket basket = new BasketPricer(catalog, "EUR").price("v1",
                List.of(Fixtures.line(Fixtures.epc(Fixtures.APPLES, 1))));

        assertThat(basket.lines().get(0).flag()).isEqualTo(LineFlag.CURRENCY_MISMATCH);
        assertThat(basket.totalMinor()).isZero();
    }

    @Test
    void shouldAcceptLowerCaseEpcWhenPricing() {
        String epc = Fixtures.epc(Fixtures.APPLES, 7).toLowerCase(java.util.Locale.ROOT);

        PricedBasket basket = pricer.price("v1", List.of(Fixtures.line(epc)));

        assertThat(basket.lines().get(0).epc()).isEqualTo(epc.toUpperCase(java.util.Locale.ROOT));
        assertThat(basket.totalMinor()).isEqualTo(249);
    }
}
