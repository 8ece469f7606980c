package walkout.store.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import walkout.store.config.LayoutLoader;
import walkout.store.config.StoreLayout;

/** The bundled demo store, as the simulator's tests play it. */
final class SimFixtures {
    private SimFixtures() {
    }

    static StoreLayout layout() {
        return LayoutLoader.loadDemo();
    }

    /** The GTINs of the bundled demo catalog, read from the catalog file itself. */
    static List<String> gtins() {
        try (InputStream in = SimFixtures.class.getResourceAsStream("/walkout/demo/catalog.csv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")[0]).toList();
        } catch (IOException e) {
            throw new IllegalStateException("demo catalog unreadable", e);
        }
    }

    static SimConfig config(int shoppers, long durationMs, long seed) {
        return SimConfig.defaults(layout(), gtins(), shoppers, durationMs, seed);
    }
}
