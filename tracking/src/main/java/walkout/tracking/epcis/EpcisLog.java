package walkout.tracking.epcis;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import walkout.events.EpcisObjectEvent;

/**
 * Records EPCIS events: each one goes into {@link #STORE} under {@link #key(long, String)} (event time first, so
 * the store iterates in time order for {@code GET /api/epcis/events}) and to {@link #SINK}. An event already in
 * the store (same cause, same id: a re-sent read or item-sold) is neither stored nor published again.
 */
public final class EpcisLog {
    /** Key-value store of the EPCIS events still within retention. */
    public static final String STORE = "tracking-epcis-events";
    /** Sink node writing to the EPCIS topic. */
    public static final String SINK = "epcis-sink";

    private final KeyValueStore<String, EpcisObjectEvent> store;
    private final ProcessorContext<String, ? super EpcisObjectEvent> context;

    public EpcisLog(ProcessorContext<String, ? super EpcisObjectEvent> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    /** Stores and publishes {@code event}, keyed on the topic by {@code storeId}; false when it was already there. */
    public boolean record(String storeId, EpcisObjectEvent event) {
        long atMillis = event.eventTimeMillis();
        String key = key(atMillis, event.eventID());
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, event);
        context.forward(new Record<>(storeId, event, atMillis), SINK);
        return true;
    }

    /** Deletes the events older than {@code beforeMillis}; returns how many. */
    public int prune(long beforeMillis) {
        String cutoff = key(beforeMillis, "");
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, EpcisObjectEvent> it = store.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (key.compareTo(cutoff) >= 0) {
                    break;
                }
                old.add(key);
            }
        }
        old.forEach(store::delete);
        return old.size();
    }

    /** Zero-padded event time, a colon, the event id: string order is time order. */
    public static String key(long atMillis, String eventId) {
        return String.format("%015d:%s", Math.max(0, atMillis), eventId);
    }
}
