package walkout.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.RecordingJournalHandler;
import walkout.ingest.llrp.LlrpReaderEncoder;
import walkout.ingest.llrp.MessageType;

@ExtendWith(VertxExtension.class)
class ReaderSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> HANDSHAKE = List.of("GET_READER_CAPABILITIES", "DELETE_ROSPEC", "ADD_ROSPEC",
            "ENABLE_ROSPEC", "START_ROSPEC");

    @TempDir
    Path dir;

    private Vertx vertx;
    private Journal journal;
    private ScriptedReader reader;
    private ReaderSession session;
    private String deploymentId;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        journal = Journal.open(dir);
        reader = new ScriptedReader(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        if (deploymentId != null) {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        reader.close();
        journal.close();
    }

    private ReaderSession startSession() {
        return startSession(reader.port());
    }

    private ReaderSession startSession(int port) {
        return startSession(port, new ReaderSessionConfig(2_000, 20, 100, 200), Clock.systemUTC());
    }

    private ReaderSession startSession(int port, ReaderSessionConfig sessionConfig, Clock clock) {
        ReaderConfig config = new ReaderConfig("r-a1", "127.0.0.1", port,
                Map.of(1, AntennaConfig.of("A1"), 2, AntennaConfig.of("A1"), 3, AntennaConfig.of("A2")));
        session = new ReaderSession(config, sessionConfig, journal, meters, clock);
        try {
            deploymentId = vertx.deployVerticle(session).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("session did not deploy", e);
        }
        return session;
    }

    private List<String> journaled() {
        return RecordingJournalHandler.linesOf(journal);
    }

    private static List<String> on(int connection, List<String> types) {
        return ScriptedReader.on(connection, types);
    }

    @Test
    void shouldRunTheRospecSequenceInOrderAndReachConnected() {
        startSession();

        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.received).containsExactlyElementsOf(on(1, HANDSHAKE));
        assertThat(meters.get("walkout.ingest.reader.connected").tag("reader", "r-a1").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void shouldJournalTagReportsWhenTheReaderSendsThemSplitAndCoalesced() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        reader.onStarted = socket -> {
            encoder.beginReport(100);
            encoder.addTag(0x3074257BF7194E40L, 0x00001A85, 2, -58, 1000, 2000, 3);
            Buffer first = ScriptedReader.frame(out, encoder.finishReport());
            encoder.beginReport(101);
            encoder.addTag(0x30185E78003ECB00L, 0x6E2DA00E, 1, -71, 3000, 3000, 1);
            Buffer second = ScriptedReader.frame(out, encoder.finishReport());
            Buffer keepalive = ScriptedReader.frame(out, encoder.keepalive(555));
            // the first report one byte per write, then the second and a keepalive in one write
            for (int i = 0; i < first.length(); i++) {
                socket.write(first.slice(i, i + 1).copy());
            }
            socket.write(Buffer.buffer().appendBuffer(second).appendBuffer(keepalive));
        };
        startSession();

        await().atMost(WAIT).until(() -> journaled().size() == 2);
        assertThat(journaled()).containsExactly(
                "tag r-a1 3074257BF7194E4000001A85 a=2 rssi=-58 1000..2000 x3",
                "tag r-a1 30185E78003ECB006E2DA00E a=1 rssi=-71 3000..3000 x1");
        await().atMost(WAIT).until(() -> reader.keepaliveAcks.contains(555L));
        assertThat(meters.get("walkout.ingest.reads").tag("reader", "r-a1").counter().count()).isEqualTo(2.0);
    }

    @Test
    void shouldJournalEveryTagWhenAReportIsLargerThanTheSessionsInitialFrameBuffer() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        reader.onStarted = socket -> {
            encoder.beginReport(100);
            for (int i = 0; i < 300; i++) {
                encoder.addTag(0x3074257BF7194E40L, i, 1, -60, 1000 + i, 2000 + i, 1);
            }
            socket.write(ScriptedReader.frame(out, encoder.finishReport()));
        };
        startSession();

        await().atMost(WAIT).until(() -> journaled().size() == 300);
        assertThat(journaled().get(299)).isEqualTo("tag r-a1 3074257BF7194E400000012B a=1 rssi=-60 1299..2299 x1");
    }

    @Test
    void shouldCloseAndRetryWhenAnotherClientIsConnected() {
        synchronized (reader.connectionStatuses) {
            reader.connectionStatuses.add(2);
        }
        startSession();

        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.connections.get()).isEqualTo(2);
        // nothing was asked on the refused connection
        assertThat(reader.received).containsExactlyElementsOf(on(2, HANDSHAKE));
    }

    @Test
    void shouldKeepRedialingUntilAReaderThatWasDownComesUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        startSession(port);
        await().atMost(WAIT).until(() -> session.state() == ReaderState.DISCONNECTED);

        try (ScriptedReader late = new ScriptedReader(vertx, port)) {
            await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
            assertThat(late.received).containsExactlyElementsOf(on(1, HANDSHAKE));
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            deploymentId = null;
        }
    }

    @Test
    void shouldCloseAndRetryWhenAddRospecFails() {
        reader.failOnce.put(MessageType.ADD_ROSPEC, 300);
        startSession();

        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.received).containsExactly("1:GET_READER_CAPABILITIES", "1:DELETE_ROSPEC", "1:ADD_ROSPEC",
                "2:GET_READER_CAPABILITIES", "2:DELETE_ROSPEC", "2:ADD_ROSPEC", "2:ENABLE_ROSPEC", "2:START_ROSPEC");
    }

    @Test
    void shouldReconnectAndRestartTheRospecWhenTheReaderDrops() {
        startSession();
        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);

        reader.dropAll();

        await().atMost(WAIT).until(() -> reader.received.containsAll(on(2, HANDSHAKE)));
        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.connections.get()).isEqualTo(2);
    }

    @Test
    void shouldCountCloseAndReconnectWhenAFrameIsMalformed() {
        reader.onStarted = socket -> {
            if (reader.connections.get() == 1) {
                // RO_ACCESS_REPORT whose TagReportData claims 64 bytes in an 18-byte message
                socket.write(Buffer.buffer(new byte[] {0x04, 0x3D, 0, 0, 0, 18, 0, 0, 0, 1,
                    0x00, (byte) 0xF0, 0x00, 0x40, (byte) 0x81, 0x00, 0x01, 0x00}));
            }
        };
        startSession();

        await().atMost(WAIT).until(() -> reader.connections.get() == 2 && session.state() == ReaderState.CONNECTED);
        assertThat(meters.get("walkout.ingest.frames.rejected").tag("reader", "r-a1")
                .tag("reason", "parameter_overrun").counter().count()).isEqualTo(1.0);
        assertThat(journaled()).isEmpty();
    }

    @Test
    void shouldSurviveMutatedReportsAndStillJournalTheNextValidOne() throws Exception {
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        vertx.exceptionHandler(escaped::add);
        byte[] golden = Files.readAllBytes(Path.of(
                getClass().getResource("/llrp/ro_access_report_epc96_full.bin").toURI()));
        Random random = new Random(7);
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        int mutatedConnections = 10;
        reader.onStarted = socket -> {
            int connection = reader.connections.get();
            if (connection <= mutatedConnections) {
                byte[] mutated = golden.clone();
                // the header stays intact so framing holds; the body is damaged
                for (int i = 0; i < 3; i++) {
                    mutated[10 + random.nextInt(mutated.length - 10)] = (byte) random.nextInt(256);
                }
                socket.write(Buffer.buffer(mutated));
                // and the connection is dropped, as a flaky reader would
                socket.close();
            } else {
                encoder.beginReport(7);
                encoder.addTag(0x30000000000000FFL, connection, 1, -50, 5000, 5000, 1);
                socket.write(ScriptedReader.frame(out, encoder.finishReport()));
            }
        };
        startSession();

        String marker = String.format("30000000000000FF%08X", mutatedConnections + 1);
        await().atMost(WAIT).until(() -> journaled().stream().anyMatch(line -> line.contains(marker)));
        assertThat(escaped).isEmpty();
        assertThat(session.state()).isEqualTo(ReaderState.CONNECTED);
    }

    @Test
    void shouldSendCloseConnectionWhenStopped() throws Exception {
        startSession();
        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);

        vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        deploymentId = null;

        assertThat(reader.received).endsWith("1:CLOSE_CONNECTION");
        assertThat(session.state()).isEqualTo(ReaderState.DISCONNECTED);
    }

    @Test
    void shouldSetAPeriodicKeepaliveAfterCheckingCapabilitiesWhenKeepalivesAreOn() {
        reader.maxAntennas = 2;
        startSession(reader.port(), new ReaderSessionConfig(2_000, 20, 100, 200, 60_000, 3), Clock.systemUTC());

        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.received).containsExactly("1:GET_READER_CAPABILITIES", "1:SET_READER_CONFIG",
                "1:DELETE_ROSPEC", "1:ADD_ROSPEC", "1:ENABLE_ROSPEC", "1:START_ROSPEC");
        // the layout names ports 1, 2 and 3; the reader has two
        assertThat(meters.get("walkout.ingest.reader.antennas.missing").tag("reader", "r-a1").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void shouldRetryTheSessionWhenSetReaderConfigFails() {
        reader.failOnce.put(MessageType.SET_READER_CONFIG, 101);
        startSession(reader.port(), new ReaderSessionConfig(2_000, 20, 100, 200, 60_000, 3), Clock.systemUTC());

        await().atMost(WAIT).until(() -> session.state() == ReaderState.CONNECTED);
        assertThat(reader.received).startsWith("1:GET_READER_CAPABILITIES", "1:SET_READER_CONFIG",
                "2:GET_READER_CAPABILITIES", "2:SET_READER_CONFIG", "2:DELETE_ROSPEC");
    }

    @Test
    void shouldTreatASilentReaderAsGoneAfterTheMissedKeepalivesAndReconnect() {
        // the scripted reader never sends KEEPALIVE: after 2 periods of 100 ms of silence the session gives up on it
        startSession(reader.port(), new ReaderSessionConfig(2_000, 20, 100, 200, 100, 2), Clock.systemUTC());

        await().atMost(WAIT).until(() -> reader.received.contains("2:START_ROSPEC"));
        await().atMost(WAIT).until(() -> meters.get("walkout.ingest.reader.keepalive.lost").tag("reader", "r-a1")
                .counter().count() >= 1.0);
        assertThat(reader.connections.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldStayConnectedWhileTheReaderSendsKeepalives() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        reader.onStarted = socket -> vertx.setPeriodic(40, t -> {
            if (reader.keepaliveAcks.size() >= 15) {
                vertx.cancelTimer(t);
            } else {
                socket.write(ScriptedReader.frame(out, encoder.keepalive(reader.keepaliveAcks.size() + 1)));
            }
        });
        startSession(reader.port(), new ReaderSessionConfig(2_000, 20, 100, 200, 100, 3), Clock.systemUTC());

        await().atMost(WAIT).until(() -> reader.keepaliveAcks.size() >= 15);
        assertThat(reader.connections.get()).isEqualTo(1);
        assertThat(meters.get("walkout.ingest.reader.keepalive.lost").tag("reader", "r-a1").counter().count())
                .isZero();
    }

    @Test
    void shouldConvertUptimeReadTimesWithTheReadersClockOffset() {
        long nowMillis = 1_763_820_000_000L;
        reader.greetingUptimeMicros = 5_000_000;
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        reader.onStarted = socket -> {
            encoder.beginReport(9);
            encoder.addTag(0x3074257BF7194E40L, 0x1A85, 1, -60, 6_000_000, 6_250_000, 2);
            encoder.uptimeTimestamps();
            socket.write(ScriptedReader.frame(out, encoder.finishReport()));
        };
        startSession(reader.port(), new ReaderSessionConfig(2_000, 20, 100, 200),
                Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC));

        await().atMost(WAIT).until(() -> journaled().size() == 1);
        long offset = nowMillis * 1000 - 5_000_000;
        assertThat(journaled()).containsExactly("tag r-a1 3074257BF7194E4000001A85 a=1 rssi=-60 "
                + (offset + 6_000_000) + ".." + (offset + 6_250_000) + " x2");
    }
}
