package walkout.store.sim;

import static java.nio.ByteOrder.BIG_ENDIAN;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.LlrpReaderEncoder;
import walkout.ingest.llrp.MessageType;
import walkout.ingest.llrp.ParameterType;

/**
 * One fixed LLRP reader played over real TCP on 127.0.0.1: what ingest dials in place of an Impinj or Zebra reader.
 *
 * <p>On a connection it sends READER_EVENT_NOTIFICATION with a ConnectionAttemptEvent, status 0; a second client
 * while one is connected gets status 2 ("client-initiated connection already exists") and is closed. Incoming frames
 * are cut by the header's length; every request is answered with its response type and LLRPStatus M_Success, with
 * the request's id (unknown requests get ERROR_MESSAGE, M_UnsupportedMessage); KEEPALIVE_ACK is accepted. From
 * START_ROSPEC (or ENABLE_ROSPEC when the ROSpec was added with an immediate start trigger) until STOP, DISABLE or
 * DELETE_ROSPEC, an RO_ACCESS_REPORT goes out every {@code reportEveryMs} with what the {@link TagSource} says the
 * antennas saw. A KEEPALIVE goes out every {@code keepaliveEveryMs}. CLOSE_CONNECTION is answered, then the socket
 * is closed. A client that goes away is forgotten and the next one is accepted: ingest reconnects.
 *
 * <p>Threads: one accepting, one reading the current connection, one scheduler writing reports and keepalives.
 * Writes to a connection are serialized by its own lock.
 */
public final class LlrpReaderEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LlrpReaderEmulator.class);
    /** Most tags in one RO_ACCESS_REPORT: a busy round goes out as several reports. */
    static final int MAX_TAGS_PER_REPORT = 200;
    /** Frames longer than this are not LLRP a client would send to a reader: the connection is dropped. */
    static final int MAX_REQUEST_LENGTH = 1 << 20;
    static final int STATUS_SUCCESS = 0;
    static final int STATUS_CLIENT_CONNECTION_EXISTS = 2;
    /** LLRP status M_UnsupportedMessage. */
    static final int STATUS_UNSUPPORTED_MESSAGE = 109;
    /** Default time between two KEEPALIVEs. */
    public static final long DEFAULT_KEEPALIVE_EVERY_MS = 5000;
    private static final int GET_REPORT = 60;
    private static final int TLV_HEADER = 4;
    static final int START_TRIGGER_IMMEDIATE = 1;
    private static final int ENABLE_EVENTS_AND_REPORTS = 64;

    private final String readerId;
    private final TagSource tags;
    private final Clock clock;
    private final long reportEveryMs;
    private final long keepaliveEveryMs;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<Connection> current = new AtomicReference<>();
    private final AtomicLong readerMessageIds = new AtomicLong(1);
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong connectionsRefused = new AtomicLong();
    private final AtomicLong reportsSent = new AtomicLong();
    private final AtomicLong tagsSent = new AtomicLong();
    private final AtomicLong keepaliveAcks = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private ServerSocket server;
    private Thread acceptor;
    private volatile boolean closed;

    /**
     * @param readerId         the layout's reader id, for log lines and thread names
     * @param tags             what the antennas read each round
     * @param clock            the reader's clock: timestamps in frames are its microseconds since the epoch
     * @param reportEveryMs    period of RO_ACCESS_REPORTs once the ROSpec is started, &gt; 0
     * @param keepaliveEveryMs period of KEEPALIVEs while a client is connected, &gt; 0
     */
    public LlrpReaderEmulator(String readerId, TagSource tags, Clock clock, long reportEveryMs,
                              long keepaliveEveryMs) {
        if (reportEveryMs <= 0) {
            throw new IllegalArgumentException("reportEveryMs=" + reportEveryMs + " must be > 0");
        }
        if (keepaliveEveryMs <= 0) {
            throw new IllegalArgumentException("keepaliveEveryMs=" + keepaliveEveryMs + " must be > 0");
        }
        this.readerId = readerId;
        this.tags = tags;
        this.clock = clock;
        this.reportEveryMs = reportEveryMs;
        this.keepaliveEveryMs = keepaliveEveryMs;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "llrp-" + readerId + "-timer"));
    }

    /** Binds 127.0.0.1 on a free port and starts accepting; returns where to dial. */
    public synchronized InetSocketAddress start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("reader " + readerId + " already started");
        }
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        acceptor = daemon(this::acceptLoop, "llrp-" + readerId + "-accept");
        acceptor.start();
        LOG.info("reader={} simulated LLRP reader listening on 127.0.0.1:{}", readerId, server.getLocalPort());
        return address();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    public String readerId() {
        return readerId;
    }

    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public long connectionsRefused() {
        return connectionsRefused.get();
    }

    public long reportsSent() {
        return reportsSent.get();
    }

    public long tagsSent() {
        return tagsSent.get();
    }

    public long keepaliveAcks() {
        return keepaliveAcks.get();
    }

    /** Frames from clients that were not LLRP the reader could cut (bad version or length). */
    public long badFrames() {
        return badFrames.get();
    }

    /** True while a client is connected. */
    public boolean connected() {
        return current.get() != null;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    LOG.warn("reader={} closing the listening socket: {}", readerId, e.toString());
                }
            }
        }
        Connection connection = current.get();
        if (connection != null) {
            connection.close("reader stopped");
        }
        scheduler.shutdownNow();
        if (acceptor != null) {
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("reader={} accept failed, no more connections: {}", readerId, e.toString());
                }
                return;
            }
            Connection connection = null;
            try {
                socket.setTcpNoDelay(true);
                connection = new Connection(socket);
                if (current.compareAndSet(null, connection)) {
                    connectionsAccepted.incrementAndGet();
                    LOG.info("reader={} client connected from {}", readerId, socket.getRemoteSocketAddress());
                    connection.open();
                } else {
                    connectionsRefused.incrementAndGet();
                    LOG.info("reader={} refused {}: a client is already connected", readerId,
                            socket.getRemoteSocketAddress());
                    connection.refuse();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("reader={} new connection failed: {}", readerId, e.toString());
                if (connection != null) {
                    // Frees the slot, or every later client would be refused as a second one.
                    connection.close("failed to open: " + e);
                } else {
                    closeQuietly(socket);
                }
            }
        }
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("reader={} close: {}", readerId, e.toString());
        }
    }

    /** One client connection: its socket, its reading thread, its timers, and the lock its writes take. */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final ExpandableArrayBuffer writeBuffer = new ExpandableArrayBuffer(64 * 1024);
        private final LlrpReaderEncoder encoder = new LlrpReaderEncoder(writeBuffer);
        private final Object writeLock = new Object();
        private ScheduledFuture<?> keepalives;
        private ScheduledFuture<?> reports;
        private volatile boolean open = true;
        /** Between START_ROSPEC and STOP, DISABLE or DELETE_ROSPEC; written under the write lock. */
        private volatile boolean reporting;
        /** The last ADD_ROSPEC had an immediate start trigger: ENABLE_ROSPEC starts it, as on a real reader. */
        private volatile boolean startsWhenEnabled;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void open() throws IOException {
            synchronized (writeLock) {
                send(encoder.connectionAttempt(readerMessageIds.getAndIncrement(), nowMicros(), STATUS_SUCCESS));
            }
            keepalives = scheduler.scheduleAtFixedRate(this::sendKeepalive, keepaliveEveryMs, keepaliveEveryMs,
                    TimeUnit.MILLISECONDS);
            reports = scheduler.scheduleAtFixedRate(this::sendReport, reportEveryMs, reportEveryMs,
                    TimeUnit.MILLISECONDS);
            daemon(this::readLoop, "llrp-" + readerId + "-conn").start();
        }

        void refuse() {
            try {
                synchronized (writeLock) {
                    send(encoder.connectionAttempt(readerMessageIds.getAndIncrement(), nowMicros(),
                            STATUS_CLIENT_CONNECTION_EXISTS));
                }
            } catch (IOException e) {
                LOG.debug("reader={} refused client went away first: {}", readerId, e.toString());
            } finally {
                closeQuietly(socket);
            }
        }

        private void readLoop() {
            UnsafeBuffer frame = new UnsafeBuffer(new byte[LlrpHeaderFlyweight.LENGTH]);
            LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
            byte[] headerBytes = new byte[LlrpHeaderFlyweight.LENGTH];
            try (InputStream rawIn = socket.getInputStream()) {
                DataInputStream in = new DataInputStream(rawIn);
                while (open) {
                    in.readFully(headerBytes);
                    frame.wrap(headerBytes);
                    header.wrap(frame, 0);
                    long length = header.messageLength();
                    if (header.version() != LlrpHeaderFlyweight.VERSION_1 || length < LlrpHeaderFlyweight.LENGTH
                            || length > MAX_REQUEST_LENGTH) {
                        badFrames.incrementAndGet();
                        LOG.warn("reader={} type={} version={} length={}: not a frame this reader can cut, closing",
                                readerId, header.messageType(), header.version(), length);
                        close("bad frame");
                        return;
                    }
                    int bodyLength = (int) length - LlrpHeaderFlyweight.LENGTH;
                    byte[] body = in.readNBytes(bodyLength);
                    if (body.length < bodyLength) {
                        throw new EOFException("frame cut short");
                    }
                    if (header.messageType() == MessageType.ADD_ROSPEC) {
                        startsWhenEnabled = startTriggerOf(new UnsafeBuffer(body)) == START_TRIGGER_IMMEDIATE;
                    }
                    onRequest(header.messageType(), header.messageId());
                }
            } catch (EOFException | SocketException e) {
                close(open ? "client went away" : "closed");
            } catch (IOException e) {
                close("read failed: " + e);
            } catch (RuntimeException e) {
                LOG.error("reader={} connection failed", readerId, e);
                close("internal error: " + e);
            }
        }

        private void onRequest(int type, long messageId) throws IOException {
            if (type == MessageType.KEEPALIVE_ACK) {
                keepaliveAcks.incrementAndGet();
                return;
            }
            if (type == GET_REPORT || type == ENABLE_EVENTS_AND_REPORTS) {
                // No response is defined for these; reports go out on the timer anyway.
                return;
            }
            int responseType = MessageType.responseTo(type);
            synchronized (writeLock) {
                if (responseType < 0) {
                    LOG.info("reader={} type={} id={}: unsupported, answering ERROR_MESSAGE", readerId,
                            MessageType.name(type), messageId);
                    send(encoder.response(MessageType.ERROR_MESSAGE, messageId, STATUS_UNSUPPORTED_MESSAGE,
                            "unsupported message type " + type));
                    return;
                }
                // Under the write lock, so no report can follow the response to a stop.
                switch (type) {
                    case MessageType.START_ROSPEC -> reporting = true;
                    case MessageType.ENABLE_ROSPEC -> reporting |= startsWhenEnabled;
                    case MessageType.STOP_ROSPEC, MessageType.DISABLE_ROSPEC, MessageType.DELETE_ROSPEC ->
                            reporting = false;
                    default -> {
                    }
                }
                send(encoder.response(responseType, messageId, STATUS_SUCCESS, ""));
            }
            if (type == MessageType.CLOSE_CONNECTION) {
                close("client closed the connection");
            }
        }

        private void sendReport() {
            if (!open) {
                return;
            }
            if (!reporting) {
                return;
            }
            try {
                List<TagRead> round = tags.round(clock.millis(), reportEveryMs);
                synchronized (writeLock) {
                    if (!reporting) {
                        return;
                    }
                    for (int from = 0; from < round.size(); from += MAX_TAGS_PER_REPORT) {
                        int to = Math.min(round.size(), from + MAX_TAGS_PER_REPORT);
                        encoder.beginReport(readerMessageIds.getAndIncrement());
                        for (TagRead t : round.subList(from, to)) {
                            encoder.addTag(t.epcHi(), t.epcLo(), t.antenna(), t.peakRssiDbm(), t.firstSeenMicros(),
                                    t.lastSeenMicros(), t.seenCount());
                        }
                        send(encoder.finishReport());
                        reportsSent.incrementAndGet();
                        tagsSent.addAndGet(to - from);
                    }
                }
            } catch (IOException e) {
                close("write failed: " + e);
            } catch (RuntimeException e) {
                // Keep the timer alive: a periodic task that throws is never run again.
                LOG.error("reader={} building a report failed", readerId, e);
            }
        }

        private void sendKeepalive() {
            if (!open) {
                return;
            }
            try {
                synchronized (writeLock) {
                    send(encoder.keepalive(readerMessageIds.getAndIncrement()));
                }
            } catch (IOException e) {
                close("write failed: " + e);
            }
        }

        private void send(int length) throws IOException {
            out.write(writeBuffer.byteArray(), 0, length);
            out.flush();
        }

        synchronized void close(String why) {
            if (!open) {
                return;
            }
            open = false;
            reporting = false;
            if (reports != null) {
                reports.cancel(false);
            }
            if (keepalives != null) {
                keepalives.cancel(false);
            }
            closeQuietly(socket);
            current.compareAndSet(this, null);
            LOG.info("reader={} connection closed: {}", readerId, why);
        }
    }

    /**
     * The ROSpecStartTriggerType in an ADD_ROSPEC body (ROSpec 177 > ROBoundarySpec 178 > ROSpecStartTrigger 179),
     * or -1 when the body does not have one where LLRP puts it.
     */
    static int startTriggerOf(UnsafeBuffer body) {
        int rospecEnd = tlvEnd(body, 0, body.capacity(), ParameterType.RO_SPEC);
        if (rospecEnd < 0) {
            return -1;
        }
        // ROSpec: header, ROSpecID (4), Priority (1), CurrentState (1), then ROBoundarySpec first.
        int boundary = TLV_HEADER + 6;
        int boundaryEnd = tlvEnd(body, boundary, rospecEnd, ParameterType.RO_BOUNDARY_SPEC);
        if (boundaryEnd < 0) {
            return -1;
        }
        int trigger = boundary + TLV_HEADER;
        int triggerEnd = tlvEnd(body, trigger, boundaryEnd, ParameterType.RO_SPEC_START_TRIGGER);
        return triggerEnd < trigger + TLV_HEADER + 1 ? -1 : body.getByte(trigger + TLV_HEADER) & 0xFF;
    }

    /** End of the TLV parameter of {@code type} at {@code offset} within {@code limit}, or -1. */
    private static int tlvEnd(UnsafeBuffer buffer, int offset, int limit, int type) {
        if (offset + TLV_HEADER > limit || (buffer.getShort(offset, BIG_ENDIAN) & 0x3FF) != type) {
            return -1;
        }
        int end = offset + (buffer.getShort(offset + 2, BIG_ENDIAN) & 0xFFFF);
        return end < offset + TLV_HEADER || end > limit ? -1 : end;
    }

    private long nowMicros() {
        return clock.millis() * 1000;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
