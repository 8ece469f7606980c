package walkout.tracking.item;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The tag-read record ids tracking has already applied, so that a read the relay sends again (at-least-once from
 * the journal after a crash) is not counted twice: a second copy would add a read to the item's travel and shift
 * its co-travel share, which can change who it is charged to. Kept in a window store of {@link #RETENTION} (event
 * time) keyed by record id at the read's event time; a copy older than that is no longer recognised, and the item
 * state already ignores floor reads older than its last one.
 */
public final class SeenRecords {
    /** Name of the window store of applied record ids. */
    public static final String STORE = "tracking-seen-records";
    /** How long (event time) a record id is remembered: far longer than a relay restart takes. */
    public static final Duration RETENTION = Duration.ofMinutes(15);

    private final WindowStore<String, Long> seen;

    public SeenRecords(WindowStore<String, Long> seen) {
        this.seen = seen;
    }

    /** The store, for the topology. Window size 1 ms: one entry per record id and event time. */
    public static StoreBuilder<WindowStore<String, Long>> storeBuilder() {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, RETENTION, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long());
    }

    /**
     * True the first time {@code recordId} at {@code atMillis} is seen (and remembers it); false for a copy. A read
     * without a record id cannot be told from a copy and always counts.
     */
    public boolean firstTime(String recordId, long atMillis) {
        if (recordId == null) {
            return true;
        }
        if (seen.fetch(recordId, atMillis) != null) {
            return false;
        }
        seen.put(recordId, atMillis, atMillis);
        return true;
    }
}
