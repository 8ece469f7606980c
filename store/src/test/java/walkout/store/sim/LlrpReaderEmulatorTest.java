package walkout.store.sim;

import static java.nio.ByteOrder.BIG_ENDIAN;
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
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.MessageType;
import walkout.ingest.llrp.ParameterType;

class LlrpReaderEmulatorTest {
    private static final long NOW_MS = 1_763_820_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    private static final int TAG_REPORT_DATA = 240;
    private static final int READER_EVENT_NOTIFICATION_DATA = 246;
    private static final int CONNECTION_ATTEMPT_EVENT = 256;
    private static final int LLRP_STATUS = 287;
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

        client.send(MessageType.CLOSE_CONNECTION, 77, new byte[0]);
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
        client.send(MessageType.KEEPALIVE_ACK, keepalive.id(), new byte[0]);

        assertThat(keepalive.length()).isEqualTo(LlrpHeaderFlyweight.LENGTH);
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

    private static int connectionAttemptStatus(Frame frame) {
        UnsafeBuffer b = frame.buffer();
        int offset = LlrpHeaderFlyweight.LENGTH;
        assertThat(b.getShort(offset, BIG_ENDIAN) & 0x3FF).isEqualTo(READER_EVENT_NOTIFICATION_DATA);
        int end = offset + (b.getShort(offset + 2, BIG_ENDIAN) & 0xFFFF);
        assertThat(end).isEqualTo((int) frame.length());
        for (int p = offset + 4; p < end; p += b.getShort(p + 2, BIG_ENDIAN) & 0xFFFF) {
            if ((b.getShort(p, BIG_ENDIAN) & 0x3FF) == CONNECTION_ATTEMPT_EVENT) {
                return b.getShort(p + 4, BIG_ENDIAN);
            }
        }
        throw new AssertionError("no ConnectionAttemptEvent");
    }

    private static long utcTimestampMicros(Frame frame) {
        UnsafeBuffer b = frame.buffer();
        int p = LlrpHeaderFlyweight.LENGTH + 4;
        assertThat(b.getShort(p, BIG_ENDIAN) & 0x3FF).isEqualTo(ParameterType.UTC_TIMESTAMP);
        return b.getLong(p + 4, BIG_ENDIAN);
    }

    private static int statusCode(Frame frame) {
        UnsafeBuffer b = frame.buffer();
        int p = LlrpHeaderFlyweight.LENGTH;
        assertThat(b.getShort(p, BIG_ENDIAN) & 0x3FF).isEqualTo(LLRP_STATUS);
        return b.getShort(p + 4, BIG_ENDIAN);
    }

    /** Walks the TagReportData parameters of an RO_ACCESS_REPORT byte by byte (LLRP 1.0.1 section 13.2.3). */
    static List<TagRead> tags(Frame frame) {
        UnsafeBuffer b = frame.buffer();
        List<TagRead> tags = new ArrayList<>();
        int p = LlrpHeaderFlyweight.LENGTH;
        while (p < frame.length()) {
            assertThat(b.getShort(p, BIG_ENDIAN) & 0x3FF).isEqualTo(TAG_REPORT_DATA);
            int end = p + (b.getShort(p + 2, BIG_ENDIAN) & 0xFFFF);
            long hi = 0;
            int lo = 0;
            int antenna = 0;
            int rssi = 0;
            long first = 0;
            long last = 0;
            int count = 0;
            int q = p + 4;
            while (q < end) {
                int tv = b.getByte(q) & 0xFF;
                assertThat(tv & 0x80).as("TV parameter flag").isEqualTo(0x80);
                switch (tv & 0x7F) {
                    case ParameterType.EPC_96 -> {
                        hi = b.getLong(q + 1, BIG_ENDIAN);
                        lo = b.getInt(q + 9, BIG_ENDIAN);
                        q += 13;
                    }
                    case ParameterType.ANTENNA_ID -> {
                        antenna = b.getShort(q + 1, BIG_ENDIAN) & 0xFFFF;
                        q += 3;
                    }
                    case ParameterType.PEAK_RSSI -> {
                        rssi = b.getByte(q + 1);
                        q += 2;
                    }
                    case ParameterType.FIRST_SEEN_TIMESTAMP_UTC -> {
                        first = b.getLong(q + 1, BIG_ENDIAN);
                        q += 9;
                    }
                    case ParameterType.LAST_SEEN_TIMESTAMP_UTC -> {
                        last = b.getLong(q + 1, BIG_ENDIAN);
                        q += 9;
                    }
                    case ParameterType.TAG_SEEN_COUNT -> {
                        count = b.getShort(q + 1, BIG_ENDIAN) & 0xFFFF;
                        q += 3;
                    }
                    default -> throw new AssertionError("unexpected TV type " + (tv & 0x7F));
                }
            }
            assertThat(q).isEqualTo(end);
            tags.add(new TagRead(hi, lo, antenna, rssi, first, last, count));
            p = end;
        }
        assertThat(p).isEqualTo((int) frame.length());
        return tags;
    }
}
