package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.agrona.ExpandableArrayBuffer;
import walkout.ingest.llrp.DecodeStatus;
import walkout.ingest.llrp.LlrpClientEncoder;
import walkout.ingest.llrp.LlrpDecoder;
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.LlrpMessageHandler;
import walkout.ingest.llrp.MessageType;

class LlrpReaderEmulatorTest {
    private static final long NOW_MS = 1_763_820_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<TagRead> served = new CopyOnWriteArrayList<>(List.of(
            new TagRead(0x3034_0000_1234_5678L, 0x0000_0001, 1, -55, NOW_MS * 1000 - 50, NOW_MS * 1000, 3),
            new TagRead(0x3034_0000_1234_5678L, 0x0000_0002, 2, -71, NOW_MS * 1000, NOW_MS * 1000, 1)));
    private final List<Long> roundPeriods = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void shouldSendConnectionAttemptSuccessFirstWhenClientConnects() throws IOException {
        InetSocketAddress address = startEmulator(50, 60_000);

        Client client = connect(address);
        Frame first = client.read();

        assertThat(first.type()).isEqualTo(MessageType.READER_EVENT_NOTIFICATION);
        assertThat(connectionAttemptStatus(first)).isEqualTo(0);
        assertThat(utcTimestampMicros(first)).isEqualTo(NOW_MS * 1000);
    }

    @Test
    void shouldAnswerEveryRequestWithItsResponseTypeAndIdWhenClientConfigures() throws IOException {
        Client client = connect(startEmulator(50, 60_000));
        client.read();
        int[] requests = {MessageType.GET_READER_CAPABILITIES, MessageType.SET_READER_CONFIG,
            MessageType.DELETE_ROSPEC, MessageType.ADD_ROSPEC, MessageType.ENABLE_ROSPEC};
        long id = 1000;

        for (int type : requests) {
            client.send(type, id, new byte[] {0, (byte) 177, 0, 8, 1, 2, 3, 4});
            Frame answer = client.read();

            assertThat(answer.type()).isEqualTo(MessageType.responseTo(type));
            assertThat(answer.id()).isEqualTo(id);
            assertThat(statusCode(answer)).isEqualTo(0);
            id++;
        }
    }

    @Test
    void shouldSendReportsWithWhatTheAntennasSeeWhenRospecStarted() throws IOException {
        LlrpReaderEmulator emulator = emulator(50, 60_000);
        Client client = connect(emulator.start());
        client.read();
        client.send(MessageType.START_ROSPEC, 7, new byte[] {0, 0, 0, 1});

        Frame response = client.read();
        Frame report = client.readUntil(MessageType.RO_ACCESS_REPORT);

        assertThat(response.type()).isEqualTo(MessageType.START_ROSPEC_RESPONSE);
        assertThat(response.id()).isEqualTo(7);
        assertThat(tags(report)).containsExactlyElementsOf(served);
        assertThat(roundPeriods).contains(50L);
        await().atMost(WAIT).until(() -> emulator.reportsSent() >= 3);
        assertThat(emulator.tagsSent()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void shouldNotReportBeforeRospecStartedOrAfterItStopped() throws IOException {
        LlrpReaderEmulator emulator = emulator(20, 60_000);
        Client client = connect(emulator.start());
        client.read();
        client.send(MessageType.ENABLE_ROSPEC, 1, new byte[0]);
        Frame enabled = client.read();
        List<Long> roundsBeforeStart = List.copyOf(roundPeriods);
        client.send(MessageType.START_ROSPEC, 2, new byte[0]);
        client.readUntil(MessageType.START_ROSPEC_RESPONSE);

        client.send(MessageType.STOP_ROSPEC, 3, new byte[0]);
        client.readUntil(MessageType.STOP_ROSPEC_RESPONSE);
        long reportsAtStop = emulator.reportsSent();
        // A request answered after the stop proves the reader thread has moved on; no report may follow it.
        client.send(MessageType.GET_READER_CONFIG, 4, new byte[0]);
        Frame afterStop = client.readUntil(MessageType.GET_READER_CONFIG_RESPONSE);
        client.send(MessageType.GET_READER_CAPABILITIES, 5, new byte[0]);
        Frame next = client.read();

        assertThat(enabled.type()).isEqualTo(MessageType.ENABLE_ROSPEC_RESPONSE);
        assertThat(roundsBeforeStart).isEmpty();
        assertThat(afterStop.id()).isEqualTo(4);
        assertThat(next.type()).isEqualTo(MessageType.GET_READER_CAPABILITIES_RESPONSE);
        assertThat(emulator.reportsSent()).isEqualTo(reportsAtStop);
    }

    @Test
    void shouldRefuseSecondClientWithStatusTwoWhileOneIsConnected() throws IOException {
        LlrpReaderEmulator emulator = emulator(50, 60_000);
        InetSocketAddress address = emulator.start();
        Client first = connect(address);
        first.read();

        Client second = connect(address);
        Frame refusal = second.read();

        assertThat(refusal.type()).isEqualTo(MessageType.READER_EVENT_NOTIFICATION);
        assertThat(connectionAttemptStatus(refusal)).isEqualTo(2);
        assertThat(second.atEnd()).isTrue();
        assertThat(emulator.connectionsRefused()).isEqualTo(1);
        first.send(MessageType.GET_READER_CONFIG, 9, new byte[0]);
        assertThat(first.read().type()).isEqualTo(MessageType.GET_READER_CONFIG_RESPONSE);
    }

    @Test
    void shouldAcceptANewClientWhenThePreviousOneWentAway() throws IOException {
        LlrpReaderEmulator emulator = emulator(50, 60_000);
        InetSocketAddress address = emulator.start();
        Client first = connect(address);
        first.read();
        first.send(MessageType.START_ROSPEC, 1, new byte[0]);
        first.read();

        first.close();
        await().atMost(WAIT).until(() -> !emulator.connected());
        Client second = connect(address);

        assertThat(connectionAttemptStatus(second.read())).isEqualTo(0);
        assertThat(emulator.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void shouldAnswerThenCloseWhenClientClosesTheConnection() throws IOException {
        LlrpReaderEmulator emulator = emulator(50, 60_000);
        Client client = connect(emulator.start());
        client.read();

        client.sendEncoded(client.encoder.closeConnection(77));
        Frame answer = client.read();

        assertThat(answer.type()).isEqualTo(MessageType.CLOSE_CONNECTION_RESPONSE);
        assertThat(answer.id()).isEqualTo(77);
        assertThat(statusCode(answer)).isEqualTo(0);
        assertThat(client.atEnd()).isTrue();
        await().atMost(WAIT).until(() -> !emulator.connected());
    }

    @Test
    void shouldSendKeepalivesAndCountAcksWhenConnected() throws IOException {
        LlrpReaderEmulator emulator = emulator(50, 30);
        Client client = connect(emulator.start());
        client.read();

        Frame keepalive = client.readUntil(MessageType.KEEPALIVE);
        client.sendEncoded(client.encoder.keepaliveAck(keepalive.id()));

        assertThat(keepalive.length()).isEqualTo(LlrpHeaderFlyweight.LENGTH);
        assertThat(decode(keepalive).keepaliveId).isEqualTo(keepalive.id());
        await().atMost(WAIT).until(() -> emulator.keepaliveAcks() == 1);
    }

    @Test
    void shouldDropTheClientWhenAFrameCannotBeCut() throws IOException {
        LlrpReaderEmulator emulator = emulator(50, 60_000);
        Client client = connect(emulator.start());
        client.read();

        client.sendRaw(new byte[] {0x04, 0x14, 0, 0, 0, 3, 0, 0, 0, 1});

        assertThat(client.atEnd()).isTrue();
        assertThat(emulator.badFrames()).isEqualTo(1);
    }

    @Test
    void shouldAnswerErrorMessageWhenRequestTypeIsUnknown() throws IOException {
        Client client = connect(startEmulator(50, 60_000));
        client.read();

        client.send(999, 5, new byte[0]);
        Frame answer = client.read();

        assertThat(answer.type()).isEqualTo(MessageType.ERROR_MESSAGE);
        assertThat(answer.id()).isEqualTo(5);
        assertThat(statusCode(answer)).isEqualTo(LlrpReaderEmulator.STATUS_UNSUPPORTED_MESSAGE);
    }

    @Test
    void shouldReportWhatTheAntennasSeeWhenIngestHandshakeCompletes() throws IOException {
        LlrpReaderEmulator emulator = emulator(50, 60_000);
        Client client = connect(emulator.start());
        assertThat(connectionAttemptStatus(client.read())).isZero();

        client.sendEncoded(client.encoder.deleteRospec(1, 0));
        Frame deleted = client.read();
        client.sendEncoded(client.encoder.addRospec(2, 1234, LlrpClientEncoder.START_TRIGGER_NULL, 200, 0));
        Frame added = client.read();
        client.sendEncoded(client.encoder.enableRospec(3, 1234));
        Frame enabled = client.read();
        List<Long> roundsBeforeStart = List.copyOf(roundPeriods);
        client.sendEncoded(client.encoder.startRospec(4, 1234));
        Frame started = client.read();
        Frame report = client.readUntil(MessageType.RO_ACCESS_REPORT);

        assertThat(List.of(deleted, added, enabled, started)).extracting(Frame::type).containsExactly(
                MessageType.DELETE_ROSPEC_RESPONSE, MessageType.ADD_ROSPEC_RESPONSE,
                MessageType.ENABLE_ROSPEC_RESPONSE, MessageType.START_ROSPEC_RESPONSE);
        assertThat(List.of(deleted, added, enabled, started)).extracting(Frame::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(List.of(deleted, added, enabled, started)).allSatisfy(f -> assertThat(statusCode(f)).isZero());
        assertThat(roundsBeforeStart).isEmpty();
        assertThat(tags(report)).containsExactlyElementsOf(served);
    }

    @Test
    void shouldSplitABusyRoundIntoSeveralReportsWhenTooManyTagsForOne() throws IOException {
        int count = 2 * LlrpReaderEmulator.MAX_TAGS_PER_REPORT + 50;
        served.clear();
        for (int i = 0; i < count; i++) {
            served.add(new TagRead(0x3034_0000_0000_0000L, i, 1 + i % 2, -60, NOW_MS * 1000, NOW_MS * 1000, 1));
        }
        Client client = connect(startEmulator(1000, 60_000));
        client.read();
        client.send(MessageType.START_ROSPEC, 1, new byte[0]);
        client.read();

        List<TagRead> round = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<TagRead> part = tags(client.readUntil(MessageType.RO_ACCESS_REPORT));
            sizes.add(part.size());
            round.addAll(part);
        }

        assertThat(sizes).containsExactly(LlrpReaderEmulator.MAX_TAGS_PER_REPORT,
                LlrpReaderEmulator.MAX_TAGS_PER_REPORT, 50);
        assertThat(round).containsExactlyElementsOf(served);
    }

    @Test
    void shouldStartReportingOnEnableWhenTheRospecStartsImmediately() throws IOException {
        Client client = connect(startEmulator(20, 60_000));
        client.read();
        client.sendEncoded(client.encoder.addRospec(1, 9, LlrpClientEncoder.START_TRIGGER_IMMEDIATE, 100, 0));
        client.read();

        client.sendEncoded(client.encoder.enableRospec(2, 9));
        Frame enabled = client.read();
        Frame report = client.readUntil(MessageType.RO_ACCESS_REPORT);

        assertThat(enabled.type()).isEqualTo(MessageType.ENABLE_ROSPEC_RESPONSE);
        assertThat(tags(report)).hasSize(served.size());
    }

    @Test
    void shouldFindTheStartTriggerWhenParsingAnAddRospec() {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        LlrpClientEncoder encoder = new LlrpClientEncoder(buffer);

        int immediate = encoder.addRospec(1, 9, LlrpClientEncoder.START_TRIGGER_IMMEDIATE, 100, 0);
        int immediateTrigger = LlrpReaderEmulator.startTriggerOf(new UnsafeBuffer(buffer.byteArray(),
                LlrpHeaderFlyweight.LENGTH, immediate - LlrpHeaderFlyweight.LENGTH));
        int nullStart = encoder.addRospec(1, 9, LlrpClientEncoder.START_TRIGGER_NULL, 100, 0);
        int nullTrigger = LlrpReaderEmulator.startTriggerOf(new UnsafeBuffer(buffer.byteArray(),
                LlrpHeaderFlyweight.LENGTH, nullStart - LlrpHeaderFlyweight.LENGTH));

        assertThat(immediateTrigger).isEqualTo(LlrpClientEncoder.START_TRIGGER_IMMEDIATE);
        assertThat(nullTrigger).isEqualTo(LlrpClientEncoder.START_TRIGGER_NULL);
        assertThat(LlrpReaderEmulator.startTriggerOf(new UnsafeBuffer(new byte[] {0, 1, 0, 4}))).isEqualTo(-1);
    }

    private InetSocketAddress startEmulator(long reportEveryMs, long keepaliveEveryMs) throws IOException {
        return emulator(reportEveryMs, keepaliveEveryMs).start();
    }

    private LlrpReaderEmulator emulator(long reportEveryMs, long keepaliveEveryMs) {
        LlrpReaderEmulator emulator = new LlrpReaderEmulator("r-test", (atMillis, periodMs) -> {
            roundPeriods.add(periodMs);
            return served;
        }, CLOCK, reportEveryMs, keepaliveEveryMs);
        toClose.add(emulator);
        return emulator;
    }

    private Client connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        Client client = new Client(socket);
        toClose.add(client);
        return client;
    }

    /** One LLRP frame as received. */
    record Frame(int version, int type, long length, long id, UnsafeBuffer buffer) {
    }

    /** A plain blocking LLRP client, as simple as the protocol allows. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(1024);
        /** Ingest's own request encoder: frames exactly as ingest sends them. */
        final LlrpClientEncoder encoder = new LlrpClientEncoder(encoded);

        Client(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        Frame read() throws IOException {
            byte[] header = new byte[LlrpHeaderFlyweight.LENGTH];
            in.readFully(header);
            LlrpHeaderFlyweight flyweight = new LlrpHeaderFlyweight().wrap(new UnsafeBuffer(header), 0);
            byte[] whole = new byte[(int) flyweight.messageLength()];
            System.arraycopy(header, 0, whole, 0, header.length);
            in.readFully(whole, header.length, whole.length - header.length);
            return new Frame(flyweight.version(), flyweight.messageType(), flyweight.messageLength(),
                    flyweight.messageId(), new UnsafeBuffer(whole));
        }

        /** Reads frames until one of the type arrives, skipping others (reports and keepalives interleave). */
        Frame readUntil(int type) throws IOException {
            for (int i = 0; i < 10_000; i++) {
                Frame frame = read();
                if (frame.type() == type) {
                    return frame;
                }
            }
            throw new AssertionError("no " + MessageType.name(type) + " in 10000 frames");
        }

        void send(int type, long id, byte[] body) throws IOException {
            byte[] frame = new byte[LlrpHeaderFlyweight.LENGTH + body.length];
            UnsafeBuffer buffer = new UnsafeBuffer(frame);
            LlrpHeaderFlyweight.write(buffer, 0, type, frame.length, id);
            buffer.putBytes(LlrpHeaderFlyweight.LENGTH, body);
            sendRaw(frame);
        }

        /** Sends the frame {@link #encoder} just wrote. */
        void sendEncoded(int length) throws IOException {
            out.write(encoded.byteArray(), 0, length);
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** True when the reader closed the connection (after any frames still in flight). */
        boolean atEnd() throws IOException {
            try {
                while (true) {
                    read();
                }
            } catch (EOFException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** What ingest's own decoder finds in one frame: the simulator is checked against the real consumer. */
    static final class Decoded implements LlrpMessageHandler {
        final List<TagRead> tags = new ArrayList<>();
        int connectionStatus = -1;
        long utcMicros = -1;
        int statusCode = -1;
        long keepaliveId = -1;

        @Override
        public void onTagReport(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                                long lastSeenMicros, int seenCount) {
            tags.add(new TagRead(epcHi, epcLo, antenna, peakRssiDbm, firstSeenMicros, lastSeenMicros, seenCount));
        }

        @Override
        public void onConnectionAttempt(int status, long utcMicros) {
            this.connectionStatus = status;
            this.utcMicros = utcMicros;
        }

        @Override
        public void onStatus(int messageType, long messageId, int statusCode, String description) {
            this.statusCode = statusCode;
        }

        @Override
        public void onKeepalive(long messageId) {
            this.keepaliveId = messageId;
        }
    }

    static Decoded decode(Frame frame) {
        Decoded decoded = new Decoded();
        int status = new LlrpDecoder().decode(frame.buffer(), 0, (int) frame.length(), decoded);
        assertThat(DecodeStatus.reason(status)).isEqualTo(DecodeStatus.reason(DecodeStatus.OK));
        return decoded;
    }

    private static int connectionAttemptStatus(Frame frame) {
        assertThat(frame.type()).isEqualTo(MessageType.READER_EVENT_NOTIFICATION);
        return decode(frame).connectionStatus;
    }

    private static long utcTimestampMicros(Frame frame) {
        return decode(frame).utcMicros;
    }

    private static int statusCode(Frame frame) {
        return decode(frame).statusCode;
    }

    static List<TagRead> tags(Frame frame) {
        assertThat(frame.type()).isEqualTo(MessageType.RO_ACCESS_REPORT);
        return decode(frame).tags;
    }
}
