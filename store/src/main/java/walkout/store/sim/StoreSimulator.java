package walkout.store.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.store.config.StoreLayout;

/**
 * Plays a whole store against the real system: one {@link LlrpReaderEmulator} per layout reader, and N shoppers
 * using the real HTTP device API, all acting on one {@link World} that knows the truth; then compares the truth with
 * what the store charged ({@link #report}).
 *
 * <p>Usage: {@link #startReaders()}, point ingest at the returned addresses, {@link #runShoppers} against the
 * store's base URL, wait for the future, wait until {@link SimReport#allSettled()}, print
 * {@link SimReport#render()}, {@link #close()}. Everything random comes from the config's seed; event times come
 * from the injected clock (readers stamp microseconds since the epoch, phones milliseconds).
 */
public final class StoreSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreSimulator.class);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final SimConfig config;
    private final Clock clock;
    private final Pace pace;
    private final World world;
    private final VisitPlanner.Schedule schedule;
    private final List<LlrpReaderEmulator> emulators = new ArrayList<>();
    private final List<ShopperRun> runs = new ArrayList<>();
    private final AtomicLong failedSightings = new AtomicLong();
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private ScheduledExecutorService scheduler;
    private CompletableFuture<Void> shoppersDone;
    private boolean closed;

    public StoreSimulator(SimConfig config, Clock clock) {
        this(config, clock, Pace.REAL);
    }

    StoreSimulator(SimConfig config, Clock clock, Pace pace) {
        this.config = config;
        this.clock = clock;
        this.pace = pace;
        this.world = new World(config);
        this.schedule = VisitPlanner.plan(config, world.initialStock(), pace);
        AtomicInteger httpThreads = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(r -> daemon(r, "sim-http-" + httpThreads.incrementAndGet()));
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on plain http, which phones do not do.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpExecutor)
                .connectTimeout(HTTP_TIMEOUT).build();
    }

    /**
     * Starts one simulated LLRP reader per layout reader, each on a free port of 127.0.0.1.
     *
     * @return reader id -> the address ingest should dial instead of the layout's, in layout order
     */
    public synchronized Map<String, InetSocketAddress> startReaders() {
        if (closed) {
            throw new IllegalStateException("simulator closed");
        }
        if (!emulators.isEmpty()) {
            throw new IllegalStateException("readers already started");
        }
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        for (StoreLayout.Reader reader : config.layout().readers()) {
            LlrpReaderEmulator emulator = new LlrpReaderEmulator(reader.id(),
                    (atMillis, periodMs) -> world.read(reader.id(), atMillis, periodMs), clock,
                    config.reportEveryMs(), LlrpReaderEmulator.DEFAULT_KEEPALIVE_EVERY_MS);
            emulators.add(emulator);
            try {
                addresses.put(reader.id(), emulator.start());
            } catch (IOException e) {
                throw new UncheckedIOException("reader " + reader.id() + ": cannot listen on 127.0.0.1", e);
            }
        }
        return addresses;
    }

    /**
     * Sends the shoppers in, staggered so their exits are at least {@code exitSpacingMs} apart and the run fits
     * {@code durationMs} when it can (one progress line says so when it cannot). Call once.
     *
     * @param storeUrl base URL of the store's HTTP server, e.g. {@code http://127.0.0.1:8080/}
     * @param staffKey the staff bearer key, to register the shoppers as customers
     * @param progress gets short lines as shoppers enter and walk out; called from the simulator's threads
     * @return completes when the last shopper walked out and left the portal; cancelled by {@link #close()}
     */
    public synchronized CompletableFuture<Void> runShoppers(URI storeUrl, String staffKey, Consumer<String> progress) {
        if (closed) {
            throw new IllegalStateException("simulator closed");
        }
        if (shoppersDone != null) {
            throw new IllegalStateException("shoppers already running");
        }
        if (schedule.fits()) {
            progress.accept(String.format(Locale.ROOT, "%d shoppers; the last one is through the exit in about %.0f s",
                    config.shoppers(), schedule.totalMs() / 1000.0));
        } else {
            progress.accept(String.format(Locale.ROOT, "%d shoppers with exits %.1f s apart need %.1f s, more than "
                            + "the %.1f s asked for: the run will take longer", config.shoppers(),
                    config.exitSpacingMs() / 1000.0, schedule.totalMs() / 1000.0, config.durationMs() / 1000.0));
        }
        AtomicInteger schedulerThreads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2,
                r -> daemon(r, "sim-shopper-" + schedulerThreads.incrementAndGet()));
        StoreApiClient api = new StoreApiClient(withSlash(storeUrl), http, HTTP_TIMEOUT);
        long startNanos = System.nanoTime();
        List<CompletableFuture<ShopperTruth>> futures = new ArrayList<>();
        for (VisitPlan plan : schedule.plans()) {
            ShopperRun run = new ShopperRun(plan, pace, config.shoppers(), world, api, staffKey, clock, scheduler,
                    progress, config.seed(), failedSightings);
            runs.add(run);
            futures.add(run.start(startNanos));
        }
        shoppersDone = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        shoppersDone.whenComplete((ok, failure) -> {
            if (failedSightings.get() > 0) {
                LOG.warn("{} beacon sightings were not accepted by the store", failedSightings.get());
            }
        });
        return shoppersDone;
    }

    /** The truth so far, one entry per shopper that started, in shopper order. */
    public synchronized List<ShopperTruth> truth() {
        return runs.stream().map(ShopperRun::truth).toList();
    }

    /**
     * {@code GET /api/orders} (staff key) compared with the truth so far. Safe to call repeatedly, e.g. until
     * {@link SimReport#allSettled()}.
     *
     * @throws StoreCallException when the store cannot be asked or answers something else than the order list
     */
    public SimReport report(URI storeUrl, String staffKey) {
        StoreApiClient api = new StoreApiClient(withSlash(storeUrl), http, HTTP_TIMEOUT);
        return SimReport.compare(truth(), api.orders(staffKey));
    }

    /** Beacon sightings the store did not accept. */
    public long failedSightings() {
        return failedSightings.get();
    }

    World world() {
        return world;
    }

    List<VisitPlan> plans() {
        return schedule.plans();
    }

    /** Stops the shoppers where they are and the simulated readers; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            awaitQuietly(scheduler);
        }
        if (shoppersDone != null && !shoppersDone.isDone()) {
            shoppersDone.completeExceptionally(new CancellationException("simulator closed"));
        }
        for (LlrpReaderEmulator emulator : emulators) {
            emulator.close();
        }
        httpExecutor.shutdownNow();
        awaitQuietly(httpExecutor);
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("simulator threads still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI withSlash(URI url) {
        String s = url.toString();
        return s.endsWith("/") ? url : URI.create(s + "/");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
