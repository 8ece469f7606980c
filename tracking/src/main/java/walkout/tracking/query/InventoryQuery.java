package walkout.tracking.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import walkout.tracking.InventoryCount;
import walkout.tracking.inventory.FloorCount;

/** Reads the floor counts into the dashboard's shape: one count per product and zone, sorted by GTIN then zone. */
public final class InventoryQuery {
    private InventoryQuery() {
    }

    public static List<InventoryCount> floorCounts(ReadOnlyKeyValueStore<String, FloorCount> counts) {
        Map<String, InventoryCount> byProductAndZone = new TreeMap<>();
        try (KeyValueIterator<String, FloorCount> it = counts.all()) {
            while (it.hasNext()) {
                FloorCount count = it.next().value;
                byProductAndZone.merge(count.gtin() + "|" + count.zone(),
                        new InventoryCount(count.gtin(), count.zone(), count.count()),
                        (a, b) -> new InventoryCount(a.gtin(), a.zone(), a.count() + b.count()));
            }
        }
        List<InventoryCount> result = new ArrayList<>(byProductAndZone.values());
        result.sort(Comparator.comparing(InventoryCount::gtin).thenComparing(InventoryCount::zone));
        return result;
    }
}
