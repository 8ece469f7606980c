package walkout.store;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.codec.Json;
import walkout.store.config.StoreLayout;
import walkout.store.sim.SimConfig;
import walkout.store.sim.SimReport;
import walkout.store.sim.StoreSimulator;

/**
 * One `./walkout demo`: simulated readers first (on free ports), then the store dialling them, then the shoppers;
 * at the end (or on Ctrl-C) the simulator's truth against what billing charged.
 */
final class DemoRun implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    /** How long to wait for the last baskets to be charged once the last shopper walked out. */
    private static final long SETTLE_TIMEOUT_MS = 30_000;
    private static final long SETTLE_POLL_MS = 500;

    private final StoreSettings settings;
    private final StoreFiles files;
    private final SimConfig simConfig;
    private final Clock clock;
    private final PrintStream out;
    private final AtomicBoolean reported = new AtomicBoolean();

    DemoRun(StoreSettings settings, StoreFiles files, SimConfig simConfig, Clock clock, PrintStream out) {
        this.settings = settings;
        this.files = files;
        this.simConfig = simConfig;
        this.clock = clock;
        this.out = out;
    }

    @Override
    public Integer call() {
        long startedMs = clock.millis();
        out.println("Walkout demo: " + simConfig.shoppers() + " shoppers, seed " + simConfig.seed()
                + ", data in " + settings.dataDir());
        StoreSimulator sim = new StoreSimulator(simConfig, clock);
        StoreApp app = null;
        Thread hook = null;
        try {
            StoreLayout layout = files.layout();
            for (Map.Entry<String, InetSocketAddress> reader : sim.startReaders().entrySet()) {
                layout = layout.withReaderAddress(reader.getKey(), reader.getValue().getAddress().getHostAddress(),
                        reader.getValue().getPort());
            }
            out.println("Starting the store (embedded Kafka, ingest, tracking, billing)...");
            app = StoreApp.start(settings, layout, files.catalog(), clock);
            StoreApp running = app;
            hook = new Thread(() -> {
                report(sim, running);
                running.close();
                sim.close();
            }, "walkout-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Store up in " + (clock.millis() - startedMs) / 1000.0 + " s");
            out.println("  dashboard and API: " + app.url());
            out.println("  staff key:         " + app.staffKey());
            out.println("Shoppers walking in...");
            sim.runShoppers(app.url(), app.staffKey(), line -> out.println("  " + line)).join();
            out.println("Last shopper out; waiting for their baskets to be charged...");
            SimReport report = awaitSettled(sim, app);
            printChargeLatency(app);
            return report.perfect() ? WalkoutCli.EXIT_OK : WalkoutCli.EXIT_WRONG_CHARGES;
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    LOG.debug("JVM already shutting down; the hook reports and closes");
                }
            }
            if (app != null) {
                app.close();
            }
            sim.close();
            out.println("Demo took " + (clock.millis() - startedMs) / 1000.0 + " s");
        }
    }

    private SimReport awaitSettled(StoreSimulator sim, StoreApp app) {
        long deadline = clock.millis() + SETTLE_TIMEOUT_MS;
        SimReport report = sim.report(app.url(), app.staffKey());
        while (!report.allSettled() && clock.millis() < deadline) {
            try {
                Thread.sleep(SETTLE_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            report = sim.report(app.url(), app.staffKey());
        }
        if (!report.allSettled()) {
            out.println("Not every basket was charged within " + SETTLE_TIMEOUT_MS / 1000 + " s.");
        }
        printOnce(report);
        return report;
    }

    private void printChargeLatency(StoreApp app) {
        HttpRequest request = HttpRequest.newBuilder(app.url().resolve("api/orders?limit=1000"))
                .header("Authorization", "Bearer " + app.staffKey()).GET().build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            out.println(ChargeLatency.of(Json.MAPPER.readTree(response.body())).render());
        } catch (IOException e) {
            out.println("No charge latency: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("No charge latency: interrupted");
        }
    }

    private void report(StoreSimulator sim, StoreApp app) {
        if (!reported.get()) {
            try {
                printOnce(sim.report(app.url(), app.staffKey()));
            } catch (RuntimeException e) {
                out.println("No summary: " + e.getMessage());
            }
        }
    }

    private void printOnce(SimReport report) {
        if (reported.compareAndSet(false, true)) {
            out.println();
            out.println(report.render());
            out.println(report.perfect()
                    ? "Every item taken was charged to the shopper who took it; nothing was charged wrongly."
                    : "Some items were charged wrongly or missed: see the table above.");
        }
    }
}
