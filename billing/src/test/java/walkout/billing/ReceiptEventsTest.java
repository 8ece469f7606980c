package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.billing.receipt.ReceiptFeed;
import walkout.events.codec.DeviceTokenSigner;

/** Receipts pushed over server-sent events at {@code GET /v1/events} as soon as the charge is committed. */
@ExtendWith(VertxExtension.class)
class ReceiptEventsTest {
    private static final long NOW_MILLIS = 1_763_820_040_000L;

    @TempDir
    Path tempDir;

    private final DeviceTokenSigner tokens =
            new DeviceTokenSigner("events-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private final ReceiptFeed feed = new ReceiptFeed();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BillingMetrics metrics = new BillingMetrics(meters);
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);
    private Ledger ledger;
    private HttpServer server;
    private HttpClient client;

    @BeforeEach
    void start(Vertx vertx) {
        ledger = Ledger.open("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath());
        ledger.migrate();
        ledger.upsertCustomer(new Customer("c-ada", Fixtures.STORE, "Ada", "pm_card_visa", NOW_MILLIS));
        ledger.upsertCustomer(new Customer("c-bob", Fixtures.STORE, "Bob", "pm_card_visa", NOW_MILLIS));
        Router router = new BillingRoutes(vertx, ledger, tokens, () -> true, null, null, feed, null).router();
        router.route().failureHandler(rc -> rc.response().setStatusCode(rc.statusCode()).end());
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() {
        client.close().await();
        server.close().await();
        ledger.close();
    }

    private StringBuffer listen(String customerId) {
        StringBuffer received = new StringBuffer();
        HttpClientResponse response = client.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setHost("127.0.0.1").setPort(server.actualPort()).setURI("/v1/events")
                        .putHeader("Authorization", "Bearer " + tokens.issue(customerId)))
                .compose(request -> request.send())
                // On the event loop, before any chunk can be delivered.
                .map(r -> r.handler(chunk -> received.append(chunk.toString(StandardCharsets.UTF_8))))
                .await();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.toString().startsWith(": receipts for "));
        return received;
    }

    @Test
    void shouldPushTheReceiptToTheShoppersDeviceWhenTheBasketIsCharged() {
        StringBuffer ada = listen("c-ada");
        StringBuffer bob = listen("c-bob");
        BasketHandler handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                new HousePaymentGateway(ledger, clock), metrics, clock)
                .onCharged(new ReceiptPusher(ledger, feed, metrics));

        handler.onBasket(Fixtures.basket("v-ada", "c-ada", Fixtures.epc(Fixtures.SOCKS, 1),
                Fixtures.epc(Fixtures.APPLES, 2), Fixtures.epc(Fixtures.NOT_IN_CATALOG, 3)));

        await().atMost(Duration.ofSeconds(5)).until(() -> ada.toString().contains("\n\n")
                && ada.toString().contains("event: receipt"));
        String event = ada.toString().substring(ada.indexOf("event: receipt"));
        String data = event.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
        JsonObject receipt = new JsonObject(data);
        assertThat(receipt.getString("visitId")).isEqualTo("v-ada");
        assertThat(receipt.getString("status")).isEqualTo("CHARGED");
        assertThat(receipt.getLong("totalMinor")).isEqualTo(499 + 249);
        assertThat(receipt.getString("paymentReference")).startsWith("house-ord-");
        assertThat(receipt.getJsonArray("vatTotals")).hasSize(2);
        JsonArray lines = receipt.getJsonArray("lines");
        assertThat(lines.getJsonObject(0).getString("why"))
                .isEqualTo("left with you at 14:00:00 UTC, 12 reads in A1, EXIT, evidence margin 0.61");
        assertThat(lines.getJsonObject(2).getString("why")).isEqualTo("not charged: unknown gtin");
        assertThat(event).contains("id: " + receipt.getString("orderId"));
        assertThat(bob.toString()).doesNotContain("event: receipt");
        assertThat(meters.get("walkout.billing.receipts.pushed").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldAnswer401WhenTheDeviceTokenIsMissingOrForged() {
        int missing = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/v1/events")
                .compose(r -> r.send()).await().statusCode();
        String forged = new DeviceTokenSigner("another-secret-entirely-xx".getBytes(StandardCharsets.UTF_8))
                .issue("c-ada");
        int wrong = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                        .setPort(server.actualPort()).setURI("/v1/events")
                        .putHeader("Authorization", "Bearer " + forged))
                .compose(r -> r.send()).await().statusCode();

        assertThat(List.of(missing, wrong)).containsOnly(401);
        assertThat(feed.devices()).isZero();
    }

    @Test
    void shouldForgetTheDeviceWhenItDisconnects(Vertx vertx) {
        listen("c-ada");
        assertThat(feed.devices()).isEqualTo(1);

        client.close().await();
        client = vertx.createHttpClient();

        await().atMost(Duration.ofSeconds(5)).until(() -> feed.devices() == 0);
        assertThat(feed.listening("c-ada")).isFalse();
    }
}
