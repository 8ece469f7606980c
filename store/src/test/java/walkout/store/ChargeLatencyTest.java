package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import walkout.events.codec.Json;

class ChargeLatencyTest {

    @Test
    void shouldTimeChargedOrdersFromBasketCloseToCommit() throws Exception {
        JsonNode orders = Json.MAPPER.readTree("""
                [{"closedAt":"2026-11-22T16:00:00.000Z","chargedAt":"2026-11-22T16:00:00.150Z"},
                 {"closedAt":"2026-11-22T16:01:00.000Z","chargedAt":"2026-11-22T16:01:00.300Z"},
                 {"closedAt":"2026-11-22T16:02:00.000Z","chargedAt":null},
                 {"closedAt":"2026-11-22T16:03:00.000Z","chargedAt":"2026-11-22T16:03:02.000Z"}]
                """);

        ChargeLatency latency = ChargeLatency.of(orders);

        assertThat(latency.orders()).isEqualTo(3);
        assertThat(latency.p50Ms()).isEqualTo(300);
        assertThat(latency.maxMs()).isBetween(1999L, 2001L);
        assertThat(latency.render()).contains("3 orders").contains("p50 300 ms");
    }

    @Test
    void shouldSaySoWhenNothingWasCharged() throws Exception {
        assertThat(ChargeLatency.of(Json.MAPPER.readTree("[]")).render()).isEqualTo("No charged orders to time.");
    }
}
