package walkout.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/**
 * How long charging took in a run, from the orders billing recorded: basket closed (tracking's close time, event
 * time) to charge committed (billing's clock), in an HdrHistogram in milliseconds. The receipt is served from that
 * committed row, so {@code GET /v1/visits/{id}/receipt} answers from the moment of the commit.
 */
record ChargeLatency(long orders, long p50Ms, long p99Ms, long maxMs) {
    private static final long HIGHEST_MS = 3_600_000;

    /** Every charged order in {@code GET /api/orders}'s answer that has both times. */
    static ChargeLatency of(JsonNode orders) {
        Histogram histogram = new Histogram(HIGHEST_MS, 3);
        for (JsonNode order : orders) {
            JsonNode closed = order.get("closedAt");
            JsonNode charged = order.get("chargedAt");
            if (closed == null || closed.isNull() || charged == null || charged.isNull()) {
                continue;
            }
            long ms = Instant.parse(charged.asText()).toEpochMilli() - Instant.parse(closed.asText()).toEpochMilli();
            histogram.recordValue(Math.max(0, Math.min(ms, HIGHEST_MS)));
        }
        return new ChargeLatency(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getMaxValue());
    }

    String render() {
        return orders == 0 ? "No charged orders to time."
                : "Basket closed -> charge committed (receipt available), " + orders + " orders: p50 " + p50Ms
                        + " ms, p99 " + p99Ms + " ms, max " + maxMs + " ms";
    }
}
