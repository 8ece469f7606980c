package walkout.tracking.inventory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.StockLevelChanged;

/**
 * Watches each product's floor count (summed over zones) against its low-stock threshold, on punctuation only (its
 * parents forward nothing; it is their child to share the floor counts and the task). Every {@code everyMs} of
 * stream time, and every {@code quietMs} of wall time so a catalog reload shows in a quiet store, it recomputes the
 * levels, keeps them in {@link #STORE}, and forwards a {@link StockLevelChanged} to {@link #SINK} when a product goes
 * below its threshold or comes back. A product never seen on the floor has no level; once seen, it keeps one (count
 * 0 when its last item left).
 *
 * <p>A product's count builds up read by read while the shelf antennas first take stock, so crossings are only
 * published from {@link #SETTLE_MS} of stream time after the product was first counted: a product stocked below its
 * threshold is signalled low then, and "recovered" is only ever published after a "low".
 */
public final class StockLevelProcessor implements Processor<Void, Void, String, StockLevelChanged> {
    /** Name of the key-value store of levels, keyed by {@code storeId|gtin}. */
    public static final String STORE = "tracking-stock-levels";
    /** Child node this processor forwards crossings to. */
    public static final String SINK = "stock-levels-sink";

    /** How long after a product's first count its level is trusted: several shelf inventory rounds. */
    public static final long SETTLE_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(StockLevelProcessor.class);

    private final StockThresholds thresholds;
    private final long everyMs;
    private final long quietMs;
    private ProcessorContext<String, StockLevelChanged> context;
    private KeyValueStore<String, FloorCount> floorCounts;
    private KeyValueStore<String, StockLevel> levels;

    public StockLevelProcessor(StockThresholds thresholds, long everyMs, long quietMs) {
        this.thresholds = thresholds;
        this.everyMs = everyMs;
        this.quietMs = quietMs;
    }

    @Override
    public void init(ProcessorContext<String, StockLevelChanged> context) {
        this.context = context;
        floorCounts = context.getStateStore(InventoryLedger.STORE);
        levels = context.getStateStore(STORE);
        context.schedule(Duration.ofMillis(everyMs), PunctuationType.STREAM_TIME, this::check);
        context.schedule(Duration.ofMillis(quietMs), PunctuationType.WALL_CLOCK_TIME,
                wallMs -> check(context.currentStreamTimeMs() >= 0 ? context.currentStreamTimeMs() : wallMs));
    }

    @Override
    public void process(Record<Void, Void> record) {
        // Never called: the parents forward nothing.
    }

    private void check(long atMillis) {
        Map<String, FloorCount> totals = new HashMap<>();
        try (KeyValueIterator<String, FloorCount> it = floorCounts.all()) {
            while (it.hasNext()) {
                FloorCount count = it.next().value;
                totals.merge(key(count.storeId(), count.gtin()), count,
                        (a, b) -> new FloorCount(a.storeId(), a.gtin(), null, a.count() + b.count()));
            }
        }
        Map<String, StockLevel> known = new HashMap<>();
        try (KeyValueIterator<String, StockLevel> it = levels.all()) {
            while (it.hasNext()) {
                KeyValue<String, StockLevel> entry = it.next();
                known.put(entry.key, entry.value);
            }
        }
        totals.forEach((key, total) -> update(key, total.storeId(), total.gtin(), total.count(), known.get(key),
                atMillis));
        known.forEach((key, level) -> {
            if (!totals.containsKey(key)) {
                update(key, level.storeId(), level.gtin(), 0, level, atMillis);
            }
        });
    }

    private void update(String key, String storeId, String gtin, long count, StockLevel before, long atMillis) {
        int threshold = thresholds.thresholdOf(gtin);
        boolean low = count < threshold;
        long firstSeen = before == null ? atMillis : before.firstSeenMillis();
        boolean wasSignalledLow = before != null && before.signalledLow();
        boolean signalLow = atMillis - firstSeen >= SETTLE_MS ? low : wasSignalledLow;
        if (before != null && before.floorCount() == count && before.threshold() == threshold
                && signalLow == wasSignalledLow) {
            return;
        }
        levels.put(key, new StockLevel(storeId, gtin, count, threshold, low, firstSeen, signalLow, atMillis));
        if (signalLow != wasSignalledLow) {
            LOG.info("stock {}: store={} gtin={} floorCount={} threshold={}", low ? "low" : "recovered", storeId,
                    gtin, count, threshold);
            context.forward(new Record<>(storeId, new StockLevelChanged(storeId, gtin, count, threshold, low,
                    atMillis), atMillis), SINK);
        }
    }

    private static String key(String storeId, String gtin) {
        return storeId + "|" + gtin;
    }
}
