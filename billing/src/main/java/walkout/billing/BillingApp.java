package walkout.billing;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.catalog.Catalog;
import walkout.billing.catalog.LiveCatalog;
import walkout.billing.ledger.Ledger;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.payment.PaymentGateway;
import walkout.billing.payment.StripePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.billing.receipt.ReceiptFeed;
import walkout.events.codec.DeviceTokenSigner;

/**
 * Billing wired together: the ledger (migrated at start), the consumer thread that charges closed baskets and
 * records customers and alerts, the outbox publisher (run by the same thread after each poll) and the HTTP
 * routes. The store calls {@link #start()}, mounts {@link #router()}, and calls {@link #stop()} at shutdown.
 */
public final class BillingApp {
    private static final Logger LOG = LoggerFactory.getLogger(BillingApp.class);
    private static final int OUTBOX_BATCH = 500;
    private static final long RESUME_PENDING_EVERY_MS = 30_000;

    private final Vertx vertx;
    private final BillingConfig config;
    private final LiveCatalog catalog;
    private final Clock clock;
    private final BillingMetrics metrics;
    private final Ledger ledger;
    private final BillingRoutes routes;
    private final PaymentGateway gateway;
    private final RefundHandler refunds;
    private final HeldItemHandler heldItems;
    private final ReceiptFeed feed = new ReceiptFeed();
    private final ReceiptPusher receipts;
    private volatile long resumeTimerId = -1;
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean migrated;
    private volatile BillingConsumer consumer;
    private volatile Thread consumerThread;
    private volatile KafkaProducer<String, byte[]> producer;

    public BillingApp(Vertx vertx, BillingConfig config, Catalog catalog, DeviceTokenSigner tokens,
                      MeterRegistry meters, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = new LiveCatalog(Objects.requireNonNull(catalog, "catalog"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new BillingMetrics(Objects.requireNonNull(meters, "meters"));
        this.ledger = Ledger.open(config.jdbcUrl());
        this.gateway = StripePaymentGateway.NAME.equals(config.gateway())
                ? new StripePaymentGateway(config.stripe())
                : new HousePaymentGateway(ledger, clock);
        this.receipts = new ReceiptPusher(ledger, feed, metrics);
        this.refunds = new RefundHandler(ledger, gateway, metrics, clock, config.refundWindowMs())
                .onSettled(receipts);
        this.heldItems = new HeldItemHandler(new BasketPricer(catalog, config.currency()), ledger, gateway, metrics,
                clock).onSettled(receipts);
        this.routes = new BillingRoutes(vertx, ledger, Objects.requireNonNull(tokens, "tokens"), () -> migrated,
                refunds, heldItems, feed, this.catalog, clock);
    }

    /** Migrates the ledger (Flyway), then starts the consumer thread and the outbox publisher. */
    public Future<Void> start() {
        if (!started.compareAndSet(false, true)) {
            return Future.failedFuture(new IllegalStateException("billing already started"));
        }
        return vertx.<Void>executeBlocking(() -> {
            int ran = ledger.migrate();
            migrated = true;
            LOG.info("billing ledger ready ({} migrations applied) at {}", ran, redact(config.jdbcUrl()));
            producer = new KafkaProducer<>(producerProperties());
            KafkaConsumer<String, byte[]> kafkaConsumer = new KafkaConsumer<>(consumerProperties());
            BasketHandler baskets = new BasketHandler(new BasketPricer(catalog, config.currency()), ledger, gateway,
                    metrics, clock, config.maxChargeAttempts(), config.chargeRetryBackoffMs()).onCharged(receipts);
            RecordDispatcher dispatcher = new RecordDispatcher(ledger, baskets, metrics, clock);
            OutboxPublisher publisher = new OutboxPublisher(ledger, producer, metrics, clock, OUTBOX_BATCH);
            consumer = new BillingConsumer(kafkaConsumer, dispatcher, baskets, publisher, metrics,
                    Duration.ofMillis(config.pollTimeoutMs()), clock);
            Thread t = new Thread(consumer, "billing-consumer-" + config.storeId());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> LOG.error("{} died", thread.getName(), e));
            consumerThread = t;
            t.start();
            resumeStaffActions();
            resumeTimerId = vertx.setPeriodic(RESUME_PENDING_EVERY_MS, id -> resumeStaffActions());
            LOG.info("billing started: store={} currency={} group={} gateway={} catalog={} products",
                    config.storeId(), config.currency(), config.groupId(), gateway.name(),
                    catalog.get().products().size());
            return null;
        }, false).onFailure(e -> LOG.error("billing failed to start: {}", e.toString()));
    }

    /**
     * {@code GET /api/orders}, {@code GET /api/alerts}, {@code GET /v1/visits/:visitId/receipt},
     * {@code GET /v1/events} (receipts pushed to the device, server-sent events),
     * {@code POST /api/orders/:orderId/refunds}, {@code POST /api/alerts/:alertId/assign|dismiss|resolve}; mount
     * before or after start, behind the store's body handler and staff check.
     */
    public Router router() {
        return routes.router();
    }

    /** The ledger, for the store's read-only views (overview figures, order feed); not for writing. */
    public Ledger ledger() {
        return ledger;
    }

    /** The catalog in force now (it changes with {@link #reloadCatalog} and {@code PUT /api/catalog}). */
    public Catalog catalog() {
        return catalog.get();
    }

    /**
     * Puts another (already validated) catalog in force without a restart: baskets priced from now on use it.
     * For the store, e.g. when the catalog file changes; {@code PUT /api/catalog} does the same over HTTP.
     */
    public void reloadCatalog(Catalog next) {
        Catalog before = catalog.replace(next);
        LOG.info("catalog reloaded: {} products (was {})", next.products().size(), before.products().size());
    }

    /** Consumer thread alive and its last round reached the database. Never blocks. */
    public boolean running() {
        Thread t = consumerThread;
        BillingConsumer c = consumer;
        return migrated && t != null && t.isAlive() && c != null && c.healthy();
    }

    /** Stops the consumer (wakeup), waits for its thread, closes the producer and the ledger's connections. */
    public Future<Void> stop() {
        long timer = resumeTimerId;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return vertx.<Void>executeBlocking(() -> {
            BillingConsumer c = consumer;
            Thread t = consumerThread;
            if (c != null) {
                c.stop();
            }
            if (t != null) {
                t.join(10_000);
                if (t.isAlive()) {
                    LOG.warn("{} still running 10 s after stop", t.getName());
                }
            }
            KafkaProducer<String, byte[]> p = producer;
            if (p != null) {
                p.close(Duration.ofSeconds(5));
            }
            ledger.close();
            LOG.info("billing stopped");
            return null;
        }, false).onFailure(e -> LOG.warn("billing did not stop cleanly: {}", e.toString()));
    }

    /** Refunds and held-item charges left PENDING (no gateway answer, or a crash) are asked again, same key. */
    private void resumeStaffActions() {
        vertx.executeBlocking(() -> refunds.resumePending() + heldItems.resumePending(), false)
                .onSuccess(settled -> {
                    if (settled > 0) {
                        LOG.info("settled {} PENDING refunds and held-item charges", settled);
                    }
                })
                .onFailure(e -> LOG.warn("resuming PENDING refunds and held-item charges failed, retried in {} ms: {}",
                        RESUME_PENDING_EVERY_MS, e.toString()));
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "billing-" + config.storeId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // Values stay bytes here: RecordDispatcher deserializes per topic and skips poison records.
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "billing-outbox-" + config.storeId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Drops a password from a JDBC URL before logging it. */
    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
