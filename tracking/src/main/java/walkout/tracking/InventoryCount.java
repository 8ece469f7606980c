package walkout.tracking;

/** How many items of one product are on the shop floor in one zone. {@code gtin} is the GTIN-14. */
public record InventoryCount(String gtin, String zone, long count) {
}
