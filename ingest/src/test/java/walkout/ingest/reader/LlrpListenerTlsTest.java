package walkout.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ListenerTls;
import walkout.ingest.ReaderConfig;
import walkout.ingest.ReaderTls;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.RecordingJournalHandler;

/**
 * The LLRP listener over TLS: readers that dial in are TLS clients; one with {@code tls} in its config must show a
 * client certificate its pin or CA accepts before its session gets the connection. Certificates are Vert.x's
 * self-signed test certificates, written to temporary PEM files.
 */
@ExtendWith(VertxExtension.class)
@SuppressWarnings("removal") // SelfSignedCertificate: the test-only certificate maker Vert.x 5 still ships
class LlrpListenerTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Made once: key generation is the slow part. */
    private static SelfSignedCertificate listenerCert;
    private static SelfSignedCertificate readerCert;
    private static SelfSignedCertificate strangerCert;

    @TempDir
    Path dir;

    private Vertx vertx;
    private Journal journal;
    private ScriptedReader reader;
    private String deploymentId;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void makeCertificates() {
        listenerCert = SelfSignedCertificate.create("ingest.test");
        readerCert = SelfSignedCertificate.create("reader.test");
        strangerCert = SelfSignedCertificate.create("stranger.test");
    }

    @AfterAll
    static void deleteCertificates() {
        listenerCert.delete();
        readerCert.delete();
        strangerCert.delete();
    }

    @AfterEach
    void stop() throws Exception {
        if (deploymentId != null) {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (reader != null) {
            reader.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    /** The pinned reader (identification 00:16:25:12:34:56) and an open one (identification r-open). */
    private ReaderSession[] startListener(Vertx vertx, ReaderTls pinnedTls) throws Exception {
        this.vertx = vertx;
        journal = Journal.open(dir);
        reader = new ScriptedReader(vertx);
        ReaderSessionConfig sessionConfig = new ReaderSessionConfig(2_000, 20, 100, 200);
        ReaderSession pinned = new ReaderSession(ReaderConfig.dialingIn("r-pinned", "00-16-25-12-34-56",
                Map.of(1, AntennaConfig.of("A1"))).withTls(pinnedTls), sessionConfig, journal, meters,
                Clock.systemUTC());
        ReaderSession open = new ReaderSession(ReaderConfig.dialingIn("r-open", null,
                Map.of(1, AntennaConfig.of("A2"))), sessionConfig, journal, meters, Clock.systemUTC());
        LlrpListener listener = new LlrpListener("127.0.0.1", 0, 2_000, List.of(pinned, open), meters,
                Clock.systemUTC(), new ListenerTls(listenerCert.certificatePath(), listenerCert.privateKeyPath()));
        deploymentId = vertx.deployVerticle(listener).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        listenerPort = listener.actualPort();
        return new ReaderSession[] {pinned, open};
    }

    private int listenerPort;

    /** A TLS client that checks the listener's certificate, with {@code clientCert} or none. */
    private static NetClientOptions tlsClient(SelfSignedCertificate clientCert) {
        NetClientOptions options = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("")
                .setTrustOptions(listenerCert.trustOptions());
        return clientCert == null ? options : options.setKeyCertOptions(clientCert.keyCertOptions());
    }

    private static ReaderTls pinOf(SelfSignedCertificate certificate) throws Exception {
        return new ReaderTls(null, TestCertificates.sha256Of(certificate), null, null);
    }

    private double untrusted() {
        var counter = meters.find("walkout.ingest.llrp.listener.rejected").tag("reason", "untrusted_certificate")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldHandOverAReaderThatDialsInOverTlsWhenItsClientCertificateMatchesThePin(Vertx vertx) throws Exception {
        ReaderSession[] sessions = startListener(vertx, pinOf(readerCert));
        reader.reportOneTagWhenStarted();

        reader.dial(listenerPort, tlsClient(readerCert));

        await().atMost(WAIT).until(() -> sessions[0].state() == ReaderState.CONNECTED);
        await().atMost(WAIT).until(() -> RecordingJournalHandler.linesOf(journal).size() == 1);
        assertThat(RecordingJournalHandler.linesOf(journal))
                .containsExactly("tag r-pinned 3074257BF7194E4000001A85 a=1 rssi=-58 1000..2000 x3");
        assertThat(untrusted()).isZero();
    }

    @Test
    void shouldAcceptAClientCertificateThatChainsToTheReadersCa(Vertx vertx) throws Exception {
        // a self-signed certificate is its own CA
        ReaderSession[] sessions = startListener(vertx, new ReaderTls(readerCert.certificatePath(), null, null, null));

        reader.dial(listenerPort, tlsClient(readerCert));

        await().atMost(WAIT).until(() -> sessions[0].state() == ReaderState.CONNECTED);
        assertThat(untrusted()).isZero();
    }

    @Test
    void shouldTurnAwayAReaderWhoseClientCertificateDoesNotMatchItsPin(Vertx vertx) throws Exception {
        ReaderSession[] sessions = startListener(vertx, pinOf(readerCert));

        reader.dial(listenerPort, tlsClient(strangerCert));

        await().atMost(WAIT).until(() -> reader.received.contains("1:CLOSE_CONNECTION"));
        assertThat(reader.received).containsExactly("1:GET_READER_CONFIG", "1:CLOSE_CONNECTION");
        assertThat(untrusted()).isEqualTo(1.0);
        assertThat(sessions[0].state()).isEqualTo(ReaderState.DISCONNECTED);
    }

    @Test
    void shouldTurnAwayAReaderWithTlsSettingsThatShowsNoClientCertificate(Vertx vertx) throws Exception {
        ReaderSession[] sessions = startListener(vertx, pinOf(readerCert));

        reader.dial(listenerPort, tlsClient(null));

        await().atMost(WAIT).until(() -> reader.received.contains("1:CLOSE_CONNECTION"));
        assertThat(untrusted()).isEqualTo(1.0);
        assertThat(sessions[0].state()).isEqualTo(ReaderState.DISCONNECTED);
    }

    @Test
    void shouldServeAReaderWithoutTlsSettingsOverTlsWithoutAClientCertificate(Vertx vertx) throws Exception {
        ReaderSession[] sessions = startListener(vertx, pinOf(readerCert));
        reader.identification = "r-open".getBytes(StandardCharsets.US_ASCII);

        reader.dial(listenerPort, tlsClient(null));

        await().atMost(WAIT).until(() -> sessions[1].state() == ReaderState.CONNECTED);
        assertThat(sessions[0].state()).isEqualTo(ReaderState.DISCONNECTED);
    }

    @Test
    void shouldCountAPlainTcpReaderAtTheTlsListenerAndKeepServingOthers(Vertx vertx) throws Exception {
        ReaderSession[] sessions = startListener(vertx, pinOf(readerCert));
        ScriptedReader plain = new ScriptedReader(vertx);
        try {
            plain.dial(listenerPort);

            await().atMost(WAIT).until(() -> handshakeFailures() == 1.0);
            reader.dial(listenerPort, tlsClient(readerCert));
            await().atMost(WAIT).until(() -> sessions[0].state() == ReaderState.CONNECTED);
            assertThat(plain.received).isEmpty();
        } finally {
            plain.close();
        }
    }

    private double handshakeFailures() {
        var counter = meters.find("walkout.ingest.llrp.listener.rejected").tag("reason", "tls_handshake").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldRefuseAReaderThatDialsInWithTlsWhenTheListenerHasNoCertificate() throws Exception {
        try (Journal plain = Journal.open(dir)) {
            ReaderSession pinned = new ReaderSession(ReaderConfig.dialingIn("r-pinned", null,
                    Map.of(1, AntennaConfig.of("A1"))).withTls(pinOf(readerCert)),
                    new ReaderSessionConfig(2_000, 20, 100, 200), plain, meters, Clock.systemUTC());

            assertThatThrownBy(() -> new LlrpListener("127.0.0.1", 0, 2_000, List.of(pinned), meters,
                    Clock.systemUTC())).hasMessageContaining("reader r-pinned dials in with tls");
        }
    }
}
