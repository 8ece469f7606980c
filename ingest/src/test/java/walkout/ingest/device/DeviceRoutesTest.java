package walkout.ingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.BadInput;
import walkout.events.codec.DeviceTokenSigner;
import walkout.events.codec.DeviceTokens;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.JournalTailer;
import walkout.ingest.journal.RecordingJournalHandler;

@ExtendWith(VertxExtension.class)
class DeviceRoutesTest {
    private static final long NOW_MS = 1_763_820_000_000L;
    private static final long TTL_MS = 3_600_000;
    private static final long BODY_LIMIT_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    private final DeviceTokenSigner tokens =
            new DeviceTokenSigner("0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8));
    private final DeviceTokens deviceTokens = new DeviceTokens(tokens, TTL_MS);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Journal journal;
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        journal = Journal.open(dir);
        DeviceRoutes routes = new DeviceRoutes(vertx, Map.of("b-a1", "A1", "b-exit", "EXIT"), Set.of("g-entry"),
                () -> journal, deviceTokens, new DeviceRateLimiter(1, 3), 60_000,
                Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC), meters);
        Router root = Router.router(vertx);
        // as the store mounts it
        root.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        root.route("/*").subRouter(routes.router());
        // another module's route mounted after ingest's: must still be reachable
        root.get("/v1/visits/:visitId/receipt").handler(ctx -> ctx.response().setStatusCode(404).end("{}"));
        // the store's one failure handler, in miniature
        root.route().failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            String error = failure instanceof BadInput ? failure.getMessage() : "internal error";
            ctx.response().setStatusCode(ctx.statusCode() < 0 ? 500 : ctx.statusCode())
                    .end(new JsonObject().put("error", error).encode());
        });
        server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.actualPort()));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (journal.isOpen()) {
            journal.close();
        }
    }

    private RecordingJournalHandler journaled() {
        RecordingJournalHandler handler = new RecordingJournalHandler();
        try (JournalTailer tailer = journal.tailer()) {
            while (tailer.readNext(handler) >= 0) {
                // drain
            }
        }
        return handler;
    }

    @Test
    void shouldRegisterCustomerWithTokenAndJournalItWhenBodyIsValid(VertxTestContext ctx) {
        client.post("/api/customers").sendJsonObject(new JsonObject().put("name", "Ada")
                .put("paymentMethod", "pm_card_visa")).onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(201);
                    JsonObject body = response.bodyAsJsonObject();
                    String customerId = body.getString("customerId");
                    String token = body.getString("deviceToken");
                    assertThat(deviceTokens.verify(token, NOW_MS))
                            .isEqualTo(new DeviceTokens.Verified(DeviceTokens.Check.VALID, customerId));
                    assertThat(deviceTokens.verify(token, NOW_MS + TTL_MS).check())
                            .isEqualTo(DeviceTokens.Check.EXPIRED);
                    assertThat(journaled().lines)
                            .containsExactly("registered " + customerId + " Ada pm_card_visa " + NOW_MS);
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenPaymentMethodIsMissing(VertxTestContext ctx) {
        client.post("/api/customers").sendJsonObject(new JsonObject().put("name", "Ada"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("paymentMethod: required");
                    assertThat(journaled().lines).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer400WhenBodyIsNotJson(VertxTestContext ctx) {
        client.post("/api/customers").sendBuffer(Buffer.buffer("{nope"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getString("error")).startsWith("body: ");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldOpenVisitAndJournalEntryWhenTokenAndGateAreValid(VertxTestContext ctx) {
        String token = tokens.issue("c-1");
        client.post("/v1/entries").bearerTokenAuthentication(token)
                .sendJsonObject(new JsonObject().put("gateId", "g-entry"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(201);
                    String visitId = response.bodyAsJsonObject().getString("visitId");
                    assertThat(visitId).isNotBlank();
                    assertThat(journaled().lines).containsExactly("entered " + visitId + " c-1 g-entry " + NOW_MS);
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer401WhenTokenIsMissingOrForged(VertxTestContext ctx) {
        var checkpoint = ctx.checkpoint(2);
        client.post("/v1/entries").sendJsonObject(new JsonObject().put("gateId", "g-entry"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(401);
                    checkpoint.flag();
                })));
        String forged = tokens.issue("c-1").replaceFirst("\\..*", ".AAAA");
        client.post("/v1/sightings").bearerTokenAuthentication(forged)
                .sendJsonObject(new JsonObject().put("sightings", new JsonArray()))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(401);
                    assertThat(journaled().lines).isEmpty();
                    checkpoint.flag();
                })));
    }

    @Test
    void shouldAnswer400WhenGateIsNotAnEntryGate(VertxTestContext ctx) {
        client.post("/v1/entries").bearerTokenAuthentication(tokens.issue("c-1"))
                .sendJsonObject(new JsonObject().put("gateId", "g-exit"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getString("error")).startsWith("gateId: ");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldJournalEverySightingWithItsZoneAndAnswer202(VertxTestContext ctx) {
        JsonArray sightings = new JsonArray()
                .add(new JsonObject().put("beaconId", "b-a1").put("rssi", -61).put("ts", 1763820000123L))
                .add(new JsonObject().put("beaconId", "b-exit").put("rssi", -70).put("ts", 1763820000456L));
        client.post("/v1/sightings").bearerTokenAuthentication(tokens.issue("c-9"))
                .sendJsonObject(new JsonObject().put("sightings", sightings))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(202);
                    assertThat(journaled().lines).containsExactly(
                            "sighted c-9 b-a1 A1 -61 1763820000123",
                            "sighted c-9 b-exit EXIT -70 1763820000456");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer400NamingTheIndexedFieldAndJournalNothingWhenOneSightingIsBad(VertxTestContext ctx) {
        JsonArray sightings = new JsonArray()
                .add(new JsonObject().put("beaconId", "b-a1").put("rssi", -61).put("ts", 1763820000123L))
                .add(new JsonObject().put("beaconId", "b-nowhere").put("rssi", -70).put("ts", 1763820000456L));
        client.post("/v1/sightings").bearerTokenAuthentication(tokens.issue("c-9"))
                .sendJsonObject(new JsonObject().put("sightings", sightings))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getString("error"))
                            .isEqualTo("sightings[1].beaconId: unknown beacon: b-nowhere");
                    assertThat(journaled().lines).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldLetOtherRoutesAnswerWhenMountedAfterIngest(VertxTestContext ctx) {
        client.get("/v1/visits/v-1/receipt").send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.bodyAsString()).isEqualTo("{}");
            ctx.completeNow();
        })));
    }

    @Test
    void shouldAnswer503WhenTheJournalIsNotOpen(Vertx vertx, VertxTestContext ctx) {
        journal.close();
        client.post("/v1/entries").bearerTokenAuthentication(tokens.issue("c-1"))
                .sendJsonObject(new JsonObject().put("gateId", "g-entry"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(503);
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer400WhenRssiIsNotAnInteger(VertxTestContext ctx) {
        JsonArray sightings = new JsonArray()
                .add(new JsonObject().put("beaconId", "b-a1").put("rssi", "loud").put("ts", 1763820000123L));
        client.post("/v1/sightings").bearerTokenAuthentication(tokens.issue("c-9"))
                .sendJsonObject(new JsonObject().put("sightings", sightings))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getString("error"))
                            .isEqualTo("sightings[0].rssi: must be an integer");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer401WhenTheTokenHasExpired(VertxTestContext ctx) {
        String expired = deviceTokens.issue("c-1", NOW_MS - TTL_MS);
        client.post("/v1/entries").bearerTokenAuthentication(expired)
                .sendJsonObject(new JsonObject().put("gateId", "g-entry"))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(401);
                    assertThat(response.bodyAsJsonObject().getString("error"))
                            .isEqualTo("Authorization: expired device token");
                    assertThat(meters.get("walkout.ingest.device.rejected").tag("reason", "token_expired").counter()
                            .count()).isEqualTo(1.0);
                    assertThat(journaled().lines).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenADeviceGoesPastItsBurst(VertxTestContext ctx) {
        String token = deviceTokens.issue("c-5", NOW_MS);
        JsonObject none = new JsonObject().put("sightings", new JsonArray());
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < 4; i++) {
            chain = chain.compose(v -> client.post("/v1/sightings").bearerTokenAuthentication(token)
                    .sendJsonObject(none).map(response -> {
                        statuses.add(response.statusCode());
                        if (response.statusCode() == 429) {
                            assertThat(response.getHeader("Retry-After")).isEqualTo("1");
                        }
                        return null;
                    }));
        }
        // another device is not affected
        chain.compose(v -> client.post("/v1/sightings").bearerTokenAuthentication(deviceTokens.issue("c-6", NOW_MS))
                .sendJsonObject(none)).onComplete(ctx.succeeding(other -> ctx.verify(() -> {
                    assertThat(statuses).containsExactly(202, 202, 202, 429);
                    assertThat(other.statusCode()).isEqualTo(202);
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer400NamingTsWhenASightingIsFarFromNow(VertxTestContext ctx) {
        JsonArray sightings = new JsonArray()
                .add(new JsonObject().put("beaconId", "b-a1").put("rssi", -61).put("ts", NOW_MS))
                .add(new JsonObject().put("beaconId", "b-a1").put("rssi", -61).put("ts", NOW_MS - 3_600_000));
        client.post("/v1/sightings").bearerTokenAuthentication(tokens.issue("c-9"))
                .sendJsonObject(new JsonObject().put("sightings", sightings))
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(400);
                    assertThat(response.bodyAsJsonObject().getString("error"))
                            .isEqualTo("sightings[1].ts: is -3600000 ms from now; at most 60000 ms allowed");
                    assertThat(journaled().lines).isEmpty();
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldAnswer413WhenTheBodyIsOverTheStoresLimit(VertxTestContext ctx) {
        Buffer big = Buffer.buffer("{\"sightings\":[\"" + "x".repeat((int) BODY_LIMIT_BYTES) + "\"]}");
        client.post("/v1/sightings").bearerTokenAuthentication(tokens.issue("c-9"))
                .putHeader("Content-Type", "application/json").sendBuffer(big)
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(413);
                    assertThat(journaled().lines).isEmpty();
                    ctx.completeNow();
                })));
    }
}
