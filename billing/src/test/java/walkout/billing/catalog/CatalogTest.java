package walkout.billing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.Fixtures;

class CatalogTest {
    private static final String HEADER = "gtin,name,price,currency,vat_rate\n";

    private static Catalog read(String csv) {
        return Catalog.read(new StringReader(csv), "test.csv");
    }

    @Test
    void shouldLoadEveryProductWhenReadingTheDemoCatalog() {
        Catalog catalog = Fixtures.demoCatalog();

        assertThat(catalog.products()).hasSize(12);
        assertThat(catalog.find(Fixtures.SOCKS)).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("Running socks");
            assertThat(p.priceMinor()).isEqualTo(499);
            assertThat(p.currency()).isEqualTo("EUR");
            assertThat(p.vatRate()).isEqualByComparingTo("0.19");
        });
        assertThat(catalog.find(Fixtures.NOT_IN_CATALOG)).isEmpty();
    }

    @Test
    void shouldLoadFromAFileWhenGivenAPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.csv");
        Files.writeString(file, "\uFEFF" + HEADER + "04012345000016,\"Apples, 1kg\",2.5,EUR,0\n\n");

        Catalog catalog = Catalog.load(file);

        assertThat(catalog.products()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Apples, 1kg");
            assertThat(p.priceMinor()).isEqualTo(250);
            assertThat(p.vatRate()).isEqualTo(BigDecimal.ZERO);
        });
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead(@TempDir Path dir) {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> Catalog.load(missing))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith(missing + ": cannot read");
    }

    @Test
    void shouldRefuseWhenHeaderIsMissing() {
        assertThatThrownBy(() -> read("04012345000016,Apples,2.49,EUR,0.07\n"))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("test.csv: line 1: header: expected gtin,name,price,currency,vat_rate");
        assertThatThrownBy(() -> read(""))
                .hasMessage("test.csv: line 1: header: missing, expected gtin,name,price,currency,vat_rate");
    }

    @Test
    void shouldNameLineAndGtinWhenCheckDigitIsWrong() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.49,EUR,0.07\n"
                + "04012345000017,Bananas,1.79,EUR,0.07\n"))
                .hasMessageStartingWith("test.csv: line 3: gtin: GTIN-14 04012345000017 has check digit 7");
    }

    @Test
    void shouldNameLineAndGtinWhenGtinIsNotFourteenDigits() {
        assertThatThrownBy(() -> read(HEADER + "4012345000016,Apples,2.49,EUR,0.07\n"))
                .hasMessageStartingWith("test.csv: line 2: gtin: GTIN-14 must be 14 digits");
    }

    @Test
    void shouldNameLineAndPriceWhenPriceIsNegative() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,-2.49,EUR,0.07\n"))
                .hasMessage("test.csv: line 2: price: -2.49 must be >= 0");
    }

    @Test
    void shouldNameLineAndPriceWhenPriceHasMoreDigitsThanTheCurrency() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.495,EUR,0.07\n"))
                .hasMessage("test.csv: line 2: price: 2.495 has more than 2 decimal digits for EUR");
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,249.5,JPY,0.07\n"))
                .hasMessage("test.csv: line 2: price: 249.5 has more than 0 decimal digits for JPY");
    }

    @Test
    void shouldAcceptTrailingZerosAndWholeAmountsWhenPricing() {
        Catalog catalog = read(HEADER + "04012345000016,Apples,2.490,EUR,0.07\n04012345000023,Rice,300,JPY,0.08\n");

        assertThat(catalog.find("04012345000016").orElseThrow().priceMinor()).isEqualTo(249);
        assertThat(catalog.find("04012345000023").orElseThrow().priceMinor()).isEqualTo(300);
    }

    @Test
    void shouldNameLineAndPriceWhenPriceIsNotANumber() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,two,EUR,0.07\n"))
                .hasMessage("test.csv: line 2: price: 'two' is not a number");
    }

    @Test
    void shouldNameLineAndCurrencyWhenCurrencyIsUnknown() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.49,EUX,0.07\n"))
                .hasMessage("test.csv: line 2: currency: 'EUX' is not an ISO 4217 code");
    }

    @Test
    void shouldNameLineAndVatRateWhenRateIsOutsideZeroToOne() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.49,EUR,1\n"))
                .hasMessage("test.csv: line 2: vat_rate: 1 must be in [0, 1)");
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.49,EUR,-0.1\n"))
                .hasMessage("test.csv: line 2: vat_rate: -0.1 must be in [0, 1)");
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.49,EUR,19%\n"))
                .hasMessage("test.csv: line 2: vat_rate: '19%' is not a number");
    }

    @Test
    void shouldNameLineWhenGtinIsListedTwice() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.49,EUR,0.07\n"
                + "04012345000023,Bananas,1.79,EUR,0.07\n"
                + "04012345000016,Apples again,2.59,EUR,0.07\n"))
                .hasMessage("test.csv: line 4: gtin: 04012345000016 is listed twice");
    }

    @Test
    void shouldNameLineWhenColumnCountIsWrong() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016,Apples,2.49,EUR\n"))
                .hasMessage("test.csv: line 2: columns: expected 5 fields, got 4");
        assertThatThrownBy(() -> read(HEADER + "04012345000016,\"Apples,2.49,EUR,0.07\n"))
                .hasMessage("test.csv: line 2: columns: unterminated quoted field");
    }

    @Test
    void shouldNameLineWhenNameIsEmpty() {
        assertThatThrownBy(() -> read(HEADER + "04012345000016, ,2.49,EUR,0.07\n"))
                .hasMessage("test.csv: line 2: name: must not be empty");
    }

    @Test
    void shouldReadLowStockWhenTheOptionalColumnIsThere() {
        Catalog catalog = read("gtin,name,price,currency,vat_rate,low_stock\n"
                + "04012345000016,Socks,4.99,EUR,0.19,7\n"
                + "04012345000023,Shirt,9.99,EUR,0.19,\n");

        assertThat(catalog.find("04012345000016")).hasValueSatisfying(p -> assertThat(p.lowStock()).isEqualTo(7));
        assertThat(catalog.find("04012345000023")).hasValueSatisfying(p -> assertThat(p.lowStock()).isNull());
    }

    @Test
    void shouldLeaveLowStockUnsetWhenReadingTheContractsFiveColumns() {
        Catalog catalog = read(HEADER + "04012345000016,Socks,4.99,EUR,0.19\n");

        assertThat(catalog.find("04012345000016")).hasValueSatisfying(p -> assertThat(p.lowStock()).isNull());
    }

    @Test
    void shouldNameLineAndLowStockWhenItIsNegativeOrNotAnInteger() {
        String header = "gtin,name,price,currency,vat_rate,low_stock\n";
        assertThatThrownBy(() -> read(header + "04012345000016,Socks,4.99,EUR,0.19,-1\n"))
                .hasMessage("test.csv: line 2: low_stock: -1 must be >= 0");
        assertThatThrownBy(() -> read(header + "04012345000016,Socks,4.99,EUR,0.19,lots\n"))
                .hasMessage("test.csv: line 2: low_stock: 'lots' is not an integer");
    }

    @Test
    void shouldNameLineWhenALowStockCatalogLineMissesTheColumn() {
        assertThatThrownBy(() -> read("gtin,name,price,currency,vat_rate,low_stock\n"
                + "04012345000016,Socks,4.99,EUR,0.19\n"))
                .hasMessage("test.csv: line 2: columns: expected 6 fields, got 5");
    }
}
