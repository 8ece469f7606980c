package walkout.billing;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.catalog.Catalog;
import walkout.billing.catalog.CatalogException;
import walkout.billing.catalog.LiveCatalog;
import walkout.billing.catalog.Product;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderFilter;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.pricing.VatTotal;
import walkout.billing.receipt.Receipt;
import walkout.billing.receipt.ReceiptFeed;
import walkout.events.BadInput;
import walkout.events.Epc;
import walkout.events.codec.DeviceTokenSigner;
import walkout.events.codec.DeviceTokens;

/**
 * Billing's HTTP routes: {@code GET /api/orders}, {@code GET /api/alerts} (staff auth is the store's, in front of
 * this router) and {@code GET /v1/visits/:visitId/receipt} (device token, own visits only). JDBC runs on worker
 * threads; errors go to {@code ctx.fail(status, ...)} for the store's failure handler, which renders a
 * {@link BadInput} failure as 400 naming the field (so 401 and 404 carry no failure). Times are ISO-8601 UTC.
 */
public final class BillingRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(BillingRoutes.class);
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1000;
    static final long HEARTBEAT_MS = 15_000;

    private final Vertx vertx;
    private final Ledger ledger;
    private final DeviceTokens tokens;
    private final Clock clock;
    private final BooleanSupplier ready;
    private final RefundHandler refunds;
    private final HeldItemHandler heldItems;
    private final ReceiptFeed feed;
    private final LiveCatalog catalog;

    /** Read-only routes: no refunds, no alert actions. {@code ready} false (ledger not migrated yet) answers 503. */
    public BillingRoutes(Vertx vertx, Ledger ledger, DeviceTokenSigner tokens, BooleanSupplier ready) {
        this(vertx, ledger, tokens, ready, null, null, null, null);
    }

    /**
     * Every route, staff actions included: {@code POST /api/orders/:orderId/refunds},
     * {@code POST /api/alerts/:alertId/assign|dismiss|resolve} (they read the JSON body the store's body handler
     * parsed), the devices' receipt stream {@code GET /v1/events} fed by {@code feed}, and
     * {@code GET /api/catalog}, {@code PUT /api/catalog} (CSV body: replaces the catalog in force, all or nothing).
     * A null collaborator leaves its routes out.
     */
    public BillingRoutes(Vertx vertx, Ledger ledger, DeviceTokenSigner tokens, BooleanSupplier ready,
                         RefundHandler refunds, HeldItemHandler heldItems, ReceiptFeed feed, LiveCatalog catalog) {
        this(vertx, ledger, tokens, ready, refunds, heldItems, feed, catalog, Clock.systemUTC());
    }

    /** As above, with the clock that decides whether a device token has expired. */
    public BillingRoutes(Vertx vertx, Ledger ledger, DeviceTokenSigner tokens, BooleanSupplier ready,
                         RefundHandler refunds, HeldItemHandler heldItems, ReceiptFeed feed, LiveCatalog catalog,
                         Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        // Read tokens exactly as ingest issues them (an expiry inside the signed part); ttl only matters to issuers.
        this.tokens = new DeviceTokens(Objects.requireNonNull(tokens, "tokens"), 0);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.refunds = refunds;
        this.heldItems = heldItems;
        this.feed = feed;
        this.catalog = catalog;
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.get("/api/orders").handler(this::orders);
        router.get("/api/alerts").handler(this::alerts);
        router.get("/v1/visits/:visitId/receipt").handler(this::receipt);
        if (feed != null) {
            router.get("/v1/events").handler(this::events);
        }
        if (catalog != null) {
            router.get("/api/catalog").handler(this::catalog);
            router.put("/api/catalog").handler(this::replaceCatalog);
        }
        if (refunds != null) {
            router.post("/api/orders/:orderId/refunds").handler(this::refund);
        }
        if (heldItems != null) {
            router.post("/api/alerts/:alertId/assign").handler(this::assign);
            router.post("/api/alerts/:alertId/dismiss").handler(ctx -> closeAlert(ctx, true));
            router.post("/api/alerts/:alertId/resolve").handler(ctx -> closeAlert(ctx, false));
        }
        return router;
    }

    /**
     * Server-sent events for the device's customer: a {@code receipt} event (the receipt JSON, one line) each time
     * one of their orders is charged, gets a held item, or is refunded; a comment line every
     * {@value #HEARTBEAT_MS} ms keeps proxies from closing the stream.
     */
    private void events(RoutingContext ctx) {
        Optional<String> customerId = deviceCustomer(ctx);
        if (customerId.isEmpty()) {
            ctx.fail(401);
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        Context context = vertx.getOrCreateContext();
        AutoCloseable subscription = feed.subscribe(customerId.get(), receipt -> context.runOnContext(v -> {
            if (!response.closed() && !response.ended()) {
                response.write("event: receipt\nid: " + receipt.getString("orderId") + "\ndata: " + receipt.encode()
                        + "\n\n");
            }
        }));
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
            if (!response.closed() && !response.ended()) {
                response.write(": keep-alive\n\n");
            }
        });
        Runnable unsubscribe = () -> {
            vertx.cancelTimer(heartbeat);
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("events of customer {}: unsubscribe failed: {}", customerId.get(), e.toString());
            }
        };
        response.closeHandler(v -> unsubscribe.run());
        response.exceptionHandler(e -> LOG.debug("events of customer {}: {}", customerId.get(), e.toString()));
        response.write(": receipts for " + customerId.get() + "\n\n");
    }

    private void catalog(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (Product p : catalog.get().products()) {
            out.add(productJson(p));
        }
        send(ctx, out);
    }

    /** Replaces the catalog with the CSV body, validated as a whole: one bad line keeps the old catalog. */
    private void replaceCatalog(RoutingContext ctx) {
        RequestBody body = ctx.body();
        if (body == null || body.length() <= 0) {
            ctx.fail(400, new BadInput("body", "must be the catalog CSV (gtin,name,price,currency,vat_rate)"));
            return;
        }
        String csv = body.asString(StandardCharsets.UTF_8.name());
        vertx.executeBlocking(() -> Catalog.read(new StringReader(csv), "body"), false)
                .onSuccess(next -> {
                    Catalog before = catalog.replace(next);
                    LOG.info("catalog replaced over HTTP: {} products (was {})", next.products().size(),
                            before.products().size());
                    send(ctx, new JsonObject().put("products", next.products().size())
                            .put("before", before.products().size()));
                })
                .onFailure(e -> {
                    if (e instanceof CatalogException bad) {
                        LOG.info("PUT /api/catalog refused: {}", bad.getMessage());
                        // The message already starts with the source name "body" and names line and field.
                        ctx.fail(400, new BadInput("body", bad.getMessage().replaceFirst("^body:\\s*", "")));
                    } else {
                        failServer(ctx, "PUT /api/catalog", e);
                    }
                });
    }

    static JsonObject productJson(Product p) {
        return new JsonObject()
                .put("gtin", p.gtin())
                .put("name", p.name())
                .put("priceMinor", p.priceMinor())
                .put("currency", p.currency())
                .put("vatRate", rate(p.vatRate()))
                .put("lowStock", p.lowStock());
    }

    private void refund(RoutingContext ctx) {
        if (!readyOrFail(ctx)) {
            return;
        }
        String orderId = ctx.pathParam("orderId");
        List<String> epcs;
        String by;
        try {
            JsonObject body = body(ctx, true);
            by = by(body);
            Object raw = body.getValue("epcs");
            if (!(raw instanceof JsonArray array)) {
                throw new BadInput("epcs", "must be an array of EPCs (24 hex digits)");
            }
            epcs = new ArrayList<>();
            for (Object epc : array) {
                if (!(epc instanceof String text)) {
                    throw new BadInput("epcs", "must contain only strings, got " + epc);
                }
                epcs.add(text);
            }
        } catch (BadInput e) {
            ctx.fail(400, e);
            return;
        }
        String key = ctx.request().getHeader("Idempotency-Key");
        staffAction(ctx, "refund of order " + orderId, () -> refunds.refund(orderId, epcs, by, key),
                r -> new JsonObject()
                        .put("refundId", r.refundId())
                        .put("orderId", r.orderId())
                        .put("status", r.status())
                        .put("amountMinor", r.amountMinor())
                        .put("currency", r.currency())
                        .put("epcs", new JsonArray(List.copyOf(r.epcs())))
                        .put("by", r.requestedBy())
                        .put("failureReason", r.failureReason())
                        .put("createdAt", iso(r.createdAtMillis()))
                        .put("completedAt", r.completedAtMillis() == null ? null : iso(r.completedAtMillis())));
    }

    private void assign(RoutingContext ctx) {
        if (!readyOrFail(ctx)) {
            return;
        }
        String alertId = ctx.pathParam("alertId");
        String visitId;
        String by;
        try {
            JsonObject body = body(ctx, true);
            by = by(body);
            Object raw = body.getValue("visitId");
            if (!(raw instanceof String text) || text.isBlank()) {
                throw new BadInput("visitId", "must be one of the alert's candidate visit ids");
            }
            visitId = text;
        } catch (BadInput e) {
            ctx.fail(400, e);
            return;
        }
        staffAction(ctx, "assign alert " + alertId, () -> heldItems.assign(alertId, visitId, by),
                s -> new JsonObject()
                        .put("supplementId", s.supplementId())
                        .put("alertId", s.alertId())
                        .put("orderId", s.orderId())
                        .put("visitId", visitId)
                        .put("status", s.status())
                        .put("epc", s.epc())
                        .put("gtin", s.gtin())
                        .put("name", s.name())
                        .put("priceMinor", s.priceMinor())
                        .put("by", s.requestedBy())
                        .put("failureReason", s.failureReason()));
    }

    private void closeAlert(RoutingContext ctx, boolean dismiss) {
        if (!readyOrFail(ctx)) {
            return;
        }
        String alertId = ctx.pathParam("alertId");
        String by;
        try {
            by = by(body(ctx, false));
        } catch (BadInput e) {
            ctx.fail(400, e);
            return;
        }
        staffAction(ctx, (dismiss ? "dismiss" : "resolve") + " alert " + alertId,
                () -> dismiss ? heldItems.dismiss(alertId, by) : heldItems.resolve(alertId, by),
                BillingRoutes::alertJson);
    }

    /** Runs a blocking staff action; answers 201 with its result, 400/404/409 for refused input. */
    private <T> void staffAction(RoutingContext ctx, String what, Callable<T> action,
                                 Function<T, JsonObject> json) {
        vertx.executeBlocking(action, false)
                .onSuccess(result -> {
                    ctx.response().setStatusCode(201);
                    send(ctx, json.apply(result));
                })
                .onFailure(e -> {
                    if (e instanceof BadInput bad) {
                        LOG.info("{}: refused, {}", what, bad.getMessage());
                        ctx.fail(400, bad);
                    } else if (e instanceof ActionRefused refused) {
                        LOG.info("{}: refused ({}), {}", what, refused.status(), refused.getMessage());
                        ctx.fail(refused.status(), refused);
                    } else {
                        failServer(ctx, what, e);
                    }
                });
    }

    /** The request's JSON object; an absent body is an empty object unless {@code required}. */
    private static JsonObject body(RoutingContext ctx, boolean required) {
        RequestBody body = ctx.body();
        if (body == null || body.length() <= 0) {
            if (required) {
                throw new BadInput("body", "must be a JSON object");
            }
            return new JsonObject();
        }
        try {
            JsonObject json = body.asJsonObject();
            if (json == null) {
                throw new BadInput("body", "must be a JSON object");
            }
            return json;
        } catch (DecodeException | ClassCastException e) {
            throw new BadInput("body", "must be a JSON object");
        }
    }

    private static String by(JsonObject body) {
        Object by = body.getValue("by");
        if (by == null) {
            return "staff";
        }
        if (!(by instanceof String text) || text.isBlank() || text.length() > 100) {
            throw new BadInput("by", "must be a name of 1 to 100 characters");
        }
        return text.trim();
    }

    /** {@code GET /api/orders}, optionally filtered by {@code customer}, {@code epc}, {@code from}, {@code to}. */
    private void orders(RoutingContext ctx) {
        OrderFilter filter;
        try {
            filter = orderFilter(ctx);
        } catch (BadInput e) {
            ctx.fail(400, e);
            return;
        }
        list(ctx, "GET /api/orders", limit -> ledger.orders(filter, limit), BillingRoutes::orderJson);
    }

    private static OrderFilter orderFilter(RoutingContext ctx) {
        String customer = ctx.queryParams().get("customer");
        String epc = ctx.queryParams().get("epc");
        if (epc != null && !Epc.isHex96(epc.trim().toUpperCase(Locale.ROOT))) {
            throw new BadInput("epc", "'" + epc + "' must be 24 hex digits");
        }
        return new OrderFilter(customer == null || customer.isBlank() ? null : customer.trim(),
                epc == null ? null : epc.trim().toUpperCase(Locale.ROOT), instantParam(ctx, "from"),
                instantParam(ctx, "to"));
    }

    private static Long instantParam(RoutingContext ctx, String name) {
        String text = ctx.queryParams().get(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadInput(name, "'" + text + "' is not an ISO-8601 time like 2026-11-22T15:40:00Z");
        }
    }

    private void alerts(RoutingContext ctx) {
        list(ctx, "GET /api/alerts", ledger::alerts, BillingRoutes::alertJson);
    }

    /** A staff list: the newest {@code ?limit=} rows from the ledger (off the event loop), each as JSON. */
    private <T> void list(RoutingContext ctx, String what, IntFunction<List<T>> query, Function<T, JsonObject> json) {
        if (!readyOrFail(ctx)) {
            return;
        }
        int limit;
        try {
            limit = limit(ctx);
        } catch (BadInput e) {
            ctx.fail(400, e);
            return;
        }
        vertx.executeBlocking(() -> query.apply(limit), false)
                .onSuccess(rows -> {
                    JsonArray out = new JsonArray();
                    rows.forEach(row -> out.add(json.apply(row)));
                    send(ctx, out);
                })
                .onFailure(e -> failServer(ctx, what, e));
    }

    /** The customer of a valid, unexpired device token in the Authorization header, or empty. */
    private Optional<String> deviceCustomer(RoutingContext ctx) {
        return bearer(ctx).map(token -> tokens.verify(token, clock.millis()))
                .filter(verified -> verified.check() == DeviceTokens.Check.VALID)
                .map(DeviceTokens.Verified::customerId);
    }

    private void receipt(RoutingContext ctx) {
        Optional<String> customerId = deviceCustomer(ctx);
        if (customerId.isEmpty()) {
            // No BadInput here: the store's failure handler answers 400 for those, and this must stay a 401.
            ctx.fail(401);
            return;
        }
        if (!readyOrFail(ctx)) {
            return;
        }
        String visitId = ctx.pathParam("visitId");
        vertx.executeBlocking(() -> ledger.orderByVisit(visitId), false)
                .onSuccess(order -> {
                    // Someone else's visit gets the same 404 as an unknown one: no probing for visit ids.
                    if (order.isEmpty() || !order.get().customerId().equals(customerId.get())
                            || !Receipt.issuedFor(order.get().status())) {
                        ctx.fail(404);
                        return;
                    }
                    send(ctx, receiptJson(Receipt.of(order.get())));
                })
                .onFailure(e -> failServer(ctx, "GET receipt of visit " + visitId, e));
    }

    /** The contract's order shape. */
    static JsonObject orderJson(Order o) {
        JsonArray lines = new JsonArray();
        for (OrderLine l : o.lines()) {
            JsonObject line = new JsonObject()
                    .put("epc", l.epc())
                    .put("gtin", l.gtin())
                    .put("name", l.name())
                    .put("priceMinor", l.priceMinor())
                    .put("vatRate", rate(l.vatRate()))
                    .put("vatMinor", l.vatMinor())
                    .put("exitedAt", iso(l.exitedAtMillis()))
                    .put("evidence", l.evidenceJson() == null ? null : new JsonObject(l.evidenceJson()));
            if (l.flag() != null) {
                line.put("flag", l.flag());
            }
            line.put("why", why(l));
            if (l.refundedAtMillis() != null) {
                line.put("refundedAt", iso(l.refundedAtMillis()));
            }
            if (l.supplementId() != null) {
                line.put("supplementId", l.supplementId());
            }
            lines.add(line);
        }
        long refundedMinor = o.lines().stream().filter(OrderLine::refunded).mapToLong(OrderLine::priceMinor).sum();
        JsonObject out = new JsonObject()
                .put("orderId", o.orderId())
                .put("visitId", o.visitId())
                .put("customerId", o.customerId())
                .put("status", o.status().name())
                .put("currency", o.currency())
                .put("totalMinor", o.totalMinor())
                .put("refundedMinor", refundedMinor)
                .put("lines", lines)
                .put("closedAt", iso(o.closedAtMillis()))
                .put("createdAt", iso(o.createdAtMillis()))
                .put("chargedAt", o.chargedAtMillis() == null ? null : iso(o.chargedAtMillis()));
        if (o.failureReason() != null) {
            out.put("failureReason", o.failureReason());
        }
        if (o.paymentReference() != null) {
            out.put("paymentReference", o.paymentReference());
        }
        return out;
    }

    /** The order shape plus VAT per rate. */
    static JsonObject receiptJson(Receipt r) {
        JsonArray vat = new JsonArray();
        for (VatTotal t : r.vatTotals()) {
            vat.add(new JsonObject()
                    .put("vatRate", rate(t.vatRate()))
                    .put("grossMinor", t.grossMinor())
                    .put("vatMinor", t.vatMinor())
                    .put("netMinor", t.netMinor()));
        }
        long vatMinor = r.vatTotals().stream().mapToLong(VatTotal::vatMinor).sum();
        return orderJson(r.order()).put("vatTotals", vat).put("vatMinor", vatMinor);
    }

    /** A short line for the shopper: why this line is on their receipt (or why it is not charged). */
    static String why(OrderLine l) {
        if (l.flag() != null) {
            return "not charged: " + l.flag().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
        if (l.supplementId() != null) {
            return "held at the exit, then assigned to your visit by staff; left at " + clock(l.exitedAtMillis());
        }
        StringBuilder out = new StringBuilder("left with you at ").append(clock(l.exitedAtMillis()));
        if (l.evidenceJson() != null) {
            JsonObject e = new JsonObject(l.evidenceJson());
            out.append(", ").append(e.getInteger("reads", 0)).append(" reads");
            JsonArray zones = e.getJsonArray("zones");
            if (zones != null && !zones.isEmpty()) {
                out.append(" in ").append(String.join(", ", zones.stream().map(String::valueOf).toList()));
            }
            Long passed = e.getLong("phonePassedMillis");
            if (passed != null) {
                long beforeMs = e.getLong("exitOuterMillis", passed) - passed;
                out.append(", your phone passed the exit ")
                        .append(String.format(Locale.ROOT, "%.1f s %s", Math.abs(beforeMs) / 1000.0,
                                beforeMs >= 0 ? "before it" : "after it"));
            }
            Double margin = e.getDouble("margin");
            if (margin != null) {
                out.append(", evidence margin ").append(String.format(Locale.ROOT, "%.2f", margin));
            }
        }
        if (l.refundedAtMillis() != null) {
            out.append("; refunded ").append(iso(l.refundedAtMillis()));
        }
        return out.toString();
    }

    private static String clock(long epochMillis) {
        return java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.format(
                Instant.ofEpochMilli(epochMillis).atOffset(java.time.ZoneOffset.UTC).toLocalTime()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + " UTC";
    }

    static JsonObject alertJson(StoredAlert a) {
        return new JsonObject()
                .put("alertId", a.alertId())
                .put("type", a.type())
                .put("epc", a.epc())
                .put("gtin", a.gtin())
                .put("visitIds", new JsonArray(List.copyOf(a.visitIds())))
                .put("at", iso(a.atMillis()))
                .put("resolved", a.resolved())
                .put("action", a.action())
                .put("actionBy", a.actionBy())
                .put("actionAt", a.actionAtMillis() == null ? null : iso(a.actionAtMillis()))
                .put("assignedVisitId", a.assignedVisitId())
                .put("resolvedAt", a.resolvedAtMillis() == null ? null : iso(a.resolvedAtMillis()))
                .put("orderId", a.orderId())
                .put("reason", a.reason());
    }

    private boolean readyOrFail(RoutingContext ctx) {
        if (ready.getAsBoolean()) {
            return true;
        }
        ctx.fail(503, new IllegalStateException("billing ledger not started"));
        return false;
    }

    private static int limit(RoutingContext ctx) {
        String text = ctx.queryParams().get("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, with the field named
        }
        throw new BadInput("limit", "'" + text + "' must be an integer in [1, " + MAX_LIMIT + "]");
    }

    private static Optional<String> bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private static void send(RoutingContext ctx, Object body) {
        ctx.json(body).onFailure(e -> LOG.debug("{} {}: response not sent: {}", ctx.request().method(),
                ctx.request().path(), e.toString()));
    }

    private static void failServer(RoutingContext ctx, String what, Throwable e) {
        LOG.warn("{}: ledger read failed: {}", what, e.toString());
        ctx.fail(500, e);
    }

    private static BigDecimal rate(BigDecimal rate) {
        if (rate == null) {
            return null;
        }
        return rate.signum() == 0 ? BigDecimal.ZERO : rate.stripTrailingZeros();
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
