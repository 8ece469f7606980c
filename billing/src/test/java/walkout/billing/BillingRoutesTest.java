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
import io.vertx.ext.web.handler.BodyHandler;
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
import walkout.billing.catalog.LiveCatalog;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.events.BadInput;
import walkout.events.Evidence;
import walkout.events.codec.DeviceTokenSigner;
import walkout.events.codec.DeviceTokens;
import walkout.events.codec.Json;

@ExtendWith(VertxExtension.class)
class BillingRoutesTest {
    private static final long NOW_MILLIS = 1_763_820_040_000L;
    /** When {@link Fixtures#basket} baskets closed. */
    private static final long CLOSED_MILLIS = 1_763_820_005_300L;

    @TempDir
    Path tempDir;

    private final DeviceTokenSigner tokens =
            new DeviceTokenSigner("routes-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private Ledger ledger;
    private HttpServer server;
    private WebClient client;
    private String socks;
    private String unknown;
    private final LiveCatalog catalog = new LiveCatalog(Fixtures.demoCatalog());

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        ledger = Ledger.open("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath());
        ledger.migrate();
        seed();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS + 120_000), ZoneOffset.UTC);
        BillingMetrics metrics = new BillingMetrics(new SimpleMeterRegistry());
        HousePaymentGateway house = new HousePaymentGateway(ledger, clock);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false));
        router.route("/*").subRouter(new BillingRoutes(vertx, ledger, tokens, () -> true,
                new RefundHandler(ledger, house, metrics, clock, BillingConfig.DEFAULT_REFUND_WINDOW_MS),
                new HeldItemHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger, house, metrics, clock),
                null, catalog)
                .router());
        // A stand-in for the store's failure handler, with its rules that a BadInput failure is a 400 and that
        // another 4xx failure's message is the error.
        router.route().failureHandler(rc -> {
            boolean bad = rc.failure() instanceof BadInput;
            boolean explained = rc.failure() != null && rc.failure().getMessage() != null && rc.statusCode() < 500;
            String error = bad || explained ? rc.failure().getMessage() : "status " + rc.statusCode();
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
    void shouldSayWhenThePhonePassedTheExitWhenTheLineWasTimedByItsPass() throws Exception {
        Evidence evidence = new Evidence(12, List.of("A1", "EXIT"), 1_763_820_000_100L, 1_763_820_000_900L,
                1_763_820_000_000L, 0.96, 0.27, 1_763_820_000_000L);
        OrderLine line = new OrderLine(1, "EPC", Fixtures.SOCKS, "Socks", 499, new BigDecimal("0.19"), 80, null,
                1_763_820_000_900L, Json.MAPPER.writeValueAsString(evidence));

        assertThat(BillingRoutes.why(line)).isEqualTo("left with you at 14:00:00 UTC, 12 reads in A1, EXIT, your phone "
                + "passed the exit 0.9 s before it, evidence margin 0.27");
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
            assertThat(ada.getString("closedAt")).isEqualTo(Instant.ofEpochMilli(CLOSED_MILLIS).toString());
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
    void shouldFindOrdersByCustomerEpcAndTimeWhenFiltered(VertxTestContext ctx) {
        String middle = Instant.ofEpochMilli(NOW_MILLIS + 30_000).toString();
        get("/api/orders?customer=c-bob", null)
                .compose(r -> {
                    ctx.verify(() -> assertThat(visitIds(r)).containsExactly("v-bob"));
                    return get("/api/orders?epc=" + socks.toLowerCase(java.util.Locale.ROOT), null);
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(visitIds(r)).containsExactly("v-ada"));
                    return get("/api/orders?from=" + middle, null);
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(visitIds(r)).containsExactly("v-bob"));
                    return get("/api/orders?to=" + middle + "&customer=c-ada", null);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(visitIds(r)).containsExactlyInAnyOrder("v-ada", "v-ada-pending");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldRefuseOrderFiltersThatAreNotATimeOrAnEpc(VertxTestContext ctx) {
        get("/api/orders?from=yesterday", null)
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(400);
                        assertThat(r.bodyAsJsonObject().getString("error")).startsWith("from: 'yesterday'");
                    });
                    return get("/api/orders?epc=XYZ", null);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(400);
                    assertThat(r.bodyAsJsonObject().getString("error")).startsWith("epc: 'XYZ'");
                    ctx.completeNow();
                })));
    }

    private static List<String> visitIds(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return response.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("visitId")).toList();
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
    void shouldServeReceiptWhenTokenCarriesAnExpiryStillAhead(VertxTestContext ctx) {
        String expiring = new DeviceTokens(tokens, 60_000).issue("c-ada", System.currentTimeMillis());
        expect(ctx, get("/v1/visits/v-ada/receipt", "Bearer " + expiring), r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getString("visitId")).isEqualTo("v-ada");
        });
    }

    @Test
    void shouldAnswer401WhenReceiptTokenHasExpired(VertxTestContext ctx) {
        String expired = new DeviceTokens(tokens, 1_000).issue("c-ada", System.currentTimeMillis() - 60_000);
        expect(ctx, get("/v1/visits/v-ada/receipt", "Bearer " + expired),
                r -> assertThat(r.statusCode()).isEqualTo(401));
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

    private Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
        HttpRequest<Buffer> request = client.post(server.actualPort(), "127.0.0.1", path);
        return body == null ? request.send() : request.sendJsonObject(body);
    }

    @Test
    void shouldRefundALineAndAnswer400NamingEpcsWhenItIsRefundedAgain(VertxTestContext ctx) {
        String orderId = BasketHandler.orderIdFor(Fixtures.STORE, "v-ada");
        String path = "/api/orders/" + orderId + "/refunds";
        post(path, new JsonObject().put("epcs", new JsonArray().add(socks)).put("by", "eve"))
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(201);
                        JsonObject refund = r.bodyAsJsonObject();
                        assertThat(refund.getString("status")).isEqualTo("SUCCEEDED");
                        assertThat(refund.getLong("amountMinor")).isEqualTo(499);
                        assertThat(refund.getString("by")).isEqualTo("eve");
                        assertThat(refund.getJsonArray("epcs")).containsExactly(socks);
                    });
                    return client.post(server.actualPort(), "127.0.0.1", path).putHeader("Idempotency-Key", "again")
                            .sendJsonObject(new JsonObject().put("epcs", new JsonArray().add(socks)));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(400);
                        assertThat(r.bodyAsJsonObject().getString("error"))
                                .startsWith("epcs: " + socks + " was already refunded");
                    });
                    return post(path, new JsonObject().put("epcs", "not-a-list"));
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.bodyAsJsonObject().getString("error")).startsWith("epcs: "));
                    return post("/api/orders/ord-nope/refunds", new JsonObject().put("epcs",
                            new JsonArray().add(socks)));
                })
                .compose(r -> {
                    ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(404));
                    return get("/api/orders", null);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    JsonObject ada = r.bodyAsJsonArray().getJsonObject(1);
                    assertThat(ada.getString("status")).isEqualTo("PARTIALLY_REFUNDED");
                    assertThat(ada.getLong("refundedMinor")).isEqualTo(499);
                    assertThat(ada.getJsonArray("lines").getJsonObject(0).getString("refundedAt"))
                            .isEqualTo(Instant.ofEpochMilli(NOW_MILLIS + 120_000).toString());
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldChargeAnAssignedHeldItemAndShowItOnTheReceipt(VertxTestContext ctx) {
        String coffee = Fixtures.epc(Fixtures.COFFEE, 40);
        ledger.insertAlert(new StoredAlert("a-2", Fixtures.STORE, "AMBIGUOUS", coffee, Fixtures.COFFEE,
                List.of("v-ada", "v-bob"), NOW_MILLIS, false));
        post("/api/alerts/a-2/assign", new JsonObject().put("visitId", "v-nobody"))
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(400);
                        assertThat(r.bodyAsJsonObject().getString("error")).startsWith("visitId: v-nobody");
                    });
                    return post("/api/alerts/a-2/assign", new JsonObject().put("visitId", "v-bob"));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(201);
                        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("CHARGED");
                        assertThat(r.bodyAsJsonObject().getString("by")).isEqualTo("staff");
                    });
                    return get("/v1/visits/v-bob/receipt", "Bearer " + tokens.issue("c-bob"));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        JsonObject receipt = r.bodyAsJsonObject();
                        assertThat(receipt.getLong("totalMinor")).isEqualTo(249 + 349);
                        assertThat(receipt.getJsonArray("lines")).hasSize(2);
                        assertThat(receipt.getJsonArray("lines").getJsonObject(1).getString("epc")).isEqualTo(coffee);
                        assertThat(receipt.getLong("vatMinor")).isEqualTo(16 + 56);
                    });
                    return get("/api/alerts", null);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    JsonObject alert = r.bodyAsJsonArray().stream().map(JsonObject.class::cast)
                            .filter(a -> a.getString("alertId").equals("a-2")).findFirst().orElseThrow();
                    assertThat(alert.getBoolean("resolved")).isTrue();
                    assertThat(alert.getString("action")).isEqualTo("ASSIGNED");
                    assertThat(alert.getString("assignedVisitId")).isEqualTo("v-bob");
                    assertThat(alert.getString("actionBy")).isEqualTo("staff");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldDismissAnAlertOnceAndAnswer404ForAnUnknownOne(VertxTestContext ctx) {
        post("/api/alerts/a-1/dismiss", null)
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(201);
                        assertThat(r.bodyAsJsonObject().getString("action")).isEqualTo("DISMISSED");
                        assertThat(r.bodyAsJsonObject().getString("actionBy")).isEqualTo("staff");
                        assertThat(r.bodyAsJsonObject().getBoolean("resolved")).isTrue();
                    });
                    return post("/api/alerts/a-1/resolve", new JsonObject().put("by", "eve"));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(409);
                        assertThat(r.bodyAsJsonObject().getString("error")).contains("already DISMISSED by staff");
                    });
                    return post("/api/alerts/a-nope/resolve", new JsonObject().put("by", "eve"));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(404);
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldListTheCatalogAndReplaceItOnlyWithAValidCsv(VertxTestContext ctx) {
        int before = Fixtures.demoCatalog().products().size();
        String bad = "gtin,name,price,currency,vat_rate\n04012345000016,Apples,2.49,EUR,0.07\n"
                + "04012345000017,X,1,EUR,0.07\n";
        String good = "gtin,name,price,currency,vat_rate\n04012345000016,Apples 2kg,3.99,EUR,0.07\n";
        get("/api/catalog", null)
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(200);
                        JsonArray products = r.bodyAsJsonArray();
                        assertThat(products).hasSize(before);
                        JsonObject socks = products.stream().map(JsonObject.class::cast)
                                .filter(p -> p.getString("gtin").equals(Fixtures.SOCKS)).findFirst().orElseThrow();
                        assertThat(socks.getString("name")).isEqualTo("Running socks");
                        assertThat(socks.getLong("priceMinor")).isEqualTo(499);
                        assertThat(socks.getString("currency")).isEqualTo("EUR");
                    });
                    return client.put(server.actualPort(), "127.0.0.1", "/api/catalog")
                            .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(bad));
                })
                .compose(r -> {
                    ctx.verify(() -> {
                        assertThat(r.statusCode()).isEqualTo(400);
                        assertThat(r.bodyAsJsonObject().getString("error")).startsWith("body: line 3").contains("gtin");
                        assertThat(catalog.get().products()).hasSize(before);
                    });
                    return client.put(server.actualPort(), "127.0.0.1", "/api/catalog")
                            .putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(good));
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getInteger("products")).isEqualTo(1);
                    assertThat(new BasketPricer(catalog, "EUR")
                            .price("v-new", List.of(Fixtures.line(Fixtures.epc(Fixtures.APPLES, 77)))).totalMinor())
                            .as("baskets priced after the reload use the new catalog").isEqualTo(399);
                    ctx.completeNow();
                })));
    }
}
