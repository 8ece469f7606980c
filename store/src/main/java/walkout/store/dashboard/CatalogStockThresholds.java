package walkout.store.dashboard;

import java.util.Objects;
import java.util.function.Supplier;
import walkout.billing.catalog.Catalog;
import walkout.billing.catalog.Product;
import walkout.tracking.inventory.StockThresholds;

/**
 * Low-stock thresholds from the catalog in force: a product's {@code low_stock} column, else the store's
 * {@code --low-stock} default. Reads the catalog on every call, so {@code PUT /api/catalog} takes effect at
 * tracking's next check. Thread-safe.
 */
public final class CatalogStockThresholds implements StockThresholds {
    private final Supplier<Catalog> catalog;
    private final int defaultThreshold;

    public CatalogStockThresholds(Supplier<Catalog> catalog, int defaultThreshold) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        if (defaultThreshold < 0) {
            throw new IllegalArgumentException("lowStock=" + defaultThreshold + " must be >= 0");
        }
        this.defaultThreshold = defaultThreshold;
    }

    @Override
    public int thresholdOf(String gtin) {
        return catalog.get().find(gtin).map(Product::lowStock).orElse(defaultThreshold);
    }
}
