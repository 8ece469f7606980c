package walkout.store.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.BadInput;
import walkout.store.StoreApp;

/**
 * The store's one router: {@code /health}, {@code /metrics}, the staff key check in front of {@code /api/*}, the
 * modules' routers, the dashboard's views, {@code /api/epcis/events} ({@link EpcisRoutes}), and the single failure
 * handler that turns every error into
 * {@code {"error": "..."}}.
 */
public final class HttpRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);
    /** Bodies are small JSON documents; anything larger is refused with 413. */
    public static final long BODY_LIMIT_BYTES = 64 * 1024;
    /** Name of the dashboard's session cookie (HttpOnly, SameSite=Strict). */
    public static final String SESSION_COOKIE = "walkout.session";
    private static final long SESSION_TIMEOUT_MS = 12 * 60 * 60 * 1000L;
    private static final long STREAM_EVERY_MS = 1_000;
    private static final String STAFF = "staff";
    /** Classpath folder of the dashboard's static files (plain HTML, CSS and JavaScript, nothing fetched). */
    private static final String DASHBOARD_ROOT = "walkout/dashboard";

    private final Router router;
    private final byte[] staffKey;
    private final Supplier<StoreApp.Health> health;
    private final PrometheusMeterRegistry meters;

    /**
     * {@code dashboard} serves the dashboard's staff views ({@code /api/inventory}, {@code /api/map}, ...);
     * {@code overview} is what {@code /api/stream} pushes every second.
     */
    public HttpRoutes(Vertx vertx, String staffKey, PrometheusMeterRegistry meters, Supplier<StoreApp.Health> health,
                      Router ingest, Router billing, Router dashboard, Supplier<JsonObject> overview,
                      Router epcis) {
        this.staffKey = staffKey.getBytes(StandardCharsets.UTF_8);
        this.health = health;
        this.meters = meters;
        router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        // Sessions only where the dashboard needs them: the device API and metrics never touch one.
        SessionHandler sessions = SessionHandler.create(LocalSessionStore.create(vertx))
                .setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setSessionCookieName(SESSION_COOKIE)
                .setSessionTimeout(SESSION_TIMEOUT_MS)
                .setLazySession(true);
        router.route("/api/*").handler(sessions);
        router.route("/login").handler(sessions);
        router.route("/logout").handler(sessions);
        router.post("/login").handler(this::login);
        router.post("/logout").handler(HttpRoutes::logout);
        router.route("/api/*").handler(this::requireStaff);
        router.get("/api/stream").handler(ctx -> new OverviewStream(vertx, overview, STREAM_EVERY_MS).attach(ctx));
        router.route("/*").subRouter(dashboard);
        router.route("/*").subRouter(ingest);
        router.route("/*").subRouter(billing);
        router.route("/*").subRouter(epcis);
        router.route("/*").handler(StaticHandler.create(DASHBOARD_ROOT).setCachingEnabled(false));
        router.route().failureHandler(HttpRoutes::failure);
        router.route().last().handler(ctx -> ctx.fail(404));
    }

    public Router router() {
        return router;
    }

    private void health(RoutingContext ctx) {
        StoreApp.Health h = health.get();
        ctx.response().setStatusCode(h.up() ? 200 : 503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(healthJson(h).encode());
    }

    /** The body of {@code GET /health}, also the start of the dashboard's overview. */
    public static JsonObject healthJson(StoreApp.Health h) {
        JsonObject parts = new JsonObject();
        h.parts().forEach((part, up) -> parts.put(part, up ? "UP" : "DOWN"));
        return new JsonObject()
                .put("status", h.up() ? "UP" : "DOWN")
                .put("parts", parts)
                .put("readers", new JsonObject(new LinkedHashMap<>(h.readers())))
                .put("journal", new JsonObject().put("appended", h.journalAppended())
                        .put("relayed", h.journalRelayed()));
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .end(meters.scrape());
    }

    /** Staff calls pass with the dashboard's session or with {@code Authorization: Bearer <staff key>}. */
    private void requireStaff(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.startsWith("Bearer ") && isStaffKey(header.substring(7).trim());
        boolean session = ctx.session() != null && Boolean.TRUE.equals(ctx.session().get(STAFF));
        if (bearer || session) {
            ctx.next();
        } else {
            ctx.fail(401);
        }
    }

    /** {@code POST /login} with {@code {"key": "<staff key>"}}: 204 and a fresh session cookie, or 401. */
    private void login(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException notJson) {
            throw new BadInput("body", "expected a JSON object");
        }
        if (body == null || !(body.getValue("key") instanceof String key)) {
            throw new BadInput("key", "is required");
        }
        if (!isStaffKey(key)) {
            LOG.warn("dashboard sign-in refused from {}", ctx.request().remoteAddress());
            ctx.fail(401);
            return;
        }
        ctx.session().regenerateId();
        ctx.session().put(STAFF, true);
        ctx.response().setStatusCode(204).end();
    }

    private static void logout(RoutingContext ctx) {
        if (ctx.session() != null) {
            ctx.session().destroy();
        }
        ctx.response().setStatusCode(204).end();
    }

    private boolean isStaffKey(String candidate) {
        return MessageDigest.isEqual(staffKey, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Every error leaves as JSON: 400 names the field, 5xx is logged with its cause and says nothing more. */
    private static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        String error;
        if (failure instanceof BadInput bad) {
            status = 400;
            error = bad.getMessage();
        } else if (status == 413) {
            error = "body: larger than " + BODY_LIMIT_BYTES + " bytes";
        } else if (status == 401) {
            error = "missing or invalid credentials";
        } else if (status == 404) {
            error = "not found";
        } else if (status == 405) {
            error = "method not allowed";
        } else if (status == 503) {
            error = "not ready yet: the store is starting or a part is down (see /health)";
        } else if (status >= 400 && status < 500) {
            error = failure != null && failure.getMessage() != null ? failure.getMessage() : "bad request";
        } else {
            status = 500;
            error = "internal error";
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", error).encode());
    }
}
