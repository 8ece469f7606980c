package walkout.ingest.device;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.BadInput;
import walkout.events.codec.DeviceTokens;
import walkout.ingest.journal.Journal;

/**
 * The shopper-device API and staff registration, as in CONTRACT.md. Every accepted event is appended to the
 * journal before the answer is sent; nothing else is stored (device tokens are stateless).
 *
 * <ul>
 *   <li>{@code POST /api/customers} {@code {"name","paymentMethod"}} -> 201 {@code {"customerId","deviceToken"}}.
 *       The caller checks the staff key before this router.</li>
 *   <li>{@code POST /v1/entries} {@code {"gateId"}} -> 201 {@code {"visitId"}}; the gate must be an entry gate.</li>
 *   <li>{@code POST /v1/sightings} {@code {"sightings":[{"beaconId","rssi","ts"}]}} -> 202; every beacon must be in
 *       the layout; {@code ts} epoch milliseconds.</li>
 * </ul>
 * Device calls need {@code Authorization: Bearer <device token>}: 401 when missing, invalid or expired
 * ({@link DeviceTokens}). Each device (customer) gets {@code ratePerSec} calls per second with a burst: beyond, 429
 * with {@code Retry-After}. A sighting whose {@code ts} is more than {@code sightingMaxSkewMs} from now is a 400
 * naming the field. Body size is capped by the store's {@code BodyHandler} (64 KiB: 413). A bad body fails the
 * context with 400 and a {@link BadInput} naming the field; the mounting router's failure handler renders it. A
 * {@code BodyHandler} must run before these routes.
 */
public final class DeviceRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRoutes.class);
    private static final String BEARER = "Bearer ";

    private final Vertx vertx;
    private final Map<String, String> beaconZones;
    private final Set<String> entryGates;
    private final Supplier<Journal> journal;
    private final DeviceTokens tokens;
    private final DeviceRateLimiter limiter;
    private final long sightingMaxSkewMs;
    private final Clock clock;
    private final MeterRegistry meters;

    /**
     * @param journal the open journal, or null while ingest is not started (then every call answers 503)
     */
    public DeviceRoutes(Vertx vertx, Map<String, String> beaconZones, Set<String> entryGates,
                        Supplier<Journal> journal, DeviceTokens tokens, DeviceRateLimiter limiter,
                        long sightingMaxSkewMs, Clock clock, MeterRegistry meters) {
        if (sightingMaxSkewMs <= 0) {
            throw new IllegalArgumentException("sightingMaxSkewMs=" + sightingMaxSkewMs + " must be > 0");
        }
        this.limiter = limiter;
        this.sightingMaxSkewMs = sightingMaxSkewMs;
        this.vertx = vertx;
        this.beaconZones = Map.copyOf(beaconZones);
        this.entryGates = Set.copyOf(entryGates);
        this.journal = journal;
        this.tokens = tokens;
        this.clock = clock;
        this.meters = meters;
    }

    /** A new router with the three routes; mount it under the server's root. */
    public Router router() {
        Router router = Router.router(vertx);
        router.post("/api/customers").handler(this::requireJournal);
        router.post("/v1/*").handler(this::requireJournal);
        router.post("/api/customers").handler(this::registerCustomer);
        router.post("/v1/entries").handler(this::enter);
        router.post("/v1/sightings").handler(this::sightings);
        return router;
    }

    private void registerCustomer(RoutingContext ctx) {
        JsonObject body = body(ctx);
        if (body == null) {
            return;
        }
        String name = requiredString(ctx, body, "name", "name");
        if (name == null) {
            return;
        }
        String paymentMethod = requiredString(ctx, body, "paymentMethod", "paymentMethod");
        if (paymentMethod == null) {
            return;
        }
        String customerId = "c-" + UUID.randomUUID();
        journal.get().appendCustomerRegistered(customerId, name, paymentMethod, clock.millis());
        meters.counter("walkout.ingest.device.accepted", "kind", "customer").increment();
        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("customerId", customerId)
                        .put("deviceToken", tokens.issue(customerId, clock.millis())).encode());
    }

    private void enter(RoutingContext ctx) {
        String customerId = customer(ctx);
        if (customerId == null) {
            return;
        }
        JsonObject body = body(ctx);
        if (body == null) {
            return;
        }
        String gateId = requiredString(ctx, body, "gateId", "gateId");
        if (gateId == null) {
            return;
        }
        if (!entryGates.contains(gateId)) {
            reject(ctx, "gateId", "not an entry gate of this store: " + gateId);
            return;
        }
        String visitId = "v-" + UUID.randomUUID();
        journal.get().appendShopperEntered(visitId, customerId, gateId, clock.millis());
        meters.counter("walkout.ingest.device.accepted", "kind", "entry").increment();
        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("visitId", visitId).encode());
    }

    private void sightings(RoutingContext ctx) {
        String customerId = customer(ctx);
        if (customerId == null) {
            return;
        }
        JsonObject body = body(ctx);
        if (body == null) {
            return;
        }
        Object raw = body.getValue("sightings");
        if (!(raw instanceof JsonArray)) {
            reject(ctx, "sightings", raw == null ? "required" : "must be an array");
            return;
        }
        JsonArray sightings = (JsonArray) raw;
        // validate every sighting before journaling any, so a 400 means nothing was accepted
        for (int i = 0; i < sightings.size(); i++) {
            String field = "sightings[" + i + "]";
            Object item = sightings.getValue(i);
            if (!(item instanceof JsonObject)) {
                reject(ctx, field, "must be an object");
                return;
            }
            JsonObject sighting = (JsonObject) item;
            String beaconId = requiredString(ctx, sighting, "beaconId", field + ".beaconId");
            if (beaconId == null) {
                return;
            }
            if (!beaconZones.containsKey(beaconId)) {
                reject(ctx, field + ".beaconId", "unknown beacon: " + beaconId);
                return;
            }
            if (!isInteger(sighting.getValue("rssi"))) {
                reject(ctx, field + ".rssi", sighting.getValue("rssi") == null ? "required" : "must be an integer");
                return;
            }
            if (!isInteger(sighting.getValue("ts")) || sighting.getLong("ts") <= 0) {
                reject(ctx, field + ".ts", sighting.getValue("ts") == null ? "required"
                        : "must be epoch milliseconds");
                return;
            }
            long skewMs = sighting.getLong("ts") - clock.millis();
            if (Math.abs(skewMs) > sightingMaxSkewMs) {
                meters.counter("walkout.ingest.device.rejected", "reason", "clock_skew").increment();
                ctx.fail(400, new BadInput(field + ".ts", "is " + skewMs + " ms from now; at most "
                        + sightingMaxSkewMs + " ms allowed"));
                return;
            }
        }
        for (int i = 0; i < sightings.size(); i++) {
            JsonObject sighting = sightings.getJsonObject(i);
            String beaconId = sighting.getString("beaconId");
            journal.get().appendBeaconSighted(customerId, beaconId, beaconZones.get(beaconId),
                    sighting.getInteger("rssi"), sighting.getLong("ts"));
        }
        meters.counter("walkout.ingest.device.accepted", "kind", "sighting").increment(sightings.size());
        ctx.response().setStatusCode(202).end();
    }

    private void requireJournal(RoutingContext ctx) {
        Journal open = journal.get();
        if (open == null || !open.isOpen()) {
            // nothing can be accepted without the journal: accepting means journaled
            ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", "ingest journal not available").encode());
            return;
        }
        ctx.next();
    }

    /** The customer the bearer token names, or null after answering 401 (bad token) or 429 (over its rate). */
    private String customer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        long nowMs = clock.millis();
        DeviceTokens.Verified verified = header != null && header.startsWith(BEARER)
                ? tokens.verify(header.substring(BEARER.length()).trim(), nowMs)
                : new DeviceTokens.Verified(DeviceTokens.Check.INVALID, null);
        if (verified.check() != DeviceTokens.Check.VALID) {
            String why = header == null ? "missing" : verified.check() == DeviceTokens.Check.EXPIRED ? "expired"
                    : "invalid";
            meters.counter("walkout.ingest.device.rejected", "reason",
                    verified.check() == DeviceTokens.Check.EXPIRED ? "token_expired" : "unauthorized").increment();
            LOG.info("device call {} rejected: {} device token", ctx.request().path(), why);
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", "Authorization: " + why + " device token").encode());
            return null;
        }
        String customerId = verified.customerId();
        if (!limiter.tryAcquire(customerId, nowMs)) {
            meters.counter("walkout.ingest.device.rejected", "reason", "rate_limited").increment();
            long retryAfterSec = Math.max(1, (limiter.retryAfterMs(customerId, nowMs) + 999) / 1000);
            ctx.response().setStatusCode(429).putHeader("Retry-After", String.valueOf(retryAfterSec))
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", "too many requests from this device").encode());
            return null;
        }
        return customerId;
    }

    private JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
            if (body == null) {
                reject(ctx, "body", "must be a JSON object");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            reject(ctx, "body", "must be a JSON object");
            return null;
        }
    }

    private String requiredString(RoutingContext ctx, JsonObject object, String key, String field) {
        Object value = object.getValue(key);
        if (!(value instanceof String) || ((String) value).isBlank()) {
            reject(ctx, field, value == null ? "required" : "must be a non-empty string");
            return null;
        }
        return (String) value;
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long;
    }

    private void reject(RoutingContext ctx, String field, String why) {
        meters.counter("walkout.ingest.device.rejected", "reason", "bad_body").increment();
        ctx.fail(400, new BadInput(field, why));
    }
}
