package walkout.tracking.inventory;

/** Items of one product on the floor in one zone of one store, as kept in {@link InventoryLedger#STORE}. */
public record FloorCount(String storeId, String gtin, String zone, long count) {
}
