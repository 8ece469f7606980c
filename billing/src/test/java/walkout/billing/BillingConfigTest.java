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
        assertThatThrownBy(() -> new BillingConfig("s", "EUR", H2, "k:9092", "g", 0, 1))
                .hasMessage("pollTimeoutMs=0 must be > 0");
    }

    @Test
    void shouldAcceptPostgresqlUrl() {
        assertThat(BillingConfig.defaults("s", "EUR", "jdbc:postgresql://127.0.0.1:5432/walkout", "k:9092")
                .jdbcUrl()).startsWith("jdbc:postgresql:");
    }
}
