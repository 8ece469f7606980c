package walkout.tracking.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import walkout.tracking.ShopperPosition;
import walkout.tracking.visit.Visit;

/** Reads the open visits for the dashboard's map: where each shopper in the store was last heard. */
public final class VisitQuery {
    private VisitQuery() {
    }

    /** Every open visit, oldest entry first. */
    public static List<ShopperPosition> positions(ReadOnlyKeyValueStore<String, Visit> visits) {
        List<ShopperPosition> result = new ArrayList<>();
        try (KeyValueIterator<String, Visit> it = visits.all()) {
            it.forEachRemaining(entry -> {
                Visit v = entry.value;
                String zone = v.trail().isEmpty() ? null : v.trail().get(v.trail().size() - 1);
                result.add(new ShopperPosition(v.visitId(), v.customerId(), zone, v.enteredAtMillis()));
            });
        }
        result.sort(Comparator.comparingLong(ShopperPosition::enteredAtMillis).thenComparing(ShopperPosition::visitId));
        return result;
    }
}
