package walkout.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.codec.DeviceTokenSigner;
import walkout.ingest.device.DeviceRateLimiter;
import walkout.ingest.device.DeviceRoutes;
import walkout.events.codec.DeviceTokens;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.JournalRetention;
import walkout.ingest.reader.LlrpListener;
import walkout.ingest.reader.ReaderSession;
import walkout.ingest.reader.ReaderSessionGroup;
import walkout.ingest.reader.ReaderSessionConfig;
import walkout.ingest.relay.DeliveredPosition;
import walkout.ingest.relay.RelayAgent;

/**
 * Ingest wired together, as the store runs it: the journal, the relay thread (an Agrona agent producing to Kafka),
 * the {@link ReaderSession}s of the layout's readers (dialled ones in {@code readerThreads}
 * {@link ReaderSessionGroup}s, one event loop each; readers that dial in with the {@code LlrpListener}), and the
 * device routes.
 *
 * <p>Lifecycle: construct, mount {@link #router()} (calls answer 503 until started), {@link #start()},
 * {@link #stop()}. The status accessors are safe from any thread.
 *
 * <p>Metrics ({@code walkout.ingest.*}): {@code reads{reader}}, {@code reads.per.second{reader}} (last whole second),
 * {@code frames.rejected{reader,reason}}, {@code reader.connected{reader}}, {@code reader.state{reader}} (0
 * disconnected, 1 connecting, 2 connected), {@code reader.connects{reader}}, {@code reader.keepalive.lost{reader}},
 * {@code reader.antennas.missing{reader}}, {@code reads.unknown.antenna{reader}}, {@code reads.non.sgtin},
 * {@code journal.appended}, {@code journal.relayed} (Kafka records acknowledged: smoothed windows and device events),
 * {@code journal.lag} (journal records after the delivered index), {@code journal.delivered.index},
 * {@code journal.cycles.deleted},
 * {@code relay.open.windows}, {@code relay.dropped}, {@code relay.send.failures},
 * {@code device.accepted{kind}}, {@code device.rejected{reason}}.
 */
public final class IngestApp {
    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
    private static final long RELAY_RETRY_MS = 1_000;
    private static final long PRODUCER_CLOSE_MS = 5_000;
    private static final long RETENTION_CHECK_MS = 60_000;

    private final Vertx vertx;
    private final IngestConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final DeviceRoutes deviceRoutes;
    private final List<ReaderSession> sessions = new CopyOnWriteArrayList<>();
    private final List<String> deployments = new CopyOnWriteArrayList<>();

    private volatile Journal journal;
    private volatile RelayAgent relay;
    private volatile AgentRunner relayRunner;
    private volatile JournalRetention retention;
    private volatile LlrpListener listener;
    private DeliveredPosition position;
    private Producer<String, byte[]> producer;

    public IngestApp(Vertx vertx, IngestConfig config, DeviceTokenSigner tokens, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.config = config.requireListenerForDialInReaders();
        this.meters = meters;
        this.clock = clock;
        this.deviceRoutes = new DeviceRoutes(vertx, config.beaconZones(), config.entryGates(), () -> journal,
                new DeviceTokens(tokens, config.deviceTokenTtlMs()),
                new DeviceRateLimiter(config.deviceRatePerSec(), config.deviceBurst()), config.sightingMaxSkewMs(),
                clock, meters);
        Gauge.builder("walkout.ingest.journal.appended", this, IngestApp::journalAppended)
                .description("records appended to the journal since start").register(meters);
        Gauge.builder("walkout.ingest.journal.relayed", this, IngestApp::journalRelayed)
                .description("journal records acknowledged by Kafka since start").register(meters);
        Gauge.builder("walkout.ingest.journal.lag", this, IngestApp::journalLag)
                .description("journal records not yet acknowledged by Kafka").register(meters);
        Gauge.builder("walkout.ingest.journal.delivered.index", this,
                app -> app.relay == null ? -1 : app.relay.deliveredIndex())
                .description("journal index up to which Kafka acknowledged everything").register(meters);
        Gauge.builder("walkout.ingest.journal.cycles.deleted", this,
                app -> app.retention == null ? 0 : app.retention.deleted())
                .description("journal cycle files deleted by retention since start").register(meters);
    }

    /** Opens the journal, starts the relay thread, then deploys one session per reader. */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
            Files.createDirectories(config.journalDir());
            journal = Journal.open(config.journalDir(), config.journalRollCycle(), SystemTimeProvider.INSTANCE);
            position = DeliveredPosition.open(config.journalDir());
            DeliveredPosition delivered = position;
            producer = new KafkaProducer<>(producerProperties());
            relay = new RelayAgent(config.storeId(), config.readers(), journal, producer, position, meters,
                    clock::millis, RELAY_RETRY_MS, config.smoothingWindowMs());
            ErrorHandler errors = e -> LOG.error("relay agent error (continuing)", e);
            retention = new JournalRetention(journal, config.journalKeepDays(), delivered::delivered, clock::millis,
                    RETENTION_CHECK_MS);
            relayRunner = new AgentRunner(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MILLISECONDS.toNanos(1)), errors, null, new CompositeAgent(relay, retention));
            AgentRunner.startOnThread(relayRunner);
            LOG.info("ingest journal at {} ({} cycles, kept {} days after delivery; 0 = forever), relaying to {}",
                    config.journalDir(), config.journalRollCycle().optionName(), config.journalKeepDays(),
                    config.kafkaBootstrap());
            return null;
        }).compose(v -> {
            ReaderSessionConfig sessionConfig = new ReaderSessionConfig(config.connectTimeoutMs(),
                    config.reconnectInitialMs(), config.reconnectMaxMs(), config.reportEveryMs(), config.keepaliveMs(),
                    config.keepalivesMissed());
            List<Future<String>> deployed = new ArrayList<>();
            List<ReaderSession> dialingIn = new ArrayList<>();
            List<ReaderSession> dialled = new ArrayList<>();
            for (ReaderConfig reader : config.readers()) {
                ReaderSession session = new ReaderSession(reader, sessionConfig, journal, meters, clock);
                sessions.add(session);
                (reader.dialsIn() ? dialingIn : dialled).add(session);
            }
            for (ReaderSessionGroup group : ReaderSessionGroup.spread(dialled, config.readerThreads())) {
                deployed.add(vertx.deployVerticle(group).onSuccess(deployments::add));
            }
            if (config.llrpListenPort() != IngestConfig.LLRP_LISTEN_OFF) {
                LlrpListener created = new LlrpListener(config.llrpListenHost(), config.llrpListenPort(),
                        config.connectTimeoutMs(), dialingIn, meters, clock, config.llrpListenTls());
                deployed.add(vertx.deployVerticle(created).onSuccess(id -> {
                    deployments.add(id);
                    listener = created;
                }));
            }
            return Future.all(deployed).<Void>mapEmpty();
        }).onSuccess(v -> LOG.info("ingest started: {} reader(s)", config.readers().size()))
                .onFailure(e -> LOG.error("ingest failed to start", e));
    }

    /** The device API and staff registration; mount it under the server root, after a {@code BodyHandler}. */
    public Router router() {
        return deviceRoutes.router();
    }

    /** Reader id -> {@code CONNECTING}, {@code CONNECTED} or {@code DISCONNECTED}, in layout order. */
    public Map<String, String> readerStates() {
        Map<String, String> states = new LinkedHashMap<>();
        for (ReaderConfig reader : config.readers()) {
            states.put(reader.id(), "DISCONNECTED");
        }
        for (ReaderSession session : sessions) {
            states.put(session.readerId(), session.state().name());
        }
        return states;
    }

    /** The port the LLRP listener for readers that dial in is bound to; -1 when it is off or not started. */
    public int llrpListenPort() {
        LlrpListener current = listener;
        return current == null ? -1 : current.actualPort();
    }

    public boolean journalUp() {
        Journal current = journal;
        return current != null && current.isOpen();
    }

    /** The relay thread runs and its last send did not fail. */
    public boolean relayUp() {
        RelayAgent agent = relay;
        AgentRunner runner = relayRunner;
        return agent != null && runner != null && !runner.isClosed() && agent.isUp();
    }

    /** Reads and device events appended to the journal since start. */
    public long journalAppended() {
        Journal current = journal;
        return current == null ? 0 : current.appended();
    }

    /** Records Kafka acknowledged since start. */
    public long journalRelayed() {
        RelayAgent agent = relay;
        return agent == null ? 0 : agent.relayed();
    }

    /** Journal records after the delivered index: what Kafka has yet to acknowledge (-1 when unknown). */
    public long journalLag() {
        Journal current = journal;
        RelayAgent agent = relay;
        return current == null || agent == null ? -1 : current.recordsAfter(agent.deliveredIndex());
    }

    /** Sends CLOSE_CONNECTION to every reader, stops the sessions, flushes and stops the relay, closes the journal. */
    public Future<Void> stop() {
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : List.copyOf(deployments)) {
            undeployed.add(vertx.undeploy(id));
        }
        deployments.clear();
        return Future.join(undeployed).transform(ar -> vertx.executeBlocking(() -> {
            if (relayRunner != null) {
                relayRunner.close();
            }
            if (producer != null) {
                // flushes what is in flight; the callbacks still move the delivered index until the position closes
                producer.close(Duration.ofMillis(PRODUCER_CLOSE_MS));
            }
            if (position != null) {
                position.close();
            }
            if (journal != null) {
                journal.close();
            }
            LOG.info("ingest stopped: appended={} relayed={}", journalAppended(), journalRelayed());
            return null;
        }));
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "walkout-ingest-" + config.storeId());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // while Kafka is away the journal keeps accepting; the relay rewinds and retries rather than block long
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return props;
    }
}
