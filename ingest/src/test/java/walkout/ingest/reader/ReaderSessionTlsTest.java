package walkout.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.ReaderTls;
import walkout.ingest.journal.Journal;

/**
 * LLRP over TLS against a scripted reader with a certificate made for the test (Vert.x's self-signed certificate,
 * written to temporary PEM files).
 */
@ExtendWith(VertxExtension.class)
@SuppressWarnings("removal") // SelfSignedCertificate: the test-only certificate maker Vert.x 5 still ships
class ReaderSessionTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Vertx vertx;
    private Journal journal;
    /** Made once: key generation is the slow part. */
    private static SelfSignedCertificate readerCert;
    private static SelfSignedCertificate clientCert;
    private ScriptedReader reader;
    private String deploymentId;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void makeCertificates() {
        readerCert = SelfSignedCertificate.create("reader.test");
        clientCert = SelfSignedCertificate.create("ingest.test");
    }

    @AfterAll
    static void deleteCertificates() {
        readerCert.delete();
        clientCert.delete();
    }

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        journal = Journal.open(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (deploymentId != null) {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (reader != null) {
            reader.close();
        }
        journal.close();
    }

    private void startReader(boolean requireClientCert) throws Exception {
        NetServerOptions options = new NetServerOptions().setSsl(true).setKeyCertOptions(readerCert.keyCertOptions());
        if (requireClientCert) {
            options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(clientCert.trustOptions());
        }
        reader = new ScriptedReader(vertx, 0, options);
    }

    private ReaderSession startSession(ReaderTls tls) throws Exception {
        ReaderConfig config = new ReaderConfig("r-tls", "127.0.0.1", reader.port(),
                Map.of(1, AntennaConfig.of("A1"))).withTls(tls);
        ReaderSession session = new ReaderSession(config, new ReaderSessionConfig(2_000, 20, 100, 200), journal,
                meters, Clock.systemUTC());
        deploymentId = vertx.deployVerticle(session).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return session;
    }

    /** As openssl prints it: upper case, ':' between bytes. */
    private static String opensslStyle(String hex) {
        return hex.toUpperCase().replaceAll("(..)(?!$)", "$1:");
    }

    @Test
    void shouldConnectWhenTheReadersCertificateMatchesThePin() throws Exception {
        startReader(false);

        ReaderSession session = startSession(new ReaderTls(null,
                "sha256:" + opensslStyle(TestCertificates.sha256Of(readerCert)), null, null));

        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.received).contains("1:START_ROSPEC");
        assertThat(session.lastConnectFailure()).isNull();
    }

    @Test
    void shouldRefuseTheReaderWithAClearLineWhenThePinDoesNotMatch() throws Exception {
        startReader(false);
        String otherPin = TestCertificates.sha256Of(clientCert);

        ReaderSession session = startSession(new ReaderTls(null, otherPin, null, null));

        await().atMost(WAIT).until(() -> session.lastConnectFailure() != null);
        assertThat(session.lastConnectFailure())
                .contains("reader r-tls certificate SHA-256 " + TestCertificates.sha256Of(readerCert)
                        + " does not match the pinned " + otherPin);
        assertThat(session.state()).isNotEqualTo(ReaderState.CONNECTED);
        assertThat(reader.received).isEmpty();
    }

    @Test
    void shouldConnectWithACaAndAClientCertificateWhenTheReaderAsksForOne() throws Exception {
        startReader(true);

        ReaderSession session = startSession(new ReaderTls(readerCert.certificatePath(), null,
                clientCert.certificatePath(), clientCert.privateKeyPath()));

        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.received).contains("1:START_ROSPEC");
    }

    @Test
    void shouldRefuseTheReaderWhenItsCertificateIsNotFromTheCa() throws Exception {
        startReader(false);

        ReaderSession session = startSession(new ReaderTls(clientCert.certificatePath(),
                TestCertificates.sha256Of(readerCert), null, null));

        await().atMost(WAIT).until(() -> session.lastConnectFailure() != null);
        assertThat(session.state()).isNotEqualTo(ReaderState.CONNECTED);
        assertThat(reader.received).isEmpty();
    }
}
