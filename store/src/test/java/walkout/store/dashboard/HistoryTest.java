package walkout.store.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static final long T0 = 1_763_820_000_000L;

    @Test
    void shouldTurnBucketCountsIntoRatesWhenRendered() {
        History history = new History();
        history.record(T0 + 1_000, 50, 1, List.of(4_000L));
        history.record(T0 + 9_000, 50, 1, List.of(6_000L));
        history.record(T0 + 25_000, 10, 0, List.of());

        JsonArray buckets = history.toJson(T0 + 25_000).getJsonArray("buckets");

        assertThat(buckets).hasSize(3);
        JsonObject first = buckets.getJsonObject(0);
        assertThat(first.getDouble("readsPerSecond")).isEqualTo(10.0);
        assertThat(first.getDouble("exitsPerMinute")).isEqualTo(12.0);
        assertThat(first.getLong("latencyP50Ms")).isEqualTo(4_000L);
        assertThat(first.getLong("latencyP99Ms")).isEqualTo(6_000L);
        assertThat(buckets.getJsonObject(1).getDouble("readsPerSecond")).as("a quiet bucket is kept").isZero();
        assertThat(buckets.getJsonObject(1).getValue("latencyP50Ms")).isNull();
        assertThat(buckets.getJsonObject(2).getDouble("readsPerSecond")).isEqualTo(1.0);
    }

    @Test
    void shouldDropBucketsOlderThanAnHour() {
        History history = new History();
        history.record(T0, 5, 0, List.of());
        history.record(T0 + History.WINDOW_MS + 5_000, 7, 0, List.of());

        JsonArray buckets = history.toJson(T0 + History.WINDOW_MS + 5_000).getJsonArray("buckets");

        assertThat(buckets).hasSize((int) (History.WINDOW_MS / History.BUCKET_MS));
        assertThat(buckets.getJsonObject(0).getDouble("readsPerSecond")).as("the T0 bucket is gone").isZero();
    }

    @Test
    void shouldTakeLatencyPercentilesOverTheSpanOnly() {
        History history = new History();
        history.record(T0, 0, 0, List.of(100_000L));
        for (long ms = 1; ms <= 100; ms++) {
            history.record(T0 + 600_000, 0, 0, List.of(ms));
        }

        History.Latency latency = history.latency(T0 + 600_000, 300_000);

        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50Ms()).isEqualTo(50);
        assertThat(latency.p99Ms()).isEqualTo(99);
    }
}
