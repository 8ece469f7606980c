package walkout.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.RecordingJournalHandler;

/** Readers that dial in, over real loopback TCP: the scripted reader in client mode against the listener. */
@ExtendWith(VertxExtension.class)
class LlrpListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> HANDSHAKE = List.of("GET_READER_CONFIG", "GET_READER_CAPABILITIES",
            "DELETE_ROSPEC", "ADD_ROSPEC", "ENABLE_ROSPEC", "START_ROSPEC");

    @TempDir
    Path dir;

    private Vertx vertx;
    private Journal journal;
    private ScriptedReader reader;
    private LlrpListener listener;
    private ReaderSession nat;
    private ReaderSession named;
    private String deploymentId;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        journal = Journal.open(dir);
        reader = new ScriptedReader(vertx);
        ReaderSessionConfig sessionConfig = new ReaderSessionConfig(2_000, 20, 100, 200);
        nat = new ReaderSession(ReaderConfig.dialingIn("r-nat", "00-16-25-12-34-56",
                Map.of(1, AntennaConfig.of("A1"))), sessionConfig, journal, meters, Clock.systemUTC());
        named = new ReaderSession(ReaderConfig.dialingIn("r-named", null, Map.of(1, AntennaConfig.of("A2"))),
                sessionConfig, journal, meters, Clock.systemUTC());
        listener = new LlrpListener("127.0.0.1", 0, 2_000, List.of(nat, named), meters, Clock.systemUTC());
        deploymentId = vertx.deployVerticle(listener).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        reader.close();
        journal.close();
    }

    private List<String> journaled() {
        return RecordingJournalHandler.linesOf(journal);
    }

    private static List<String> on(int connection, List<String> types) {
        return ScriptedReader.on(connection, types);
    }

    @Test
    void shouldMatchADialingReaderByItsIdentificationAndRunTheSessionOnItsConnection() {
        reader.reportOneTagWhenStarted();

        reader.dial(listener.actualPort());

        await().atMost(WAIT).until(() -> nat.state() == ReaderState.CONNECTED);
        assertThat(reader.received).containsExactlyElementsOf(on(1, HANDSHAKE));
        await().atMost(WAIT).until(() -> journaled().size() == 1);
        assertThat(journaled()).containsExactly("tag r-nat 3074257BF7194E4000001A85 a=1 rssi=-58 1000..2000 x3");
        assertThat(named.state()).isEqualTo(ReaderState.DISCONNECTED);
    }

    @Test
    void shouldMatchATextIdentificationAgainstTheReaderIdWhenTheLayoutGivesNone() {
        reader.identification = "R-NAMED".getBytes(StandardCharsets.US_ASCII);

        reader.dial(listener.actualPort());

        await().atMost(WAIT).until(() -> named.state() == ReaderState.CONNECTED);
        assertThat(nat.state()).isEqualTo(ReaderState.DISCONNECTED);
    }

    @Test
    void shouldCountAndCloseAnUnknownReaderWhileAKnownOneStaysServed() {
        reader.dial(listener.actualPort());
        await().atMost(WAIT).until(() -> nat.state() == ReaderState.CONNECTED);

        reader.identification = new byte[] {0x00, 0x16, 0x25, 0x00, 0x00, 0x01};
        reader.dial(listener.actualPort());

        await().atMost(WAIT).until(() -> reader.received.contains("2:CLOSE_CONNECTION"));
        assertThat(reader.received).filteredOn(line -> line.startsWith("2:"))
                .containsExactly("2:GET_READER_CONFIG", "2:CLOSE_CONNECTION");
        assertThat(meters.get("walkout.ingest.llrp.listener.rejected").tag("reason", "unknown_reader").counter()
                .count()).isEqualTo(1.0);
        assertThat(nat.state()).isEqualTo(ReaderState.CONNECTED);
        assertThat(named.state()).isEqualTo(ReaderState.DISCONNECTED);
    }

    @Test
    void shouldResumeWhenTheReaderDialsInAgainAfterDroppingTheConnection() {
        reader.dial(listener.actualPort());
        await().atMost(WAIT).until(() -> nat.state() == ReaderState.CONNECTED);

        reader.dropAll();
        await().atMost(WAIT).until(() -> nat.state() == ReaderState.DISCONNECTED);
        reader.reportOneTagWhenStarted();
        reader.dial(listener.actualPort());

        await().atMost(WAIT).until(() -> nat.state() == ReaderState.CONNECTED);
        await().atMost(WAIT).until(() -> journaled().size() == 1);
        assertThat(reader.received).containsSubsequence(on(2, HANDSHAKE));
        assertThat(meters.get("walkout.ingest.reader.connects").tag("reader", "r-nat").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void shouldCompareIdentificationsAsHexBytesOrAsText() {
        assertThat(LlrpListener.identificationKey("00:16:25:12:34:56"))
                .isEqualTo(LlrpListener.identificationKey("001625123456"))
                .isEqualTo(LlrpListener.identificationKey("00-16-25-12-34-56"));
        assertThat(LlrpListener.identificationKey("r-nat")).isEqualTo(LlrpListener.identificationKey("R-NAT"));
        assertThat(LlrpListener.identificationKey("r-nat")).isNotEqualTo(LlrpListener.identificationKey("r-na"));
    }
}
