package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import walkout.events.codec.Json;

class SimReportTest {
    private static final String E1 = "30340000000000000000000A";
    private static final String E2 = "30340000000000000000000B";
    private static final String E3 = "30340000000000000000000C";
    private static final String E4 = "30340000000000000000000D";
    private static final String E5 = "30340000000000000000000E";

    @Test
    void shouldCountEverythingCorrectWhenEachShopperIsChargedExactlyWhatTheyTook() {
        List<ShopperTruth> truth = List.of(
                new ShopperTruth("Ada", "c-1", "v-1", List.of(E1, E2), true),
                new ShopperTruth("Grace", "c-2", "v-2", List.of(E3), true));
        List<StoreApiClient.Order> orders = List.of(order("v-1", "CHARGED", E2, E1), order("v-2", "CHARGED", E3));

        SimReport report = SimReport.compare(truth, orders);

        assertThat(report.totalTaken()).isEqualTo(3);
        assertThat(report.totalCharged()).isEqualTo(3);
        assertThat(report.totalCorrect()).isEqualTo(3);
        assertThat(report.totalWrong()).isZero();
        assertThat(report.totalMissed()).isZero();
        assertThat(report.perfect()).isTrue();
        assertThat(report.allSettled()).isTrue();
    }

    @Test
    void shouldCountWrongAndMissedWhenAnItemIsChargedToTheOtherShopper() {
        List<ShopperTruth> truth = List.of(
                new ShopperTruth("Ada", "c-1", "v-1", List.of(E1, E2), true),
                new ShopperTruth("Grace", "c-2", "v-2", List.of(E3), true));
        // E2 went out with Ada but was charged to Grace.
        List<StoreApiClient.Order> orders = List.of(order("v-1", "CHARGED", E1), order("v-2", "CHARGED", E3, E2));

        SimReport report = SimReport.compare(truth, orders);

        SimReport.ShopperResult ada = report.shoppers().get(0);
        SimReport.ShopperResult grace = report.shoppers().get(1);
        assertThat(ada.taken()).isEqualTo(2);
        assertThat(ada.charged()).isEqualTo(1);
        assertThat(ada.correct()).isEqualTo(1);
        assertThat(ada.missed()).isEqualTo(1);
        assertThat(ada.wrong()).isZero();
        assertThat(grace.charged()).isEqualTo(2);
        assertThat(grace.correct()).isEqualTo(1);
        assertThat(grace.wrong()).isEqualTo(1);
        assertThat(report.perfect()).isFalse();
        assertThat(report.totalWrong()).isEqualTo(1);
        assertThat(report.totalMissed()).isEqualTo(1);
    }

    @Test
    void shouldCountDuplicateLineAsWrongWhenAnItemIsChargedTwice() {
        List<ShopperTruth> truth = List.of(new ShopperTruth("Ada", "c-1", "v-1", List.of(E1), true));

        SimReport report = SimReport.compare(truth, List.of(order("v-1", "CHARGED", E1, E1)));

        assertThat(report.shoppers().get(0).correct()).isEqualTo(1);
        assertThat(report.shoppers().get(0).wrong()).isEqualTo(1);
        assertThat(report.perfect()).isFalse();
    }

    @Test
    void shouldNotBeSettledWhenAVisitThatWalkedOutHasNoOrderYet() {
        List<ShopperTruth> truth = List.of(
                new ShopperTruth("Ada", "c-1", "v-1", List.of(E1), true),
                new ShopperTruth("Grace", "c-2", "v-2", List.of(E2), true),
                new ShopperTruth("Alan", "c-3", "v-3", List.of(E3), true));
        List<StoreApiClient.Order> orders = List.of(order("v-1", "CHARGED", E1), order("v-2", "PENDING", E2));

        SimReport report = SimReport.compare(truth, orders);

        assertThat(report.allSettled()).isFalse();
        assertThat(report.shoppers()).extracting(SimReport.ShopperResult::settled).containsExactly(true, false,
                false);
        assertThat(report.shoppers().get(1).charged()).isZero();
        assertThat(report.totalMissed()).isEqualTo(2);
        assertThat(report.render()).contains("Grace (no order yet)", "Alan (no order yet)")
                .doesNotContain("Ada (").contains("all settled: no   perfect: no");
    }

    @Test
    void shouldIgnoreOtherVisitsExceptForItemsOurShoppersTookWhenComparing() {
        List<ShopperTruth> truth = List.of(new ShopperTruth("Ada", "c-1", "v-1", List.of(E1, E4), true),
                new ShopperTruth("Grace", "c-2", null, List.of(), false));
        List<StoreApiClient.Order> orders = List.of(order("v-1", "CHARGED", E1),
                order("v-old", "CHARGED", E5), order("v-other", "CHARGED", E4));

        SimReport report = SimReport.compare(truth, orders);

        assertThat(report.totalWrong()).isEqualTo(1);
        assertThat(report.totalMissed()).isEqualTo(1);
        assertThat(report.allSettled()).isTrue();
        assertThat(report.render()).contains("(other visits)").contains("Grace (did not walk out)");
    }

    @Test
    void shouldRenderAlignedTableWithTotalsAndVerdict() {
        List<ShopperTruth> truth = List.of(
                new ShopperTruth("Ada", "c-1", "v-1", List.of(E1, E2), true),
                new ShopperTruth("Margaret", "c-22", "v-22", List.of(E3), true));
        SimReport report = SimReport.compare(truth, List.of(order("v-1", "CHARGED", E1, E2),
                order("v-22", "CHARGED", E3)));

        String[] lines = report.render().split("\n");

        assertThat(lines).hasSize(5);
        assertThat(lines[0].split("\\s+")).containsExactly("shopper", "customer", "visit", "taken", "charged",
                "correct", "wrong", "missed");
        assertThat(lines[1].split("\\s+")).containsExactly("Ada", "c-1", "v-1", "2", "2", "2", "0", "0");
        assertThat(lines[3].split("\\s+")).containsExactly("total", "3", "3", "3", "0", "0");
        assertThat(Arrays.stream(lines, 0, 4).mapToInt(String::length).distinct().count()).isEqualTo(1);
        assertThat(lines[4]).isEqualTo("all settled: yes   perfect: yes");
    }

    @Test
    void shouldReadOrdersInTheContractShapeWhenParsing() throws Exception {
        String json = "[{\"orderId\":\"o-1\",\"visitId\":\"v-1\",\"customerId\":\"c-1\",\"status\":\"CHARGED\","
                + "\"currency\":\"EUR\",\"totalMinor\":738,\"lines\":[{\"epc\":\"" + E1 + "\",\"gtin\":"
                + "\"04012345000016\",\"name\":\"Apples 1kg\",\"priceMinor\":249},{\"epc\":\"" + E2 + "\","
                + "\"gtin\":\"04012345000122\",\"name\":\"Running socks\",\"priceMinor\":489}],"
                + "\"chargedAt\":\"2026-11-22T15:00:00Z\"}]";

        List<StoreApiClient.Order> orders = StoreApiClient.parseOrders(Json.MAPPER.readTree(json));

        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).visitId()).isEqualTo("v-1");
        assertThat(orders.get(0).status()).isEqualTo("CHARGED");
        assertThat(orders.get(0).totalMinor()).isEqualTo(738);
        assertThat(orders.get(0).lines()).extracting(StoreApiClient.OrderLine::epc).containsExactly(E1, E2);
        assertThat(orders.get(0).lines().get(1).priceMinor()).isEqualTo(489);
    }

    private static StoreApiClient.Order order(String visitId, String status, String... epcs) {
        List<StoreApiClient.OrderLine> lines = Arrays.stream(epcs)
                .map(epc -> new StoreApiClient.OrderLine(epc, "04012345000016", "Apples 1kg", 249)).toList();
        return new StoreApiClient.Order("o-" + visitId, visitId, "c", status, 249L * epcs.length, lines);
    }
}
