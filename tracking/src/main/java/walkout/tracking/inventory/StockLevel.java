package walkout.tracking.inventory;

/**
 * A product's floor count (all zones) against its low-stock threshold, as kept in {@link StockLevelProcessor#STORE}
 * and served to the dashboard.
 *
 * @param low             {@code floorCount < threshold}
 * @param firstSeenMillis stream time the product was first counted on the floor
 * @param signalledLow    whether the last {@code StockLevelChanged} published for it said low
 * @param atMillis        stream time of the last change, epoch milliseconds
 */
public record StockLevel(String storeId, String gtin, long floorCount, int threshold, boolean low,
                         long firstSeenMillis, boolean signalledLow, long atMillis) {
    /** Items to bring to the floor so the count is back at twice the threshold; 0 when not low. */
    public long reorderQuantity() {
        return low ? Math.max(0, 2L * threshold - floorCount) : 0;
    }
}
