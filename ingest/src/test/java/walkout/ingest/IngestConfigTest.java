package walkout.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import walkout.events.PortalSide;
import walkout.ingest.journal.JournalRollCycle;

class IngestConfigTest {
    private static final ReaderConfig READER = new ReaderConfig("r-a1", "127.0.0.1", 5084,
            Map.of(1, AntennaConfig.of("A1")));

    @Test
    void shouldApplyDefaultTimingsWhenBuiltWithDefaults() {
        IngestConfig config = IngestConfig.defaults("store-1", List.of(READER), Map.of("b-a1", "A1"),
                Set.of("g-entry"), Path.of("data/journal"), "127.0.0.1:9092");

        assertThat(config.connectTimeoutMs()).isEqualTo(IngestConfig.DEFAULT_CONNECT_TIMEOUT_MS);
        assertThat(config.reconnectMaxMs()).isGreaterThanOrEqualTo(config.reconnectInitialMs());
        assertThat(config.reader("r-a1")).isEqualTo(READER);
        assertThat(config.reader("r-zz")).isNull();
        assertThat(config.smoothingWindowMs()).isEqualTo(250);
        assertThat(config.keepaliveMs()).isEqualTo(IngestConfig.DEFAULT_KEEPALIVE_MS);
    }

    @Test
    void shouldNameFieldAndValueWhenHardeningSettingsAreInvalid() {
        assertThatThrownBy(() -> new IngestConfig("store-1", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092", 1000, 100, 1000, 200, -1, 5000, 3, 20, 40, 60_000, 3_600_000))
                .hasMessage("smoothingWindowMs=-1 must be >= 0");
        assertThatThrownBy(() -> new IngestConfig("store-1", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092", 1000, 100, 1000, 200, 250, 5000, 0, 20, 40, 60_000, 3_600_000))
                .hasMessage("keepalivesMissed=0 must be >= 1");
        assertThatThrownBy(() -> new IngestConfig("store-1", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092", 1000, 100, 1000, 200, 250, 5000, 3, 0, 40, 60_000, 3_600_000))
                .hasMessage("deviceRatePerSec=0 must be >= 1");
        assertThatThrownBy(() -> new IngestConfig("store-1", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092", 1000, 100, 1000, 200, 250, 5000, 3, 20, 40, 60_000, -1))
                .hasMessage("deviceTokenTtlMs=-1 must be >= 0");
    }

    @Test
    void shouldNameFieldAndValueWhenTimingsAreInvalid() {
        assertThatThrownBy(() -> new IngestConfig("store-1", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092", 0, 100, 1000, 200)).hasMessage("connectTimeoutMs=0 must be > 0");
        assertThatThrownBy(() -> new IngestConfig("store-1", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092", 1000, 500, 100, 200)).hasMessage("reconnectMaxMs=100 must be >= reconnectInitialMs=500");
        assertThatThrownBy(() -> new IngestConfig(" ", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092", 1000, 100, 1000, 200)).hasMessage("storeId=  must not be blank");
    }

    @Test
    void shouldRejectDuplicateReadersAndBadAntennas() {
        assertThatThrownBy(() -> IngestConfig.defaults("store-1", List.of(READER, READER), Map.of(), Set.of(),
                Path.of("j"), "k:9092")).hasMessage("readers: id=r-a1 appears twice");
        assertThatThrownBy(() -> new ReaderConfig("r-x", "h", 5084, Map.of(0, AntennaConfig.of("A1"))))
                .hasMessage("reader r-x: antenna=0 must be in 1..65535");
        assertThatThrownBy(() -> new ReaderConfig("r-x", "h", 70000, Map.of(1, AntennaConfig.of("A1"))))
                .hasMessage("reader r-x: port=70000 must be in 1..65535");
        assertThatThrownBy(() -> new AntennaConfig("", PortalSide.INNER)).hasMessage("zone= must not be blank");
    }

    @Test
    void shouldDefaultAndValidateJournalListenerAndThreadSettings() {
        IngestConfig config = IngestConfig.defaults("store-1", List.of(READER), Map.of(), Set.of(), Path.of("j"),
                "k:9092");

        assertThat(config.journalRollCycle()).isEqualTo(JournalRollCycle.DAILY);
        assertThat(config.journalKeepDays()).isEqualTo(7);
        assertThat(config.llrpListenPort()).isEqualTo(IngestConfig.LLRP_LISTEN_OFF);
        assertThat(config.readerThreads()).isEqualTo(1);
        assertThat(config.withReaderThreads(3).withLlrpListener("127.0.0.1", 0).readerThreads()).isEqualTo(3);
        assertThatThrownBy(() -> config.withJournalRetention(JournalRollCycle.HOURLY, -1))
                .hasMessage("journalKeepDays=-1 must be >= 0");
        assertThatThrownBy(() -> config.withLlrpListener("0.0.0.0", 70_000))
                .hasMessage("llrpListenPort=70000 must be -1 (off) or 0..65535");
        assertThatThrownBy(() -> config.withReaderThreads(0)).hasMessage("readerThreads=0 must be >= 1");
    }
}
