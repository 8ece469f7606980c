package walkout.tracking.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import walkout.tracking.inventory.StockLevel;

/** Reads the stock levels for the dashboard: one per product ever seen on the floor, sorted by GTIN. */
public final class StockLevelQuery {
    private StockLevelQuery() {
    }

    public static List<StockLevel> levels(ReadOnlyKeyValueStore<String, StockLevel> store) {
        List<StockLevel> result = new ArrayList<>();
        try (KeyValueIterator<String, StockLevel> it = store.all()) {
            it.forEachRemaining(entry -> result.add(entry.value));
        }
        result.sort(Comparator.comparing(StockLevel::gtin).thenComparing(StockLevel::storeId));
        return result;
    }
}
