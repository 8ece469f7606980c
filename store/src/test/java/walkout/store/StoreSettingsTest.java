package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.ingest.IngestConfig;
import walkout.ingest.ListenerTls;
import walkout.ingest.journal.JournalRollCycle;

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
        assertThatThrownBy(() -> new StoreSettings(null, null, DATA, null, null, 8080, null, "127.0.0.1",
                PaymentSettings.HOUSE, -1)).hasMessage("--low-stock=-1 must be >= 0");
    }

    @Test
    void shouldRequireStripeKeyWhenStripeIsChosen() {
        assertThatThrownBy(() -> new PaymentSettings("stripe", null, null, 30))
                .hasMessage("--payment-gateway=stripe needs --stripe-key (or WALKOUT_STRIPE_KEY)");
        assertThatThrownBy(() -> new PaymentSettings("card", null, null, 30))
                .hasMessage("--payment-gateway=card must be house or stripe");
        assertThat(new PaymentSettings("stripe", "sk_test_123", null, 30).toString()).doesNotContain("sk_test_123");
    }

    @Test
    void shouldMapJournalOptionsIntoTheIngestConfig() {
        IngestConfig defaults = IngestConfig.defaults("store-1", List.of(), Map.of(), Set.of(), DATA, "k:9092");

        IngestConfig hourly = new IngestSettings("hourly", 2, null).applyTo(defaults);

        assertThat(hourly.journalRollCycle()).isEqualTo(JournalRollCycle.HOURLY);
        assertThat(hourly.journalKeepDays()).isEqualTo(2);
        assertThat(IngestSettings.DEFAULTS.applyTo(defaults)).isEqualTo(defaults);
        assertThat(new StoreSettings(null, null, DATA, null, null, 8080, null, "127.0.0.1").ingest())
                .isEqualTo(IngestSettings.DEFAULTS);
    }

    @Test
    void shouldMapTheLlrpListenerOptionWithAnOptionalHost() {
        IngestConfig defaults = IngestConfig.defaults("store-1", List.of(), Map.of(), Set.of(), DATA, "k:9092");

        assertThat(defaults.llrpListenPort()).isEqualTo(IngestConfig.LLRP_LISTEN_OFF);
        IngestConfig portOnly = new IngestSettings("daily", 7, "5084").applyTo(defaults);
        assertThat(portOnly.llrpListenHost()).isEqualTo("0.0.0.0");
        assertThat(portOnly.llrpListenPort()).isEqualTo(5084);
        IngestConfig withHost = new IngestSettings("daily", 7, "10.0.0.2:15084").applyTo(defaults);
        assertThat(withHost.llrpListenHost()).isEqualTo("10.0.0.2");
        assertThat(withHost.llrpListenPort()).isEqualTo(15084);
        assertThatThrownBy(() -> new IngestSettings("daily", 7, "10.0.0.2:llrp"))
                .hasMessage("--llrp-listen=10.0.0.2:llrp must be [HOST:]PORT with a port 0-65535");
    }

    @Test
    void shouldPutTheListenerOnTlsWithACertificateAndItsKeyOrSayWhatIsMissing(@TempDir Path files) throws Exception {
        Path cert = Files.writeString(files.resolve("listener.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(files.resolve("listener.key"), "-----BEGIN PRIVATE KEY-----\n");
        IngestConfig defaults = IngestConfig.defaults("store-1", List.of(), Map.of(), Set.of(), DATA, "k:9092");

        IngestConfig tls = new IngestSettings("daily", 7, "5085", cert.toString(), key.toString()).applyTo(defaults);

        assertThat(tls.llrpListenTls()).isEqualTo(new ListenerTls(cert.toString(), key.toString()));
        assertThat(new IngestSettings("daily", 7, "5084").applyTo(defaults).llrpListenTls()).isNull();
        assertThatThrownBy(() -> new IngestSettings("daily", 7, "5085", cert.toString(), null))
                .hasMessageContaining("give both or neither");
        assertThatThrownBy(() -> new IngestSettings("daily", 7, null, cert.toString(), key.toString()))
                .hasMessage("--llrp-listen-cert needs --llrp-listen (the listener is off)");
        assertThatThrownBy(() -> new IngestSettings("daily", 7, "5085", files.resolve("none.pem").toString(),
                key.toString())).hasMessageContaining("--llrp-listen-cert=" + files.resolve("none.pem")
                + ": file not found");
    }
}
