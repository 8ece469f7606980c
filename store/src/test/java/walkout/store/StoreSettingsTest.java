package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {
    private static final Path DATA = Path.of("/var/walkout");

    @Test
    void shouldPutDefaultLedgerUnderDataDir() {
        StoreSettings settings = new StoreSettings(null, null, DATA, null, null, 8080, null, "127.0.0.1");

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:h2:file:/var/walkout/ledger/walkout");
    }

    @Test
    void shouldUseGivenDatabaseUrlAsIs() {
        String pg = "jdbc:postgresql://127.0.0.1:5432/walkout";

        assertThat(new StoreSettings(null, null, DATA, null, pg, 8080, null, "127.0.0.1").jdbcUrl()).isEqualTo(pg);
    }

    @Test
    void shouldNameTheOptionWhenAValueIsBad() {
        assertThatThrownBy(() -> new StoreSettings(null, null, DATA, null, "jdbc:mysql://x/y", 8080, null, "0.0.0.0"))
                .hasMessage("--db-url=jdbc:mysql://x/y must be a jdbc:h2: or jdbc:postgresql: URL");
        assertThatThrownBy(() -> new StoreSettings(null, null, DATA, null, null, 8080, "short", "127.0.0.1"))
                .hasMessage("--staff-key must be at least 8 characters");
        assertThatThrownBy(() -> new StoreSettings(null, null, DATA, null, null, 8080, null, " "))
                .hasMessage("--bind must name an address");
    }

    @Test
    void shouldRequireStripeKeyWhenStripeIsChosen() {
        assertThatThrownBy(() -> new PaymentSettings("stripe", null, null, 30))
                .hasMessage("--payment-gateway=stripe needs --stripe-key (or WALKOUT_STRIPE_KEY)");
        assertThatThrownBy(() -> new PaymentSettings("card", null, null, 30))
                .hasMessage("--payment-gateway=card must be house or stripe");
        assertThat(new PaymentSettings("stripe", "sk_test_123", null, 30).toString()).doesNotContain("sk_test_123");
    }
}
