package walkout.ingest.reader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.ingest.ListenerTls;
import walkout.ingest.ReaderConfig;
import walkout.ingest.llrp.DecodeStatus;
import walkout.ingest.llrp.LlrpClientEncoder;
import walkout.ingest.llrp.LlrpDecoder;
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.LlrpMessageHandler;
import walkout.ingest.llrp.MessageType;

/**
 * Accepts LLRP connections from readers that dial in (readers behind NAT), off unless a port is configured. Each
 * connection must greet with a successful ConnectionAttemptEvent; the listener then sends GET_READER_CONFIG for the
 * Identification and matches the ReaderID against the layout's readers that dial in ({@link ReaderConfig#dialsIn()}:
 * their {@code identification}, as hex bytes or as text). A match hands the connection to that reader's
 * {@link ReaderSession} ({@link ReaderSession#adopt}), which runs the same handshake and report handling as for a
 * dialled reader. Anything else gets one log line, a count in
 * {@code walkout.ingest.llrp.listener.rejected{reason}} ({@code unknown_reader}, {@code refused}, {@code timeout},
 * {@code error_status}, {@code untrusted_certificate} or a frame's decode reason) and CLOSE_CONNECTION; a connection
 * whose TLS handshake fails is counted as {@code tls_handshake}. Over TLS
 * ({@link ListenerTls}) a reader with {@code tls} in its config is only handed over once its client certificate
 * passes its CA or pin.
 *
 * <p>A verticle: the listener and every dial-in session run on its one event-loop context (the sessions are
 * initialised on it rather than deployed), so handing a socket over crosses no thread. Undeploying it closes the
 * server and stops those sessions (CLOSE_CONNECTION to each).
 */
public final class LlrpListener extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(LlrpListener.class);
    private static final Pattern HEX_BYTES = Pattern.compile("(?i)[0-9a-f]{2}([:\\- ]?[0-9a-f]{2})*");
    private static final long CLOSE_WAIT_MS = 500;

    private final String host;
    private final int port;
    private final long answerTimeoutMs;
    private final List<ReaderSession> sessions;
    private final Map<String, ReaderSession> byIdentification = new HashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;
    private final ListenerTls tls;
    private final Map<String, Counter> rejected = new HashMap<>();
    private NetServer server;
    private volatile int actualPort = -1;

    /**
     * @param host            address to bind (e.g. {@code 0.0.0.0}: the readers are elsewhere)
     * @param port            TCP port; 0 picks a free one ({@link #actualPort()})
     * @param answerTimeoutMs longest wait for the greeting and for the Identification
     * @param sessions        the sessions of the layout's readers that dial in
     */
    public LlrpListener(String host, int port, long answerTimeoutMs, List<ReaderSession> sessions,
                        MeterRegistry meters, Clock clock) {
        this(host, port, answerTimeoutMs, sessions, meters, clock, null);
    }

    /**
     * As above, over TLS with {@code tls}'s certificate (null = plain TCP). A reader with {@code tls} in its config
     * must then present a client certificate its CA or pin accepts.
     *
     * @throws IllegalArgumentException when a session has {@code tls} and the listener has none
     */
    public LlrpListener(String host, int port, long answerTimeoutMs, List<ReaderSession> sessions,
                        MeterRegistry meters, Clock clock, ListenerTls tls) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.answerTimeoutMs = answerTimeoutMs;
        this.sessions = List.copyOf(sessions);
        this.meters = meters;
        this.clock = clock;
        for (ReaderSession session : this.sessions) {
            String key = identificationKey(session.identification());
            if (session.tls() != null && tls == null) {
                throw new IllegalArgumentException("reader " + session.readerId() + " dials in with tls, but the "
                        + "LLRP listener has no certificate");
            }
            ReaderSession other = byIdentification.put(key, session);
            if (other != null) {
                throw new IllegalArgumentException("readers " + other.readerId() + " and " + session.readerId()
                        + " have the same identification " + session.identification());
            }
        }
    }

    /**
     * How a ReaderID is compared: hex digits in lower case when the text is hex bytes (separators {@code :},
     * {@code -} or space ignored), else the text itself in lower case.
     */
    static String identificationKey(String identification) {
        String trimmed = identification.strip();
        if (HEX_BYTES.matcher(trimmed).matches()) {
            return "hex:" + trimmed.replaceAll("[:\\- ]", "").toLowerCase(Locale.ROOT);
        }
        return "text:" + trimmed.toLowerCase(Locale.ROOT);
    }

    @Override
    public Future<Void> start() {
        NetServerOptions options = new NetServerOptions().setTcpKeepAlive(true);
        if (tls != null) {
            ReaderTlsOptions.applyListener(options, tls);
        }
        server = vertx.createNetServer(options).connectHandler(this::onConnect)
                .exceptionHandler(this::onHandshakeFailure);
        return ReaderSessionGroup.startAll(vertx, context, sessions).compose(v -> server.listen(port, host)).map(s -> {
            actualPort = s.actualPort();
            LOG.info("LLRP listener on {}:{}{} for {} reader(s) that dial in", host, actualPort,
                    tls == null ? "" : " (TLS)", sessions.size());
            return (Void) null;
        });
    }

    @Override
    public Future<Void> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return Future.join(closed, ReaderSessionGroup.stopAll(sessions)).mapEmpty();
    }

    /** The bound port, -1 before start. */
    public int actualPort() {
        return actualPort;
    }

    private void onConnect(NetSocket socket) {
        new Greeting(socket).begin();
    }

    /** A connection that failed before it was handed over: over TLS, a failed handshake (e.g. plain LLRP). */
    private void onHandshakeFailure(Throwable failure) {
        rejectedCounter("tls_handshake").increment();
        LOG.warn("LLRP listener: a connection failed before the greeting{}: {}", tls == null ? "" : " (TLS handshake)",
                failure.toString());
    }

    private Counter rejectedCounter(String reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("walkout.ingest.llrp.listener.rejected")
                .tag("reason", r).description("reader-initiated connections turned away").register(meters));
    }

    /** One accepted connection until it is identified and handed over, or turned away. */
    private final class Greeting implements LlrpMessageHandler, LlrpFrameAssembler.FrameHandler {
        private final NetSocket socket;
        private final String peer;
        private final LlrpDecoder decoder = new LlrpDecoder();
        private final LlrpFrameAssembler assembler = new LlrpFrameAssembler(decoder);
        private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        private final LlrpClientEncoder encoder = new LlrpClientEncoder(out);
        private final LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
        private long timer = -1;
        private boolean greeted;
        private boolean done;
        private long uptimeOffsetMicros = Long.MIN_VALUE;
        private String readerIdText;
        private String readerIdKeyHex;
        private String readerIdKeyText;
        private ReaderSession matched;

        Greeting(NetSocket socket) {
            this.socket = socket;
            this.peer = String.valueOf(socket.remoteAddress());
        }

        void begin() {
            socket.handler(this::onData);
            socket.exceptionHandler(e -> LOG.warn("LLRP listener: connection from {}: {}", peer, e.toString()));
            socket.closeHandler(v -> cancelTimer());
            timer = vertx.setTimer(answerTimeoutMs, t -> {
                timer = -1;
                turnAway("timeout", "no " + (greeted ? "Identification" : "ConnectionAttemptEvent") + " within "
                        + answerTimeoutMs + " ms");
            });
        }

        private void onData(Buffer data) {
            if (done) {
                return;
            }
            assembler.append(data, this);
            if (matched != null) {
                done = true;
                cancelTimer();
                matched.adopt(socket, assembler.remaining(), uptimeOffsetMicros);
            }
        }

        @Override
        public boolean onFrame(DirectBuffer buffer, int offset, int length) {
            int status = decoder.decode(buffer, offset, length, this);
            if (status != DecodeStatus.OK) {
                onBadHeader(header.wrap(buffer, offset).messageType(), status, decoder.errorOffset());
            }
            return !done && matched == null;
        }

        @Override
        public void onBadHeader(int messageType, int status, int errorOffset) {
            turnAway(DecodeStatus.reason(status), "type=" + messageType + " offset=" + errorOffset + ": "
                    + DecodeStatus.describe(status));
        }

        @Override
        public void onConnectionAttempt(int status, long utcMicros) {
            if (greeted) {
                return;
            }
            if (status != 0) {
                turnAway("refused", "ConnectionAttemptEvent status " + status);
                return;
            }
            greeted = true;
            send(encoder.getReaderConfigIdentification(1));
        }

        @Override
        public void onReaderUptime(long uptimeMicros) {
            uptimeOffsetMicros = clock.millis() * 1000 - uptimeMicros;
        }

        @Override
        public void onIdentification(int idType, DirectBuffer buffer, int offset, int length) {
            StringBuilder hex = new StringBuilder(length * 3);
            StringBuilder text = new StringBuilder(length);
            boolean printable = length > 0;
            for (int i = 0; i < length; i++) {
                int b = buffer.getByte(offset + i) & 0xFF;
                hex.append(i == 0 ? "" : ":").append(Character.forDigit(b >> 4, 16))
                        .append(Character.forDigit(b & 0xF, 16));
                printable &= b >= 0x20 && b < 0x7F;
                text.append((char) b);
            }
            readerIdText = printable ? hex + " (\"" + text + "\")" : hex.toString();
            readerIdKeyHex = identificationKey(hex.toString());
            readerIdKeyText = printable ? "text:" + text.toString().toLowerCase(Locale.ROOT) : null;
        }

        @Override
        public void onStatus(int messageType, long messageId, int statusCode, String description) {
            if (messageType != MessageType.GET_READER_CONFIG_RESPONSE || !greeted) {
                return;
            }
            if (statusCode != 0) {
                turnAway("error_status", "GET_READER_CONFIG failed: status " + statusCode + " " + description);
                return;
            }
            if (readerIdKeyHex == null) {
                turnAway("unknown_reader", "GET_READER_CONFIG_RESPONSE without an Identification");
                return;
            }
            ReaderSession session = byIdentification.get(readerIdKeyHex);
            if (session == null && readerIdKeyText != null) {
                session = byIdentification.get(readerIdKeyText);
            }
            if (session == null) {
                turnAway("unknown_reader", "identification " + readerIdText + " matches no layout reader that "
                        + "dials in");
                return;
            }
            if (session.tls() != null && !trusted(session)) {
                return;
            }
            LOG.info("LLRP listener: {} is reader={} (identification {})", peer, session.readerId(), readerIdText);
            matched = session;
        }

        /** The client certificate against the reader's CA or pin; turned away (and false) when it fails. */
        private boolean trusted(ReaderSession session) {
            try {
                if (!socket.isSsl()) {
                    throw new CertificateException("the connection is not TLS");
                }
                List<Certificate> peerCertificates;
                try {
                    peerCertificates = socket.peerCertificates();
                } catch (SSLPeerUnverifiedException e) {
                    throw new CertificateException("reader " + session.readerId() + " sent no client certificate", e);
                }
                ReaderTlsOptions.checkDialledIn(session.readerId(), session.tls(),
                        peerCertificates == null ? List.of() : peerCertificates);
                return true;
            } catch (CertificateException | RuntimeException e) {
                turnAway("untrusted_certificate", "identification " + readerIdText + " names reader="
                        + session.readerId() + ", but its certificate is not trusted: " + e.getMessage());
                return false;
            }
        }

        private void send(int length) {
            socket.write(ReaderSession.frame(out, length)).onFailure(e ->
                    LOG.info("LLRP listener: write to {} failed: {}", peer, e.toString()));
        }

        /** One line, one count, CLOSE_CONNECTION, and the socket closed shortly after. */
        private void turnAway(String reason, String why) {
            if (done) {
                return;
            }
            done = true;
            cancelTimer();
            rejectedCounter(reason).increment();
            LOG.warn("LLRP listener: turning away {}: {}; sending CLOSE_CONNECTION", peer, why);
            send(encoder.closeConnection(2));
            vertx.setTimer(CLOSE_WAIT_MS, t -> socket.close());
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
