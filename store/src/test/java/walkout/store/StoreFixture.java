package walkout.store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import walkout.store.config.StoreLayout;
import walkout.store.sim.SimConfig;
import walkout.store.sim.StoreSimulator;

/**
 * The bundled demo store for integration tests: simulated LLRP readers on free ports, then the whole store
 * (embedded broker, ingest, tracking, billing, HTTP on a free port) dialling them. Close it.
 */
final class StoreFixture implements AutoCloseable {
    static final String STAFF_KEY = "store-fixture-staff-key";

    final StoreSimulator sim;
    final StoreApp app;

    StoreFixture(Path dataDir, int shoppers, long durationMs, long seed) {
        StoreSettings settings = new StoreSettings(null, null, dataDir, null, null, 0, STAFF_KEY, "127.0.0.1");
        StoreFiles files = StoreFiles.load(settings);
        sim = new StoreSimulator(SimConfig.defaults(files.layout(),
                files.catalog().products().stream().map(p -> p.gtin()).toList(), shoppers, durationMs, seed),
                Clock.systemUTC());
        StoreApp started = null;
        try {
            StoreLayout layout = files.layout();
            for (Map.Entry<String, InetSocketAddress> reader : sim.startReaders().entrySet()) {
                layout = layout.withReaderAddress(reader.getKey(), "127.0.0.1", reader.getValue().getPort());
            }
            started = StoreApp.start(settings, layout, files.catalog(), Clock.systemUTC());
        } finally {
            if (started == null) {
                sim.close();
            }
        }
        app = started;
    }

    boolean readersConnected() {
        return app.health().readers().values().stream().allMatch("CONNECTED"::equals);
    }

    @Override
    public void close() {
        app.close();
        sim.close();
    }
}
