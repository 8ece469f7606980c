package walkout.events;

/**
 * A product's floor count crossed its low-stock threshold: {@code low} true when the count dropped below the
 * threshold, false when it came back to it or above. Published by tracking; the dashboard and replenishment read it.
 *
 * @param floorCount items of the product on the shop floor (all zones) at {@code atMillis}
 * @param threshold  the product's low-stock threshold in force then
 * @param atMillis   stream time (event time of the latest read) when the crossing was noticed, epoch milliseconds
 */
public record StockLevelChanged(String storeId, String gtin, long floorCount, int threshold, boolean low,
                                long atMillis) {
}
