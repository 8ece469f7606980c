package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's staff API on the whole store with the simulator: overview figures, map, inventory with
 * thresholds, history, order search and the replenishment CSV after a catalog reload raises a threshold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardApiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SHOPPERS = 3;

    private StoreFixture store;

    @BeforeAll
    void startStoreAndShop(@TempDir Path dataDir) {
        store = new StoreFixture(dataDir, SHOPPERS, 20_000, 11L);
        await().atMost(WAIT).until(store::readersConnected);
        store.sim.runShoppers(store.app.url(), StoreFixture.STAFF_KEY, line -> { }).join();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> store.sim.report(store.app.url(), StoreFixture.STAFF_KEY).allSettled());
    }

    @AfterAll
    void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    @Order(1)
    void shouldCountTodaysExitsRevenueAndLatencyInTheOverview() {
        JsonNode orders = json("api/orders");
        long charged = 0;
        for (JsonNode order : orders) {
            charged += order.get("totalMinor").asLong();
        }
        long expectedRevenue = charged;

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode overview = json("api/overview");
            assertThat(overview.get("status").asText()).isEqualTo("UP");
            assertThat(overview.get("exitsToday").asLong()).isEqualTo(orders.size());
            assertThat(overview.get("revenueTodayMinor").asLong()).isEqualTo(expectedRevenue);
            assertThat(overview.get("currency").asText()).isEqualTo("EUR");
            assertThat(overview.get("shoppers").asInt()).isZero();
            assertThat(overview.get("openAlerts").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(overview.get("readsPerSecond").has("r-exit")).isTrue();
            assertThat(overview.get("journalLag").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(overview.get("latency").get("orders").asLong()).isEqualTo(orders.size());
            assertThat(overview.get("latency").get("p50Ms").asLong()).isPositive();
            assertThat(overview.get("latency").get("p99Ms").asLong())
                    .isGreaterThanOrEqualTo(overview.get("latency").get("p50Ms").asLong());
            assertThat(overview.get("feed").findValuesAsText("kind")).contains("exit", "charge");
        });
    }

    @Test
    @Order(2)
    void shouldDrawTheLayoutZonesWithTheirItemCountsOnTheMap() {
        JsonNode map = json("api/map");
        List<String> zones = map.get("zones").findValuesAsText("id");
        long items = 0;
        for (JsonNode zone : map.get("zones")) {
            items += zone.get("items").asLong();
        }
        long inventoryItems = 0;
        for (JsonNode row : json("api/inventory")) {
            inventoryItems += row.get("count").asLong();
        }

        assertThat(zones).containsExactly("A1", "A2", "A3", "EXIT");
        assertThat(items).isPositive().isEqualTo(inventoryItems);
        assertThat(map.get("shoppers").asInt()).isZero();
    }

    @Test
    @Order(3)
    void shouldKeepContractFieldsAndAddThresholdsToInventory() {
        JsonNode inventory = json("api/inventory");

        assertThat(inventory.size()).isPositive();
        for (JsonNode row : inventory) {
            assertThat(row.get("gtin").asText()).hasSize(14);
            assertThat(row.get("name").isNull()).isFalse();
            assertThat(row.get("zone").asText()).isNotBlank();
            assertThat(row.get("count").asLong()).isPositive();
            assertThat(row.get("threshold").asInt()).isEqualTo(StoreSettings.DEFAULT_LOW_STOCK);
            assertThat(row.get("low").asBoolean())
                    .isEqualTo(row.get("floorCount").asLong() < row.get("threshold").asInt());
        }
    }

    @Test
    @Order(4)
    void shouldChartReadsAndExitsInTheHistory() {
        JsonNode history = json("api/history");

        assertThat(history.get("bucketMs").asLong()).isEqualTo(10_000);
        double reads = 0;
        double exits = 0;
        for (JsonNode bucket : history.get("buckets")) {
            reads += bucket.get("readsPerSecond").asDouble();
            exits += bucket.get("exitsPerMinute").asDouble();
        }
        assertThat(reads).isPositive();
        assertThat(exits).isPositive();
    }

    @Test
    @Order(5)
    void shouldFindAnOrderByOneOfItsEpcs() {
        JsonNode all = json("api/orders");
        JsonNode withLines = null;
        for (JsonNode order : all) {
            if (order.get("lines").size() > 0) {
                withLines = order;
            }
        }
        assertThat(withLines).as("some shopper took something").isNotNull();
        String epc = withLines.get("lines").get(0).get("epc").asText();

        JsonNode found = json("api/orders?epc=" + epc);

        assertThat(found.findValuesAsText("orderId")).containsExactly(withLines.get("orderId").asText());
        assertThat(json("api/orders?customer=" + withLines.get("customerId").asText()).size()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void shouldListProductUnderItsReloadedThresholdInTheReplenishmentCsv() {
        JsonNode row = json("api/inventory").get(0);
        String gtin = row.get("gtin").asText();
        long floorCount = row.get("floorCount").asLong();
        int threshold = (int) floorCount + 10;
        store.setLowStock(gtin, threshold);

        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> csv = store.staffCall("GET", "api/replenishment.csv", null);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("attachment; filename=\"replenishment-");
            String[] lines = csv.body().split("\n");
            assertThat(lines[0]).isEqualTo("gtin,name,floor_count,threshold,reorder_quantity");
            assertThat(lines).contains(gtin + "," + row.get("name").asText() + "," + floorCount + "," + threshold
                    + "," + (2L * threshold - floorCount));
        });
    }

    private JsonNode json(String path) {
        return store.staffJson(path);
    }
}
