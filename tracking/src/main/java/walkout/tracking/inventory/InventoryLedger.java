package walkout.tracking.inventory;

import org.apache.kafka.streams.state.KeyValueStore;
import walkout.tracking.item.ItemState;
import walkout.tracking.item.ItemStatus;

/**
 * Keeps the floor count per store, product and zone up to date as item states change, so the dashboard's query
 * reads a handful of counts instead of every item. An item counts on the floor when it is {@code ON_FLOOR} and
 * has a zone from a non-portal read. Not thread-safe: one per processor instance.
 */
public final class InventoryLedger {
    /** Name of the key-value store holding floor counts, keyed by {@code storeId|gtin|zone}. */
    public static final String STORE = "tracking-inventory";

    private final KeyValueStore<String, FloorCount> counts;

    public InventoryLedger(KeyValueStore<String, FloorCount> counts) {
        this.counts = counts;
    }

    /** Moves the item's count from where {@code before} put it to where {@code after} puts it (null = new item). */
    public void move(ItemState before, ItemState after) {
        String from = floorKey(before);
        String to = floorKey(after);
        if (from == null ? to == null : from.equals(to)) {
            return;
        }
        if (from != null) {
            add(from, before, -1);
        }
        if (to != null) {
            add(to, after, +1);
        }
    }

    private void add(String key, ItemState item, long delta) {
        FloorCount current = counts.get(key);
        long next = (current == null ? 0 : current.count()) + delta;
        if (next <= 0) {
            counts.delete(key);
        } else {
            counts.put(key, new FloorCount(item.storeId(), item.gtin(), item.zone(), next));
        }
    }

    private static String floorKey(ItemState item) {
        if (item == null || item.status() != ItemStatus.ON_FLOOR || item.zone() == null || item.gtin() == null) {
            return null;
        }
        return item.storeId() + "|" + item.gtin() + "|" + item.zone();
    }
}
