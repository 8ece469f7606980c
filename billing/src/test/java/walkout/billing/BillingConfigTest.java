package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BillingConfigTest {
    private static final String H2 = "jdbc:h2:file:./data/ledger";

    @Test
    void shouldFillGroupAndPollTimeoutWhenUsingDefaults() {
        BillingConfig config = BillingConfig.defaults("store-1", "EUR", H2, "127.0.0.1:9092");

        assertThat(config.groupId()).isEqualTo("walkout-billing-store-1");
        assertThat(config.pollTimeoutMs()).isEqualTo(BillingConfig.DEFAULT_POLL_TIMEOUT_MS);
        assertThat(config.refundWindowMs()).isEqualTo(BillingConfig.DEFAULT_REFUND_WINDOW_MS);
        assertThat(config.gateway()).isEqualTo("house");
        assertThat(config.stripe()).isNull();
        assertThat(config.maxChargeAttempts()).isEqualTo(BillingConfig.DEFAULT_MAX_CHARGE_ATTEMPTS);
    }

    @Test
    void shouldChooseStripeAndRefuseBadGatewaySettings() {
        BillingConfig base = BillingConfig.defaults("s", "EUR", H2, "k:9092");
        walkout.billing.payment.StripeConfig stripe = walkout.billing.payment.StripeConfig.of("sk_test_x");

        assertThat(base.withStripe(stripe).gateway()).isEqualTo("stripe");
        assertThat(base.withStripe(stripe).stripe().baseUrl()).isEqualTo("https://api.stripe.com");
        assertThatThrownBy(() -> base.withStripe(null))
                .hasMessage("gateway=stripe needs the stripe settings (API key, base URL)");
        assertThatThrownBy(() -> new BillingConfig("s", "EUR", H2, "k:9092", "g", 200, 0, "paypal", null, 5, 1))
                .hasMessage("gateway=paypal must be house or stripe");
        assertThatThrownBy(() -> base.withChargeRetries(0, 1_000)).hasMessage("maxChargeAttempts=0 must be >= 1");
        assertThatThrownBy(() -> base.withChargeRetries(3, 0)).hasMessage("chargeRetryBackoffMs=0 must be > 0");
        assertThatThrownBy(() -> base.withRefundWindowMs(-1)).hasMessage("refundWindowMs=-1 must be >= 0");
    }

    @Test
    void shouldNameFieldAndValueWhenConfigIsInvalid() {
        assertThatThrownBy(() -> BillingConfig.defaults(" ", "EUR", H2, "k:9092"))
                .hasMessage("storeId=  must not be blank");
        assertThatThrownBy(() -> BillingConfig.defaults("s", "EURO", H2, "k:9092"))
                .hasMessage("currency=EURO is not an ISO 4217 code");
        assertThatThrownBy(() -> BillingConfig.defaults("s", "XXX", H2, "k:9092"))
                .hasMessage("currency=XXX has no minor unit to charge in");
        assertThatThrownBy(() -> BillingConfig.defaults("s", "EUR", "jdbc:mysql://x/y", "k:9092"))
                .hasMessage("jdbcUrl=jdbc:mysql://x/y must start with jdbc:h2: or jdbc:postgresql:");
        assertThatThrownBy(() -> BillingConfig.defaults("s", "EUR", H2, ""))
                .hasMessage("bootstrapServers= must not be blank");
        assertThatThrownBy(() -> new BillingConfig("s", "EUR", H2, "k:9092", "g", 0))
                .hasMessage("pollTimeoutMs=0 must be > 0");
    }

    @Test
    void shouldAcceptPostgresqlUrl() {
        assertThat(BillingConfig.defaults("s", "EUR", "jdbc:postgresql://127.0.0.1:5432/walkout", "k:9092")
                .jdbcUrl()).startsWith("jdbc:postgresql:");
    }
}
