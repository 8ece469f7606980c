package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.events.BadInput;
import walkout.events.codec.DeviceTokenSigner;

@ExtendWith(VertxExtension.class)
class BillingRoutesTest {
    private static final long NOW_MILLIS = 1_763_820_040_000L;

    @TempDir
    Path tempDir;

    private final DeviceTokenSigner tokens =
            new DeviceTokenSigner("routes-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private Ledger ledger;
    private HttpServer server;
    private WebClient client;
    private String socks;
    private String unknown;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        ledger = Ledger.open("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath());
        ledger.migrate();
        seed();
        Router router = new BillingRoutes(vertx, ledger, tokens, () -> true).router();
        // A stand-in for the store's failure handler, with its rule that a BadInput failure is a 400.
        router.route().failureHandler(rc -> {
            boolean bad = rc.failure() instanceof BadInput;
            String error = bad ? rc.failure().getMessage() : "status " + rc.statusCode();
            rc.response().setStatusCode(bad ? 400 : rc.statusCode()).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", error).encode());
        });
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .onComplete(ctx.succeeding(s -> {
                    server = s;
                    client = WebClient.create(vertx);
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        client.close();
        server.close().onComplete(ctx.succeeding(v -> {
            ledger.close();
            ctx.completeNow();
        }));
    }

    private void seed() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);
        BasketHandler handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                new HousePaymentGateway(ledger, clock), new BillingMetrics(new SimpleMeterRegistry()), clock);
        ledger.upsertCustomer(new Customer("c-ada", Fixtures.STORE, "Ada", "pm_card_visa", NOW_MILLIS));
        ledger.upsertCustomer(new Customer("c-bob", Fixtures.STORE, "Bob", "pm_card_visa", NOW_MILLIS));
        socks = Fixtures.epc(Fixtures.SOCKS, 1);
        unknown = Fixtures.epc(Fixtures.NOT_IN_CATALOG, 2);
        handler.onBasket(Fixtures.basket("v-ada", "c-ada", socks, Fixtures.epc(Fixtures.APPLES, 3),
                Fixtures.epc(Fixtures.COFFEE, 4), unknown));
        Clock later = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS + 60_000), ZoneOffset.UTC);
        new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                new HousePaymentGateway(ledger, later), new BillingMetrics(new SimpleMeterRegistry()), later)
                .onBasket(Fixtures.basket("v-bob", "c-bob", Fixtures.epc(Fixtures.APPLES, 5)));
        ledger.insertOrder(new Order("ord-pending", Fixtures.STORE, "v-ada-pending", "c-ada", OrderStatus.PENDING,
                "EUR", 499, null, NOW_MILLIS, NOW_MILLIS, NOW_MILLIS - 60_000, null, List.of(), null), List.of());
        ledger.insertAlert(new StoredAlert("a-1", Fixtures.STORE, "AMBIGUOUS", socks, Fixtures.SOCKS,
                List.of("v-ada", "v-bob"), NOW_MILLIS, false));
    }

    private Future<HttpResponse<Buffer>> get(String path, String authorization) {
        HttpRequest<Buffer> request = client.get(server.actualPort(), "127.0.0.1", path);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return request.send();
    }

    private void expect(VertxTestContext ctx, Future<HttpResponse<Buffer>> response,
                        Consumer<HttpResponse<Buffer>> check) {
        response.onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            check.accept(r);
            ctx.completeNow();
        })));
    }

    @Test
    void shouldListOrdersNewestFirstInTheContractShape(VertxTestContext ctx) {
        expect(ctx, get("/api/orders", null), r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("content-type")).startsWith("application/json");
            JsonArray orders = r.bodyAsJsonArray();
            assertThat(orders).hasSize(3);
            assertThat(orders.getJsonObject(0).getString("visitId")).isEqualTo("v-bob");
            assertThat(orders.getJsonObject(2).getString("visitId")).isEqualTo("v-ada-pending");
            JsonObject ada = orders.getJsonObject(1);
            assertThat(ada.getString("orderId")).isEqualTo(BasketHandler.orderIdFor(Fixtures.STORE, "v-ada"));
            assertThat(ada.getString("customerId")).isEqualTo("c-ada");
            assertThat(ada.getString("status")).isEqualTo("CHARGED");
            assertThat(ada.getString("currency")).isEqualTo("EUR");
            assertThat(ada.getLong("totalMinor")).isEqualTo(499L + 249 + 349);
            assertThat(ada.getString("chargedAt")).isEqualTo(Instant.ofEpochMilli(NOW_MILLIS).toString());
            JsonArray lines = ada.getJsonArray("lines");
            assertThat(lines).hasSize(4);
            JsonObject first = lines.getJsonObject(0);
            assertThat(first.getString("epc")).isEqualTo(socks).matches("[0-9A-F]{24}");
            assertThat(first.getString("gtin")).isEqualTo(Fixtures.SOCKS);
            assertThat(first.getString("name")).isEqualTo("Running socks");
            assertThat(first.getLong("priceMinor")).isEqualTo(499);
            assertThat(first.getValue("vatRate")).isInstanceOf(Number.class);
            assertThat(new BigDecimal(first.getValue("vatRate").toString())).isEqualByComparingTo("0.19");
            assertThat(first.getLong("vatMinor")).isEqualTo(80);
            assertThat(first.getJsonObject("evidence").getDouble("margin")).isEqualTo(0.61);
            assertThat(first.getJsonObject("evidence").getJsonArray("zones")).containsExactly("A1", "EXIT");
            JsonObject flagged = lines.getJsonObject(3);
            assertThat(flagged.getString("epc")).isEqualTo(unknown);
            assertThat(flagged.getString("flag")).isEqualTo("UNKNOWN_GTIN");
            assertThat(flagged.getLong("priceMinor")).isZero();
            JsonObject pending = orders.getJsonObject(2);
            assertThat(pending.getString("status")).isEqualTo("PENDING");
            assertThat(pending.containsKey("chargedAt")).isTrue();
            assertThat(pending.getValue("chargedAt")).isNull();
        });
    }

    @Test
    void shouldLimitOrdersWhenAskedAndRefuseABadLimit(Vertx vertx, VertxTestContext ctx) {
        get("/api/orders?limit=1", null)
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.bodyAsJsonArray()).hasSize(1));
                    return get("/api/orders?limit=zero", null);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(400);
                    assertThat(r.bodyAsJsonObject().getString("error")).startsWith("limit: 'zero'");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldListAlertsInTheContractShape(VertxTestContext ctx) {
        expect(ctx, get("/api/alerts", null), r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonArray()).hasSize(1);
            JsonObject alert = r.bodyAsJsonArray().getJsonObject(0);
            assertThat(alert.getString("alertId")).isEqualTo("a-1");
            assertThat(alert.getString("type")).isEqualTo("AMBIGUOUS");
            assertThat(alert.getString("epc")).isEqualTo(socks);
            assertThat(alert.getString("gtin")).isEqualTo(Fixtures.SOCKS);
            assertThat(alert.getJsonArray("visitIds")).containsExactly("v-ada", "v-bob");
            assertThat(alert.getString("at")).isEqualTo(Instant.ofEpochMilli(NOW_MILLIS).toString());
            assertThat(alert.getBoolean("resolved")).isFalse();
        });
    }

    @Test
    void shouldAnswer401WhenReceiptHasNoToken(VertxTestContext ctx) {
        expect(ctx, get("/v1/visits/v-ada/receipt", null), r -> assertThat(r.statusCode()).isEqualTo(401));
    }

    @Test
    void shouldAnswer401WhenReceiptTokenIsForged(VertxTestContext ctx) {
        String forged = new DeviceTokenSigner("another-secret-entirely-xx".getBytes(StandardCharsets.UTF_8))
                .issue("c-ada");
        expect(ctx, get("/v1/visits/v-ada/receipt", "Bearer " + forged), r -> {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("status 401");
        });
    }

    @Test
    void shouldAnswer404WhenVisitBelongsToAnotherCustomer(VertxTestContext ctx) {
        expect(ctx, get("/v1/visits/v-bob/receipt", "Bearer " + tokens.issue("c-ada")),
                r -> assertThat(r.statusCode()).isEqualTo(404));
    }

    @Test
    void shouldAnswer404WhenVisitIsUnknownOrNotYetCharged(VertxTestContext ctx) {
        String ada = "Bearer " + tokens.issue("c-ada");
        get("/v1/visits/v-nowhere/receipt", ada)
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(404));
                    return get("/v1/visits/v-ada-pending/receipt", ada);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(404);
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldServeReceiptWithVatPerRateWhenVisitIsTheCustomersOwn(VertxTestContext ctx) {
        expect(ctx, get("/v1/visits/v-ada/receipt", "Bearer " + tokens.issue("c-ada")), r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject receipt = r.bodyAsJsonObject();
            assertThat(receipt.getString("visitId")).isEqualTo("v-ada");
            assertThat(receipt.getString("status")).isEqualTo("CHARGED");
            assertThat(receipt.getLong("totalMinor")).isEqualTo(1097);
            assertThat(receipt.getJsonArray("lines")).hasSize(4);
            assertThat(receipt.getString("paymentReference")).startsWith("house-ord-");
            JsonArray vat = receipt.getJsonArray("vatTotals");
            assertThat(vat).hasSize(2);
            JsonObject reduced = vat.getJsonObject(0);
            assertThat(new BigDecimal(reduced.getValue("vatRate").toString())).isEqualByComparingTo("0.07");
            assertThat(reduced.getLong("grossMinor")).isEqualTo(249);
            assertThat(reduced.getLong("vatMinor")).isEqualTo(16);
            assertThat(reduced.getLong("netMinor")).isEqualTo(233);
            JsonObject standard = vat.getJsonObject(1);
            assertThat(standard.getLong("grossMinor")).isEqualTo(499 + 349);
            assertThat(standard.getLong("vatMinor")).isEqualTo(80 + 56);
            assertThat(receipt.getLong("vatMinor")).isEqualTo(16 + 80 + 56);
        });
    }
}
