package walkout.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import walkout.billing.catalog.Catalog;
import walkout.billing.catalog.CatalogException;
import walkout.billing.catalog.Product;
import walkout.store.config.ConfigException;
import walkout.store.config.LayoutLoader;
import walkout.store.config.StoreLayout;

/** Loads the layout and catalog named by the settings (or the bundled demo ones) and checks they fit together. */
public record StoreFiles(StoreLayout layout, Catalog catalog) {
    /** Classpath resource of the demo store's catalog. */
    public static final String DEMO_CATALOG = "/walkout/demo/catalog.csv";

    public static StoreFiles load(StoreSettings settings) {
        StoreLayout layout = settings.layoutFile() == null ? LayoutLoader.loadDemo()
                : LayoutLoader.load(settings.layoutFile());
        Catalog catalog;
        try {
            catalog = settings.catalogFile() == null ? demoCatalog() : Catalog.load(settings.catalogFile());
        } catch (CatalogException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        for (Product p : catalog.products()) {
            if (!p.currency().equals(layout.currency())) {
                throw new ConfigException("catalog: GTIN " + p.gtin() + " is priced in " + p.currency()
                        + " but the store " + layout.store() + " sells in " + layout.currency());
            }
        }
        return new StoreFiles(layout, catalog);
    }

    private static Catalog demoCatalog() {
        try (InputStream in = StoreFiles.class.getResourceAsStream(DEMO_CATALOG)) {
            if (in == null) {
                throw new ConfigException("the bundled demo catalog " + DEMO_CATALOG + " is missing from the jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Catalog.read(reader, "demo catalog");
            }
        } catch (IOException e) {
            throw new ConfigException("demo catalog: cannot read: " + e.getMessage(), e);
        }
    }
}
