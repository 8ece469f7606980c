package walkout.store;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.BillingApp;
import walkout.billing.BillingConfig;
import walkout.billing.catalog.Catalog;
import walkout.events.codec.DeviceTokenSigner;
import walkout.ingest.AntennaConfig;
import walkout.ingest.IngestApp;
import walkout.ingest.IngestConfig;
import walkout.ingest.ReaderConfig;
import walkout.store.config.StoreLayout;
import walkout.store.dashboard.CatalogStockThresholds;
import walkout.store.dashboard.DashboardRoutes;
import walkout.store.dashboard.DashboardSampler;
import walkout.store.http.EpcisRoutes;
import walkout.store.http.HttpRoutes;
import walkout.store.kafka.EmbeddedKafka;
import walkout.store.kafka.KafkaHealth;
import walkout.store.kafka.TopicCreator;
import walkout.tracking.TrackingApp;
import walkout.tracking.TrackingConfig;
import walkout.tracking.inventory.StockThresholds;

/**
 * One store in one JVM: Kafka (embedded unless an external cluster is given), billing, tracking, ingest and the
 * single HTTP server. {@link #start} brings the parts up in dependency order; {@link #close} takes them down in
 * reverse, so the relay flushes into a broker that is still there.
 */
public final class StoreApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreApp.class);
    private static final long START_TIMEOUT_MS = 60_000;
    /** How often the dashboard's overview and history are sampled. */
    private static final long SAMPLE_EVERY_MS = 1_000;
    /** "Today" on the dashboard is a UTC day: the layout has no time zone yet. */
    private static final ZoneId STORE_ZONE = ZoneId.of("UTC");

    private final StoreSettings settings;
    private final StoreLayout layout;
    private final Catalog catalog;
    private final Clock clock;
    private final String staffKey;

    private EmbeddedKafka embeddedKafka;
    private String kafkaBootstrap;
    private KafkaHealth kafkaHealth;
    private Vertx vertx;
    private BillingApp billing;
    private TrackingApp tracking;
    private IngestApp ingest;
    private HttpServer httpServer;
    private long sampleTimer = -1;
    private URI url;

    private StoreApp(StoreSettings settings, StoreLayout layout, Catalog catalog, Clock clock) {
        this.settings = settings;
        this.layout = layout;
        this.catalog = catalog;
        this.clock = clock;
        this.staffKey = settings.staffKey() != null ? settings.staffKey() : randomHex(16);
    }

    /** Starts every part; on failure stops what already started and rethrows. */
    public static StoreApp start(StoreSettings settings, StoreLayout layout, Catalog catalog, Clock clock) {
        StoreApp app = new StoreApp(settings, layout, catalog, clock);
        try {
            app.startParts();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startParts() {
        Path dataDir = settings.dataDir();
        createDirectories(dataDir);
        String bootstrap;
        if (settings.kafka() == null) {
            embeddedKafka = new EmbeddedKafka(dataDir);
            bootstrap = embeddedKafka.start();
        } else {
            bootstrap = settings.kafka();
        }
        TopicCreator.createMissing(bootstrap, START_TIMEOUT_MS);
        kafkaBootstrap = bootstrap;
        kafkaHealth = new KafkaHealth(bootstrap);

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);

        DeviceTokenSigner tokens = new DeviceTokenSigner(deviceTokenSecret(dataDir));
        vertx = Vertx.vertx();

        billing = new BillingApp(vertx, settings.payments().applyTo(BillingConfig.defaults(layout.store(),
                layout.currency(), settings.jdbcUrl(), bootstrap)), catalog, tokens, meters, clock);
        await(billing.start(), "billing");

        String exitZone = layout.exitZone().orElseThrow().id();
        StockThresholds thresholds = new CatalogStockThresholds(billing::catalog, settings.lowStock());
        tracking = new TrackingApp(TrackingConfig.defaults("walkout-tracking-" + layout.store(), bootstrap, exitZone)
                .withStockThresholds(thresholds), dataDir.resolve("tracking"));
        tracking.start();

        ingest = new IngestApp(vertx, ingestConfig(dataDir, bootstrap), tokens, meters, clock);
        await(ingest.start(), "ingest");

        DashboardSampler sampler = new DashboardSampler(clock, STORE_ZONE, layout.currency(), this::health,
                tracking::shoppers, billing.ledger(), meters, ingest::journalLag);
        sampleTimer = vertx.setPeriodic(SAMPLE_EVERY_MS, id -> vertx.executeBlocking(() -> {
            sampler.sample();
            return null;
        }, true).onFailure(e -> LOG.warn("dashboard sample failed: {}", e.toString())));
        DashboardRoutes dashboard = new DashboardRoutes(vertx, layout, billing::catalog,
                new DashboardRoutes.TrackingViews(tracking::inventory, tracking::stockLevels, tracking::shoppers,
                        thresholds), sampler, clock);
        HttpRoutes routes = new HttpRoutes(vertx, staffKey, meters, this::health, ingest.router(), billing.router(),
                dashboard.router(), sampler::overview, EpcisRoutes.router(vertx, tracking::epcisEvents, clock));
        httpServer = await(vertx.createHttpServer().requestHandler(routes.router())
                .listen(settings.httpPort(), settings.bind()), "HTTP server");
        url = URI.create("http://" + settings.bind() + ":" + httpServer.actualPort() + "/");
        LOG.info("store {} up at {}", layout.store(), url);
    }

    private IngestConfig ingestConfig(Path dataDir, String bootstrap) {
        List<ReaderConfig> readers = readerConfigs(layout);
        Map<String, String> beaconZones = layout.beacons().stream()
                .collect(Collectors.toMap(StoreLayout.Beacon::id, StoreLayout.Beacon::zone));
        Set<String> gates = layout.gates().stream().map(StoreLayout.Gate::id).collect(Collectors.toSet());
        return settings.ingest().applyTo(IngestConfig.defaults(layout.store(), readers, beaconZones, gates,
                dataDir.resolve("journal"), bootstrap));
    }

    /** The layout's readers as ingest takes them. */
    static List<ReaderConfig> readerConfigs(StoreLayout layout) {
        return layout.readers().stream()
                .map(r -> new ReaderConfig(r.id(), r.host(), r.port(), r.antennas().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey,
                                e -> new AntennaConfig(e.getValue().zone(), e.getValue().side()))),
                        r.identification(), r.tls()))
                .toList();
    }

    /** The store's health as {@code GET /health} reports it. */
    public Health health() {
        Map<String, Boolean> parts = new LinkedHashMap<>();
        parts.put("journal", ingest != null && ingest.journalUp());
        parts.put("relay", ingest != null && ingest.relayUp());
        parts.put("kafka", kafkaHealth != null && kafkaHealth.up());
        parts.put("tracking", tracking != null && tracking.running());
        parts.put("billing", billing != null && billing.running());
        Map<String, String> readers = ingest != null ? ingest.readerStates() : Map.of();
        return new Health(parts, readers, ingest != null ? ingest.journalAppended() : 0,
                ingest != null ? ingest.journalRelayed() : 0);
    }

    public URI url() {
        return url;
    }

    /** The Kafka cluster the store uses (the embedded broker's address unless --kafka was given). */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String staffKey() {
        return staffKey;
    }

    public StoreLayout layout() {
        return layout;
    }

    @Override
    public void close() {
        if (sampleTimer >= 0 && vertx != null) {
            vertx.cancelTimer(sampleTimer);
            sampleTimer = -1;
        }
        if (httpServer != null) {
            awaitQuietly(httpServer.close(), "HTTP server");
            httpServer = null;
        }
        if (ingest != null) {
            awaitQuietly(ingest.stop(), "ingest");
            ingest = null;
        }
        if (tracking != null) {
            tracking.close();
            tracking = null;
        }
        if (billing != null) {
            awaitQuietly(billing.stop(), "billing");
            billing = null;
        }
        if (vertx != null) {
            awaitQuietly(vertx.close(), "Vert.x");
            vertx = null;
        }
        if (kafkaHealth != null) {
            kafkaHealth.close();
            kafkaHealth = null;
        }
        if (embeddedKafka != null) {
            embeddedKafka.close();
            embeddedKafka = null;
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + what, e);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(what + " did not start: " + cause.getMessage(), cause);
        }
    }

    private static void awaitQuietly(Future<?> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping {}", what);
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly: {}", what, e.toString());
        }
    }

    /** The HMAC secret for device tokens: made once per data dir so tokens survive restarts. */
    private static byte[] deviceTokenSecret(Path dataDir) {
        Path file = dataDir.resolve("device-token.secret");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, randomHex(32));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    LOG.warn("cannot restrict permissions of {} on this file system", file);
                }
            }
            return HexFormat.of().parseHex(Files.readString(file).trim());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the device token secret " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data dir " + dir, e);
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Parts UP/DOWN, reader states, journal counters. UP when every part is; readers do not count. */
    public record Health(Map<String, Boolean> parts, Map<String, String> readers, long journalAppended,
                         long journalRelayed) {
        public boolean up() {
            return parts.values().stream().allMatch(Boolean::booleanValue);
        }
    }
}
