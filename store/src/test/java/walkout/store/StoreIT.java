package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.codec.Json;
import walkout.store.sim.SimReport;
import walkout.store.sim.StoreSimulator;

/**
 * The whole store in-process on the embedded broker, driven by the simulator over real LLRP/TCP and the real
 * device API: every shopper must be charged for exactly what they took.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreIT {
    private static final String STAFF_KEY = StoreFixture.STAFF_KEY;

    private StoreFixture store;
    private StoreSimulator sim;
    private StoreApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startStore(@TempDir Path dataDir) {
        store = new StoreFixture(dataDir, 3, 30_000, 7L);
        sim = store.sim;
        app = store.app;
    }

    @AfterAll
    void stopStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void shouldChargeEveryShopperExactlyForWhatTheyTook() {
        await().atMost(Duration.ofSeconds(30)).until(store::readersConnected);

        sim.runShoppers(app.url(), STAFF_KEY, line -> { }).join();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> sim.report(app.url(), STAFF_KEY).allSettled());
        SimReport report = sim.report(app.url(), STAFF_KEY);
        assertThat(report.perfect()).as(report.render()).isTrue();
    }

    @Test
    void shouldReportUpWithReaderStatesOnHealth() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("health", null).statusCode() == 200);

        var body = Json.MAPPER.readTree(get("health", null).body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("readers").has("r-exit")).isTrue();
    }

    @Test
    void shouldServePrometheusMetrics() throws Exception {
        HttpResponse<String> metrics = get("metrics", null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("walkout_");
    }

    @Test
    void shouldRefuseStaffApiWithoutTheKey() throws Exception {
        HttpResponse<String> missing = get("api/orders", null);
        HttpResponse<String> wrong = get("api/orders", "not-the-key");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("\"error\"");
        assertThat(get("api/orders", STAFF_KEY).statusCode()).isEqualTo(200);
        assertThat(get("api/alerts", STAFF_KEY).statusCode()).isEqualTo(200);
        assertThat(get("api/inventory", STAFF_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerBadDeviceBodyWith400NamingField() throws Exception {
        HttpResponse<String> register = http.send(HttpRequest.newBuilder(app.url().resolve("api/customers"))
                .header("Authorization", "Bearer " + STAFF_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(register.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(register.body()).get("error").asText()).startsWith("paymentMethod");
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
