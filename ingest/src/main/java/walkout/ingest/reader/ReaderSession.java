package walkout.ingest.reader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.ingest.ReaderConfig;
import walkout.ingest.ReaderTls;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.TagReadBatch;
import walkout.ingest.llrp.DecodeStatus;
import walkout.ingest.llrp.LlrpClientEncoder;
import walkout.ingest.llrp.LlrpDecoder;
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.LlrpMessageHandler;
import walkout.ingest.llrp.MessageType;

/**
 * The LLRP client session with one layout reader. Dials it (connect timeout), waits for the reader's
 * ConnectionAttemptEvent, then GET_READER_CAPABILITIES (the layout's antenna ports are checked against the reader's
 * antenna count: one warning line per missing port, the session goes on), SET_READER_CONFIG with a periodic
 * KeepaliveSpec (when {@code keepaliveMs > 0}), DELETE_ROSPEC 0, ADD_ROSPEC, ENABLE_ROSPEC, START_ROSPEC, checking
 * each response's LLRPStatus; then journals every TagReportData and answers KEEPALIVE with KEEPALIVE_ACK. Any
 * refusal, non-success status, malformed frame, silence during the handshake, silence for {@code keepalivesMissed}
 * keepalive periods while running, or dropped connection closes the socket and redials after an exponential,
 * jittered backoff. {@link #stop()} sends CLOSE_CONNECTION.
 *
 * <p>Readers without a UTC clock stamp events and reads with their uptime: the ConnectionAttemptEvent's Uptime,
 * against this side's clock on arrival, gives the reader's clock offset, and Uptime read timestamps are converted
 * with it (network delay is the error, well under a smoothing window).
 *
 * <p>A verticle: deploy it ({@code vertx.deployVerticle(session)}) and everything runs on its own event-loop
 * context; undeploying it stops it. The state is readable from any thread.
 */
public final class ReaderSession extends VerticleBase implements LlrpMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderSession.class);
    private static final long ROSPEC_ID = 1;
    private static final int REPORT_EVERY_TAGS = 0;
    private static final long CLOSE_WAIT_MS = 500;
    private static final long RATE_TICK_MS = 1_000;
    /** Reads per journal record at most: a 50-tag report is one record. */
    private static final int BATCH_READS = 64;

    private enum Phase { AWAIT_CONNECTION_EVENT, CAPABILITIES, CONFIG, DELETE, ADD, ENABLE, START, RUNNING, CLOSING }

    private final ReaderConfig reader;
    private final String readerId;
    private final ReaderSessionConfig config;
    private final Journal journal;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Backoff backoff;
    private NetClient client;
    private final LlrpDecoder decoder = new LlrpDecoder();
    private final LlrpFrameAssembler assembler = new LlrpFrameAssembler(decoder);
    private final LlrpFrameAssembler.FrameHandler frames = new LlrpFrameAssembler.FrameHandler() {
        @Override
        public boolean onFrame(DirectBuffer buffer, int offset, int length) {
            ReaderSession.this.onFrame(buffer, offset, length);
            return !frameRejected;
        }

        @Override
        public void onBadHeader(int messageType, int status, int errorOffset) {
            reject(messageType, status, errorOffset);
        }
    };
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(128);
    private final LlrpClientEncoder encoder = new LlrpClientEncoder(out);
    private final LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
    private final Counter reads;
    /** The layout's antenna ports, by port: a lookup on every read, without boxing or hashing. */
    private final boolean[] layoutAntennas;
    /** The EPC-96 reads of the report being decoded: journaled as one record when the frame ends. */
    private final TagReadBatch batch = new TagReadBatch(BATCH_READS);
    private final Counter unknownAntennaReads;
    private final Counter keepaliveLost;
    private final Map<String, Counter> rejected = new HashMap<>();

    private volatile ReaderState state = ReaderState.DISCONNECTED;
    private NetSocket socket;
    /** Where the current connection goes to (dialled) or comes from (dialled in), for log lines. */
    private String peer;
    private Phase phase;
    private long nextMessageId = 1;
    private long awaitedId;
    private int awaitedType;
    private long handshakeTimer = -1;
    private long reconnectTimer = -1;
    private long watchdogTimer = -1;
    private long lastHeardMs;
    private volatile int missingAntennaPorts;
    private final Counter connects;
    private long readsTotal;
    private long readsAtLastTick;
    private volatile long readsPerSecond;
    private long rateTimer = -1;
    private boolean stopping;
    private Promise<Void> stopped;
    private boolean frameRejected;
    private boolean connectFailureLogged;
    private volatile String lastConnectFailure;

    public ReaderSession(ReaderConfig reader, ReaderSessionConfig config, Journal journal, MeterRegistry meters,
                         Clock clock) {
        this.reader = reader;
        this.readerId = reader.id();
        this.config = config;
        this.journal = journal;
        this.layoutAntennas = new boolean[reader.antennas().keySet().stream().mapToInt(Integer::intValue).max()
                .orElse(0) + 1];
        reader.antennas().keySet().forEach(port -> layoutAntennas[port] = true);
        this.meters = meters;
        this.clock = clock;
        this.backoff = new Backoff(config.reconnectInitialMs(), config.reconnectMaxMs(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.reads = Counter.builder("walkout.ingest.reads").tag("reader", readerId)
                .description("tag reads journaled").register(meters);
        this.unknownAntennaReads = Counter.builder("walkout.ingest.reads.unknown.antenna").tag("reader", readerId)
                .description("reads from an antenna not in the layout (journaled, not relayed)").register(meters);
        this.keepaliveLost = Counter.builder("walkout.ingest.reader.keepalive.lost").tag("reader", readerId)
                .description("connections dropped: reader silent for too many keepalive periods").register(meters);
        Gauge.builder("walkout.ingest.reader.antennas.missing", this, s -> s.missingAntennaPorts)
                .tag("reader", readerId)
                .description("layout antenna ports the reader says it does not have").register(meters);
        this.connects = Counter.builder("walkout.ingest.reader.connects").tag("reader", readerId)
                .description("TCP connections made to the reader (1 + reconnects)").register(meters);
        Gauge.builder("walkout.ingest.reads.per.second", this, s -> s.readsPerSecond).tag("reader", readerId)
                .description("reads journaled in the last whole second").register(meters);
        Gauge.builder("walkout.ingest.reader.state", this, ReaderSession::stateCode).tag("reader", readerId)
                .description("0 disconnected, 1 connecting, 2 connected").register(meters);
        Gauge.builder("walkout.ingest.reader.connected", this, s -> s.state == ReaderState.CONNECTED ? 1 : 0)
                .tag("reader", readerId).description("1 when the reader's ROSpec runs").register(meters);
    }

    private static int stateCode(ReaderSession session) {
        switch (session.state) {
            case CONNECTED:
                return 2;
            case CONNECTING:
                return 1;
            default:
                return 0;
        }
    }

    public String readerId() {
        return readerId;
    }

    public ReaderState state() {
        return state;
    }

    /** Why the last attempt to dial the reader failed (TLS: the handshake's root cause); null once connected. */
    public String lastConnectFailure() {
        return lastConnectFailure;
    }

    /** The innermost cause's message: a TLS handshake failure says why the certificate was refused there. */
    private static String failureText(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        return root == failure ? message : failure.getClass().getSimpleName() + ": " + message;
    }

    /** The context this session runs on (its own when deployed, its group's when grouped); null before start. */
    Context sessionContext() {
        return context;
    }

    /** The reader's TLS settings; null = plain TCP (for a reader that dials in: no client certificate asked). */
    ReaderTls tls() {
        return reader.tls();
    }

    /** What a reader that dials in must say its Identification is; null for a dialled reader. */
    public String identification() {
        return reader.identification();
    }

    /**
     * Starts dialing; completes at once (a reader that is down is not a failure to start). A reader that dials in
     * waits for {@link #adopt}.
     */
    @Override
    public Future<Void> start() {
        rateTimer = vertx.setPeriodic(RATE_TICK_MS, t -> {
            readsPerSecond = readsTotal - readsAtLastTick;
            readsAtLastTick = readsTotal;
        });
        if (reader.dialsIn()) {
            LOG.info("reader={} waits for the reader to dial in (identification {})", readerId,
                    reader.identification());
            return Future.succeededFuture();
        }
        NetClientOptions options = new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()))
                .setSslHandshakeTimeout(config.connectTimeoutMs())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpKeepAlive(true);
        if (reader.tls() != null) {
            ReaderTlsOptions.apply(options, readerId, reader.tls());
        }
        client = vertx.createNetClient(options);
        connect();
        return Future.succeededFuture();
    }

    /**
     * Takes over a connection this reader made to the LLRP listener, which has already read its
     * ConnectionAttemptEvent and Identification: the session goes on with GET_READER_CAPABILITIES. A reader that
     * dials in again while an old connection looks alive replaces it. Call on this session's context.
     *
     * @param pending            bytes the listener received after the Identification, decoded first
     * @param uptimeOffsetMicros the reader's clock offset when it greeted with an Uptime, else {@link Long#MIN_VALUE}
     */
    public void adopt(NetSocket newSocket, Buffer pending, long uptimeOffsetMicros) {
        if (stopping) {
            newSocket.close();
            return;
        }
        if (socket != null) {
            LOG.info("reader={} dialed in again from {}; dropping its old connection", readerId,
                    newSocket.remoteAddress());
            NetSocket old = socket;
            socket = null;
            cancelHandshakeTimer();
            cancelWatchdog();
            old.close();
        }
        state = ReaderState.CONNECTING;
        begin(newSocket, String.valueOf(newSocket.remoteAddress()));
        if (uptimeOffsetMicros != Long.MIN_VALUE) {
            decoder.uptimeOffsetMicros(uptimeOffsetMicros);
        }
        LOG.info("reader={} dialed in from {}", readerId, peer);
        request(Phase.CAPABILITIES, MessageType.GET_READER_CAPABILITIES);
        if (pending.length() > 0) {
            onData(pending);
        }
    }

    /** Sends CLOSE_CONNECTION when connected, closes the socket and stops redialing. Runs on undeploy. */
    @Override
    public Future<Void> stop() {
        Promise<Void> promise = Promise.promise();
        stopping = true;
        stopped = promise;
        cancelTimers();
        if (socket == null) {
            finishStop();
        } else {
            phase = Phase.CLOSING;
            send(encoder.closeConnection(nextMessageId++));
            // a reader that does not answer CLOSE_CONNECTION still gets closed
            vertx.setTimer(CLOSE_WAIT_MS, t -> closeSocket());
        }
        return promise.future();
    }

    private void finishStop() {
        state = ReaderState.DISCONNECTED;
        if (client == null) {
            stopped.tryComplete();
            return;
        }
        client.close().onComplete(ar -> {
            if (stopped != null) {
                stopped.tryComplete();
            }
        });
    }

    private void connect() {
        if (stopping) {
            return;
        }
        reconnectTimer = -1;
        state = ReaderState.CONNECTING;
        client.connect(reader.port(), reader.host()).onComplete(ar -> {
            if (ar.failed()) {
                String why = failureText(ar.cause());
                lastConnectFailure = why;
                // one line per outage, not one per retry
                if (!connectFailureLogged) {
                    connectFailureLogged = true;
                    LOG.warn("reader={} connect to {}:{}{} failed: {}; retrying with backoff", readerId, reader.host(),
                            reader.port(), reader.tls() == null ? "" : " (TLS)", why);
                } else {
                    LOG.debug("reader={} connect failed again: {}", readerId, why);
                }
                scheduleReconnect();
                return;
            }
            connectFailureLogged = false;
            lastConnectFailure = null;
            onConnected(ar.result());
        });
    }

    private void onConnected(NetSocket newSocket) {
        if (stopping) {
            newSocket.close();
            return;
        }
        begin(newSocket, reader.host() + ":" + reader.port());
        phase = Phase.AWAIT_CONNECTION_EVENT;
        LOG.info("reader={} connected to {}, waiting for its ConnectionAttemptEvent", readerId, peer);
        armHandshakeTimer();
    }

    /** A fresh connection: counted, decoder and frame buffer reset, handlers set. */
    private void begin(NetSocket newSocket, String newPeer) {
        socket = newSocket;
        peer = newPeer;
        connects.increment();
        decoder.clearUptimeOffset();
        lastHeardMs = clock.millis();
        frameRejected = false;
        assembler.reset();
        if (newSocket instanceof NetSocketInternal raw) {
            // Vert.x copies every read into a fresh heap Buffer for handler(); the assembler copies anyway, so take
            // the socket's pooled buffer instead: no garbage per TCP read (it was 90% of ingest's allocation)
            raw.messageHandler(this::onMessage);
        } else {
            newSocket.handler(this::onData);
        }
        newSocket.exceptionHandler(e -> {
            LOG.warn("reader={} socket error: {}", readerId, e.toString());
            newSocket.close();
        });
        newSocket.closeHandler(v -> onClosed(newSocket));
    }

    private void onClosed(NetSocket closed) {
        if (closed != socket) {
            return;
        }
        socket = null;
        cancelHandshakeTimer();
        cancelWatchdog();
        ReaderState was = state;
        state = ReaderState.DISCONNECTED;
        if (stopping) {
            LOG.info("reader={} closed", readerId);
            finishStop();
            return;
        }
        if (reader.dialsIn()) {
            LOG.info("reader={} connection from {} closed (was {}); waiting for it to dial in again", readerId, peer,
                    was);
            return;
        }
        LOG.info("reader={} connection closed (was {})", readerId, was);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        state = ReaderState.DISCONNECTED;
        if (stopping || reconnectTimer >= 0 || reader.dialsIn()) {
            return;
        }
        long delayMs = backoff.nextDelayMs();
        LOG.debug("reader={} reconnecting in {} ms", readerId, delayMs);
        reconnectTimer = vertx.setTimer(delayMs, t -> connect());
    }

    /** Frames are cut in place by the {@link LlrpFrameAssembler}: no object per frame. */
    private void onData(Buffer data) {
        if (frameRejected) {
            return;
        }
        lastHeardMs = clock.millis();
        assembler.append(data, frames);
    }

    /** What the socket read, as Netty delivered it: bytes are copied into the assembler, then released. */
    private void onMessage(Object message) {
        try {
            if (message instanceof ByteBuf data && !frameRejected) {
                lastHeardMs = clock.millis();
                assembler.append(data, frames);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onFrame(DirectBuffer buffer, int offset, int length) {
        int status;
        try {
            status = decoder.decode(buffer, offset, length, this);
            // the reads decoded before a malformed part too: what was accepted is kept
            journalBatch();
        } catch (RuntimeException e) {
            // not bad input (the decoder returns statuses for that): e.g. the journal is closing
            LOG.error("reader={} type={} handling a frame failed; closing the connection", readerId,
                    header.wrap(buffer, offset).messageType(), e);
            batch.clear();
            counter("handler_error").increment();
            frameRejected = true;
            closeSocket();
            return;
        }
        if (status != DecodeStatus.OK) {
            reject(header.wrap(buffer, offset).messageType(), status, decoder.errorOffset());
        }
    }

    private Counter counter(String reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("walkout.ingest.frames.rejected")
                .tag("reader", readerId).tag("reason", r).description("LLRP frames not handled").register(meters));
    }

    private void reject(int messageType, int status, int offset) {
        frameRejected = true;
        counter(DecodeStatus.reason(status)).increment();
        LOG.warn("reader={} type={} offset={}: {}", readerId, messageType, offset, DecodeStatus.describe(status));
        closeSocket();
    }

    @Override
    public void onTagReport(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                            long lastSeenMicros, int seenCount) {
        long first = firstSeenMicros != 0 ? firstSeenMicros : nowMicros();
        long last = lastSeenMicros != 0 ? lastSeenMicros : first;
        countAntenna(antenna);
        if (batch.add(epcHi, epcLo, antenna, peakRssiDbm, first, last, seenCount)) {
            journalBatch();
        }
    }

    @Override
    public void onLongEpcTagReport(DirectBuffer buffer, int epcOffset, int epcBits, int antenna, int peakRssiDbm,
                                   long firstSeenMicros, long lastSeenMicros, int seenCount) {
        long first = firstSeenMicros != 0 ? firstSeenMicros : nowMicros();
        long last = lastSeenMicros != 0 ? lastSeenMicros : first;
        countAntenna(antenna);
        journalBatch(); // keeps the report's order in the journal
        journal.appendLongEpcTagRead(readerId, buffer, epcOffset, epcBits, antenna, peakRssiDbm, first, last,
                seenCount);
        reads.increment();
        readsTotal++;
    }

    private void journalBatch() {
        int count = batch.count();
        if (count > 0) {
            journal.appendTagReads(readerId, batch);
            reads.increment(count);
            readsTotal += count;
        }
    }

    private void countAntenna(int antenna) {
        // kept in the journal for audit; the relay drops it, this counter says how often
        if (antenna >= layoutAntennas.length || !layoutAntennas[antenna]) {
            unknownAntennaReads.increment();
        }
    }

    private long nowMicros() {
        return clock.millis() * 1000;
    }

    @Override
    public void onConnectionAttempt(int status, long utcMicros) {
        if (phase != Phase.AWAIT_CONNECTION_EVENT) {
            // status 4 on a running session: someone else tried to connect; this connection stays
            LOG.info("reader={} reports another connection attempt (status {}); this session continues",
                    readerId, status);
            return;
        }
        if (status != 0) {
            LOG.warn("reader={} refused the connection: {} (ConnectionAttemptEvent status {}); retrying later",
                    readerId, connectionStatusText(status), status);
            closeSocket();
            return;
        }
        request(Phase.CAPABILITIES, MessageType.GET_READER_CAPABILITIES);
    }

    @Override
    public void onReaderUptime(long uptimeMicros) {
        long offsetMicros = nowMicros() - uptimeMicros;
        decoder.uptimeOffsetMicros(offsetMicros);
        LOG.info("reader={} has no UTC clock (sent Uptime {} us); its read times are converted with offset {} us",
                readerId, uptimeMicros, offsetMicros);
    }

    @Override
    public void onCapabilities(int maxAntennas, boolean hasUtcClock) {
        StringBuilder missing = new StringBuilder();
        int missingPorts = 0;
        for (int port : new TreeSet<>(reader.antennas().keySet())) {
            if (port > maxAntennas) {
                missing.append(missing.length() == 0 ? "" : ",").append(port);
                missingPorts++;
            }
        }
        missingAntennaPorts = missingPorts;
        if (missing.length() > 0) {
            LOG.warn("reader={} has {} antenna port(s) but the layout names port(s) {}: those zones will see no reads",
                    readerId, maxAntennas, missing);
        } else {
            LOG.info("reader={} capabilities: {} antenna port(s), UTC clock {}", readerId, maxAntennas,
                    hasUtcClock ? "yes" : "no");
        }
    }

    private static String connectionStatusText(int status) {
        switch (status) {
            case 1: return "a reader-initiated connection already exists";
            case 2: return "another client is connected";
            case 3: return "connection attempt failed";
            case 4: return "another connection attempted";
            default: return "unknown status";
        }
    }

    @Override
    public void onConnectionClose() {
        LOG.info("reader={} announced it is closing the connection", readerId);
    }

    @Override
    public void onStatus(int messageType, long messageId, int statusCode, String description) {
        if (phase == Phase.CLOSING) {
            if (messageType == MessageType.CLOSE_CONNECTION_RESPONSE) {
                closeSocket();
            }
            return;
        }
        if (messageType == MessageType.ERROR_MESSAGE) {
            LOG.warn("reader={} ERROR_MESSAGE id={} status={} {}", readerId, messageId, statusCode, description);
            if (phase != Phase.RUNNING) {
                closeSocket();
            }
            return;
        }
        if (messageType != awaitedType || messageId != awaitedId) {
            LOG.info("reader={} unexpected {} id={} status={} in phase {}", readerId, MessageType.name(messageType),
                    messageId, statusCode, phase);
            return;
        }
        if (statusCode != 0) {
            LOG.warn("reader={} {} failed: status {} {}; closing and retrying", readerId,
                    MessageType.name(messageType), statusCode, description);
            closeSocket();
            return;
        }
        switch (phase) {
            case CAPABILITIES:
                if (config.keepaliveMs() > 0) {
                    request(Phase.CONFIG, MessageType.SET_READER_CONFIG);
                } else {
                    request(Phase.DELETE, MessageType.DELETE_ROSPEC);
                }
                break;
            case CONFIG:
                request(Phase.DELETE, MessageType.DELETE_ROSPEC);
                break;
            case DELETE:
                request(Phase.ADD, MessageType.ADD_ROSPEC);
                break;
            case ADD:
                request(Phase.ENABLE, MessageType.ENABLE_ROSPEC);
                break;
            case ENABLE:
                request(Phase.START, MessageType.START_ROSPEC);
                break;
            case START:
                phase = Phase.RUNNING;
                awaitedType = -1;
                cancelHandshakeTimer();
                backoff.reset();
                state = ReaderState.CONNECTED;
                armWatchdog();
                LOG.info("reader={} ROSpec started, reads flowing", readerId);
                break;
            default:
                break;
        }
    }

    @Override
    public void onKeepalive(long messageId) {
        send(encoder.keepaliveAck(messageId));
    }

    @Override
    public void onOtherMessage(int messageType, long messageId) {
        LOG.debug("reader={} ignored {} id={}", readerId, MessageType.name(messageType), messageId);
    }

    private void request(Phase next, int type) {
        phase = next;
        long id = nextMessageId++;
        awaitedId = id;
        awaitedType = MessageType.responseTo(type);
        int length;
        switch (type) {
            case MessageType.GET_READER_CAPABILITIES:
                length = encoder.getReaderCapabilities(id);
                break;
            case MessageType.SET_READER_CONFIG:
                length = encoder.setReaderConfigKeepalive(id, config.keepaliveMs());
                break;
            case MessageType.DELETE_ROSPEC:
                length = encoder.deleteRospec(id, 0);
                break;
            case MessageType.ADD_ROSPEC:
                length = encoder.addRospec(id, ROSPEC_ID, LlrpClientEncoder.START_TRIGGER_NULL,
                        config.reportEveryMs(), REPORT_EVERY_TAGS);
                break;
            case MessageType.ENABLE_ROSPEC:
                length = encoder.enableRospec(id, ROSPEC_ID);
                break;
            case MessageType.START_ROSPEC:
                length = encoder.startRospec(id, ROSPEC_ID);
                break;
            default:
                throw new IllegalArgumentException("not a handshake request: " + type);
        }
        send(length);
        armHandshakeTimer();
    }

    private void send(int length) {
        if (socket == null) {
            return;
        }
        socket.write(frame(out, length)).onFailure(e ->
                LOG.info("reader={} write failed: {}", readerId, e.toString()));
    }

    /** The first {@code length} bytes of an encoder's buffer, copied into a buffer a socket can write. */
    static Buffer frame(DirectBuffer out, int length) {
        byte[] bytes = new byte[length];
        out.getBytes(0, bytes);
        return Buffer.buffer(bytes);
    }

    private void armHandshakeTimer() {
        cancelHandshakeTimer();
        NetSocket current = socket;
        handshakeTimer = vertx.setTimer(config.connectTimeoutMs(), t -> {
            handshakeTimer = -1;
            if (current == socket && phase != Phase.RUNNING) {
                LOG.warn("reader={} no answer within {} ms in phase {}; closing and retrying", readerId,
                        config.connectTimeoutMs(), phase);
                closeSocket();
            }
        });
    }

    /** While running, a reader that asked to send keepalives and says nothing for too long is treated as gone. */
    private void armWatchdog() {
        cancelWatchdog();
        if (config.keepaliveMs() <= 0) {
            return;
        }
        NetSocket current = socket;
        long silenceMs = config.keepaliveMs() * config.keepalivesMissed();
        watchdogTimer = vertx.setPeriodic(config.keepaliveMs(), t -> {
            long silentMs = clock.millis() - lastHeardMs;
            if (current == socket && phase == Phase.RUNNING && silentMs > silenceMs) {
                keepaliveLost.increment();
                LOG.warn("reader={} silent for {} ms ({} keepalive periods of {} ms); treating it as gone and "
                        + "reconnecting", readerId, silentMs, config.keepalivesMissed(), config.keepaliveMs());
                cancelWatchdog();
                closeSocket();
            }
        });
    }

    private void cancelWatchdog() {
        if (watchdogTimer >= 0) {
            vertx.cancelTimer(watchdogTimer);
            watchdogTimer = -1;
        }
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer >= 0) {
            vertx.cancelTimer(handshakeTimer);
            handshakeTimer = -1;
        }
    }

    private void cancelTimers() {
        if (rateTimer >= 0) {
            vertx.cancelTimer(rateTimer);
            rateTimer = -1;
        }
        cancelHandshakeTimer();
        cancelWatchdog();
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
    }

    private void closeSocket() {
        if (socket != null) {
            socket.close();
        }
    }
}
