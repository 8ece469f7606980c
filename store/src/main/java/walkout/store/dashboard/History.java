package walkout.store.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The last hour of the store in fixed buckets, for the dashboard's charts: tag reads, exits (closed baskets) and
 * pipeline latencies recorded into the bucket of the time they are recorded at. Buckets older than the window are
 * dropped; empty buckets in between are kept so a chart's x axis is time. Thread-safe (synchronized; small).
 */
public final class History {
    /** Bucket width. */
    public static final long BUCKET_MS = 10_000;
    /** How far back the history goes. */
    public static final long WINDOW_MS = 3_600_000;

    private final Deque<Bucket> buckets = new ArrayDeque<>();

    /** Adds reads, exits and latencies (milliseconds) seen at {@code atMillis}. */
    public synchronized void record(long atMillis, long reads, long exits, List<Long> latenciesMs) {
        Bucket bucket = bucketAt(atMillis);
        bucket.reads += reads;
        bucket.exits += exits;
        bucket.latenciesMs.addAll(latenciesMs);
    }

    /** p50 and p99 of the latencies recorded in the last {@code spanMs} before {@code nowMillis}; -1 when none. */
    public synchronized Latency latency(long nowMillis, long spanMs) {
        List<Long> all = new ArrayList<>();
        for (Bucket b : buckets) {
            if (b.startMillis + BUCKET_MS > nowMillis - spanMs) {
                all.addAll(b.latenciesMs);
            }
        }
        return new Latency(percentile(all, 50), percentile(all, 99), all.size());
    }

    /** Latency percentiles over some span, -1 when {@code count} is 0. */
    public record Latency(long p50Ms, long p99Ms, long count) {
    }

    /**
     * {@code {"bucketMs":10000,"buckets":[{"start","readsPerSecond","exitsPerMinute","latencyP50Ms","latencyP99Ms"}]}}
     * oldest first, up to {@code nowMillis}; latency fields are null for a bucket without charges.
     */
    public synchronized JsonObject toJson(long nowMillis) {
        bucketAt(nowMillis);
        JsonArray out = new JsonArray();
        for (Bucket b : buckets) {
            long p50 = percentile(b.latenciesMs, 50);
            long p99 = percentile(b.latenciesMs, 99);
            out.add(new JsonObject()
                    .put("start", Instant.ofEpochMilli(b.startMillis).toString())
                    .put("readsPerSecond", b.reads * 1000.0 / BUCKET_MS)
                    .put("exitsPerMinute", b.exits * 60_000.0 / BUCKET_MS)
                    .put("latencyP50Ms", p50 < 0 ? null : p50)
                    .put("latencyP99Ms", p99 < 0 ? null : p99));
        }
        return new JsonObject().put("bucketMs", BUCKET_MS).put("buckets", out);
    }

    /** The bucket holding {@code atMillis}, creating it and any empty ones since the newest; drops old ones. */
    private Bucket bucketAt(long atMillis) {
        long start = Math.floorDiv(atMillis, BUCKET_MS) * BUCKET_MS;
        if (buckets.isEmpty()) {
            buckets.addLast(new Bucket(start));
        }
        while (buckets.getLast().startMillis < start) {
            buckets.addLast(new Bucket(buckets.getLast().startMillis + BUCKET_MS));
        }
        while (!buckets.isEmpty() && buckets.getFirst().startMillis <= start - WINDOW_MS) {
            buckets.removeFirst();
        }
        // A time before the newest bucket (a late record) goes into the bucket it belongs to, if still kept.
        for (var it = buckets.descendingIterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (b.startMillis <= start) {
                return b;
            }
        }
        return buckets.getFirst();
    }

    /** Nearest-rank percentile; -1 for no values. */
    static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static final class Bucket {
        final long startMillis;
        long reads;
        long exits;
        final List<Long> latenciesMs = new ArrayList<>();

        Bucket(long startMillis) {
            this.startMillis = startMillis;
        }
    }
}
