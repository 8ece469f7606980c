package walkout.ingest.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import walkout.events.codec.DeviceTokenSigner;
import walkout.ingest.AntennaConfig;
import walkout.ingest.IngestApp;
import walkout.ingest.IngestConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;

/**
 * A child JVM for {@link RelayRestartIT}: runs {@link IngestApp} (journal, relay to Kafka) on a journal directory
 * and, in {@code load} mode, appends tag reads (each with its own EPC) as fast as a busy store would, printing
 * {@code appended N} as it goes, until it is killed. In {@code drain} mode it only relays. Arguments: journal dir,
 * Kafka bootstrap, mode.
 */
public final class IngestChild {
    static final String READER = "r-a1";

    private IngestChild() {
    }

    public static void main(String[] args) throws Exception {
        Path journalDir = Path.of(args[0]);
        String bootstrap = args[1];
        boolean load = "load".equals(args[2]);
        // the reader is not there: its session keeps redialing, which does not matter here
        IngestConfig config = IngestConfig.defaults("store-1",
                List.of(new ReaderConfig(READER, "127.0.0.1", 9, Map.of(1, AntennaConfig.of("A1")))), Map.of(),
                Set.of(), journalDir, bootstrap);
        Vertx vertx = Vertx.vertx();
        IngestApp app = new IngestApp(vertx, config,
                new DeviceTokenSigner("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)),
                new SimpleMeterRegistry(), Clock.systemUTC());
        app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        System.out.println("started");
        System.out.flush();
        if (!load) {
            return;
        }
        try (Journal journal = Journal.open(journalDir)) {
            long baseMicros = System.currentTimeMillis() * 1000;
            for (int n = 1; ; n++) {
                long atMicros = baseMicros + n * 100L;
                journal.appendTagRead(READER, 0x3074257BF7194E40L, n, 1, -60, atMicros, atMicros, 1);
                if (n % 1000 == 0) {
                    System.out.println("appended " + n);
                    System.out.flush();
                }
                if (n % 50 == 0) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
    }
}
