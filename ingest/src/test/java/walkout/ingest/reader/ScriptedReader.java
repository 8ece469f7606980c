package walkout.ingest.reader;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.LlrpReaderEncoder;
import walkout.ingest.llrp.MessageType;

/**
 * A fake LLRP reader for session tests: a Vert.x NetServer on 127.0.0.1:0 that greets each connection with a
 * ConnectionAttemptEvent, answers every request with a response (success unless told otherwise) and records what
 * the client sent, as {@code "<connection>:<TYPE>"} lines.
 */
final class ScriptedReader implements AutoCloseable {
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<Long> keepaliveAcks = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** Status of the ConnectionAttemptEvent for the next connections, in order; 0 once empty. */
    final Deque<Integer> connectionStatuses = new ArrayDeque<>();
    /** Request type -> status code for its response, used once each. */
    final Map<Integer, Integer> failOnce = new ConcurrentHashMap<>();
    /** Antenna count answered to GET_READER_CAPABILITIES; below 0, a bare success response (no capabilities). */
    volatile int maxAntennas = -1;
    /** Greet with an Uptime instead of a UTCTimestamp (a reader without a UTC clock). */
    volatile long greetingUptimeMicros = -1;
    /** ReaderID answered to GET_READER_CONFIG (IDType 0, MAC address); null answers without an Identification. */
    volatile byte[] identification = {0x00, 0x16, 0x25, 0x12, 0x34, 0x56};
    /** Called on the reader's socket once the ROSpec has been started. */
    volatile Consumer<NetSocket> onStarted = s -> { };

    private final Vertx vertx;
    private final NetServer server;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    private NetClient client;

    ScriptedReader(Vertx vertx) throws Exception {
        this(vertx, 0);
    }

    ScriptedReader(Vertx vertx, int port) throws Exception {
        this(vertx, port, new NetServerOptions());
    }

    /** With server options, e.g. TLS. */
    ScriptedReader(Vertx vertx, int port, NetServerOptions options) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createNetServer(options).connectHandler(this::onConnect);
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    /**
     * Client mode, as a reader behind NAT: dials {@code 127.0.0.1:port} and plays the same reader over that
     * connection (greeting first).
     */
    Future<NetSocket> dial(int port) {
        return dial(port, new NetClientOptions());
    }

    /** As {@link #dial(int)}, with these client options (TLS and a client certificate) on the first dial. */
    Future<NetSocket> dial(int port, NetClientOptions options) {
        if (client == null) {
            client = vertx.createNetClient(options);
        }
        return client.connect(port, "127.0.0.1").onSuccess(this::onConnect);
    }

    private void onConnect(NetSocket socket) {
        int connection = connections.incrementAndGet();
        sockets.add(socket);
        socket.closeHandler(v -> sockets.remove(socket));
        int status;
        synchronized (connectionStatuses) {
            status = connectionStatuses.isEmpty() ? 0 : connectionStatuses.poll();
        }
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        long uptime = greetingUptimeMicros;
        socket.write(frame(out, uptime >= 0 ? encoder.connectionAttemptUptime(0, uptime, status)
                : encoder.connectionAttempt(0, 1_763_820_000_000_000L, status)));

        LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
        byte[] headerBytes = new byte[LlrpHeaderFlyweight.LENGTH];
        RecordParser parser = RecordParser.newFixed(LlrpHeaderFlyweight.LENGTH);
        parser.handler(new Handler<>() {
            boolean inHeader = true;
            int type;
            long id;

            @Override
            public void handle(Buffer chunk) {
                if (inHeader) {
                    chunk.getBytes(0, LlrpHeaderFlyweight.LENGTH, headerBytes, 0);
                    header.wrap(new UnsafeBuffer(headerBytes), 0);
                    type = header.messageType();
                    id = header.messageId();
                    int bodyLength = (int) header.messageLength() - LlrpHeaderFlyweight.LENGTH;
                    if (bodyLength > 0) {
                        inHeader = false;
                        parser.fixedSizeMode(bodyLength);
                        return;
                    }
                } else {
                    inHeader = true;
                    parser.fixedSizeMode(LlrpHeaderFlyweight.LENGTH);
                }
                onMessage(socket, connection, encoder, out, type, id);
            }
        });
        socket.handler(parser);
    }

    private void onMessage(NetSocket socket, int connection, LlrpReaderEncoder encoder, ExpandableArrayBuffer out,
                           int type, long id) {
        received.add(connection + ":" + MessageType.name(type));
        if (type == MessageType.KEEPALIVE_ACK) {
            keepaliveAcks.add(id);
            return;
        }
        int responseType = MessageType.responseTo(type);
        if (responseType < 0) {
            return;
        }
        Integer failure = failOnce.remove(type);
        int status = failure == null ? 0 : failure;
        byte[] readerId = identification;
        if (type == MessageType.GET_READER_CONFIG && status == 0 && readerId != null) {
            socket.write(frame(out, encoder.identificationResponse(id, 0, readerId)));
        } else if (type == MessageType.GET_READER_CAPABILITIES && status == 0 && maxAntennas >= 0) {
            socket.write(frame(out, encoder.capabilitiesResponse(id, maxAntennas, greetingUptimeMicros < 0)));
        } else {
            socket.write(frame(out, encoder.response(responseType, id, status,
                    status == 0 ? "" : "scripted failure")));
        }
        if (type == MessageType.START_ROSPEC && status == 0) {
            onStarted.accept(socket);
        }
        if (type == MessageType.CLOSE_CONNECTION) {
            socket.close();
        }
    }

    /**
     * Once ingest has sent START_ROSPEC, reports one tag: EPC 3074257BF7194E4000001A85 on antenna 1, RSSI -58,
     * first/last seen 1000/2000, seen 3 times.
     */
    void reportOneTagWhenStarted() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        onStarted = socket -> {
            encoder.beginReport(100);
            encoder.addTag(0x3074257BF7194E40L, 0x00001A85, 1, -58, 1000, 2000, 3);
            socket.write(frame(out, encoder.finishReport()));
        };
    }

    /** {@code types} as {@link #received} lists them for one connection. */
    static List<String> on(int connection, List<String> types) {
        return types.stream().map(t -> connection + ":" + t).toList();
    }

    static Buffer frame(ExpandableArrayBuffer out, int length) {
        return Buffer.buffer(Arrays.copyOf(out.byteArray(), length));
    }

    /** Drops every open connection, as a reader that reboots. */
    void dropAll() {
        vertx.runOnContext(v -> sockets.forEach(NetSocket::close));
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
