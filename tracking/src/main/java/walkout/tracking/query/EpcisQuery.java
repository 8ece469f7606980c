package walkout.tracking.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import walkout.events.EpcisObjectEvent;
import walkout.tracking.epcis.EpcisLog;

/**
 * Pages through the EPCIS events tracking keeps (see {@link EpcisLog}), oldest first, and wraps a page in an EPCIS
 * 2.0 EPCISDocument.
 */
public final class EpcisQuery {
    /** Page size when the caller names none. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest page a caller may ask for. */
    public static final int MAX_LIMIT = 1000;

    private EpcisQuery() {
    }

    /**
     * Up to {@code limit} events with event time at or after {@code sinceMillis}, and after the page token
     * {@code after} when given (the {@link EpcisPage#nextPageToken()} of the previous page).
     */
    public static EpcisPage page(ReadOnlyKeyValueStore<String, EpcisObjectEvent> store, long sinceMillis,
                                 String after, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit=" + limit + " must be between 1 and " + MAX_LIMIT);
        }
        String from = EpcisLog.key(sinceMillis, "");
        if (after != null && after.compareTo(from) >= 0) {
            from = after;
        }
        List<EpcisObjectEvent> events = new ArrayList<>();
        String lastKey = null;
        boolean more = false;
        try (KeyValueIterator<String, EpcisObjectEvent> it = store.range(from, null)) {
            while (it.hasNext()) {
                KeyValue<String, EpcisObjectEvent> entry = it.next();
                if (entry.key.equals(after)) {
                    continue;
                }
                if (events.size() == limit) {
                    more = true;
                    break;
                }
                events.add(entry.value);
                lastKey = entry.key;
            }
        }
        return new EpcisPage(events, more ? lastKey : null);
    }

    /** An EPCIS 2.0 EPCISDocument holding {@code events}, created at {@code created}. */
    public static Map<String, Object> document(List<EpcisObjectEvent> events, Instant created) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@context", List.of(EpcisObjectEvent.CONTEXT));
        document.put("type", "EPCISDocument");
        document.put("schemaVersion", "2.0");
        document.put("creationDate", created.toString());
        document.put("epcisBody", Map.of("eventList", events));
        return document;
    }

    /**
     * One page of events.
     *
     * @param nextPageToken pass as {@code after} for the next page; null when this page is the last
     */
    public record EpcisPage(List<EpcisObjectEvent> events, String nextPageToken) {
        public EpcisPage {
            events = List.copyOf(events);
        }
    }
}
