package walkout.tracking.inventory;

/**
 * The low-stock threshold of each product: a product is low while fewer than {@code thresholdOf(gtin)} of its
 * items are on the shop floor. Tracking asks again on every check, so an implementation backed by a reloadable
 * catalog takes effect without a restart. Must be thread-safe and fast (called from stream threads).
 */
@FunctionalInterface
public interface StockThresholds {
    /** Default threshold when nothing else is configured. */
    int DEFAULT_LOW_STOCK = 3;

    /** The threshold of the product with this GTIN-14, >= 0 (0 means never low). */
    int thresholdOf(String gtin);

    /** The same threshold for every product. */
    static StockThresholds uniform(int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("lowStock=" + threshold + " must be >= 0");
        }
        return gtin -> threshold;
    }
}
