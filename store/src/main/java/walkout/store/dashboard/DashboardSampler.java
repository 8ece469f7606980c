package walkout.store.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderFilter;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.SalesSummary;
import walkout.store.StoreApp;
import walkout.store.http.HttpRoutes;
import walkout.tracking.ShopperPosition;

/**
 * Takes the store's pulse for the dashboard, once per {@link #sample()} (the store calls it every second on a worker
 * thread): the overview ({@link #overview()}), the one-hour {@link History} and a feed of the latest exits and
 * charges.
 *
 * <p>Pipeline latency is measured from the visit's exit (the shopper's exit as the readers and beacons timed it,
 * event time) to the charge committed in the ledger (billing's clock): everything a shopper waits for after walking
 * out, including tracking's attribution window and basket grace. "Today" is the calendar day of the injected clock
 * in the store's time zone. Journal lag is the number of journal records Kafka has yet to acknowledge (-1 unknown).
 * {@link #sample()} is called from one thread at a time; {@link #overview()} from any.
 */
public final class DashboardSampler {
    /** Meter ingest counts each reader's tag reads in, tagged {@code reader}. */
    static final String READS_METER = "walkout.ingest.reads";
    /** Pipeline latency in the overview covers charges of the last five minutes. */
    static final long LATENCY_SPAN_MS = 300_000;
    /** How far back each sample looks for orders created or charged. */
    static final long LOOKBACK_MS = 60_000;
    private static final int FEED_SIZE = 30;
    private static final int ORDERS_PER_SAMPLE = 1000;
    private static final String LATENCY_DEFINITION = "visit exit (event time) -> charge committed";

    private final Clock clock;
    private final ZoneId zone;
    private final String currency;
    private final Supplier<StoreApp.Health> health;
    private final Supplier<List<ShopperPosition>> shoppers;
    private final Ledger ledger;
    private final MeterRegistry meters;
    private final LongSupplier journalLag;
    private final History history = new History();
    private final Deque<JsonObject> feed = new ArrayDeque<>();
    private final Map<String, Double> lastReaderReads = new HashMap<>();
    /** Order id -> when this sampler counted its exit or its charge (kept 2 x {@link #LOOKBACK_MS}). */
    private final Map<String, Long> exitsCounted = new HashMap<>();
    private final Map<String, Long> chargesCounted = new HashMap<>();
    private final long startMillis;
    private long lastSampleMillis;
    private volatile JsonObject overview;

    public DashboardSampler(Clock clock, ZoneId zone, String currency, Supplier<StoreApp.Health> health,
                            Supplier<List<ShopperPosition>> shoppers, Ledger ledger, MeterRegistry meters,
                            LongSupplier journalLag) {
        this.clock = clock;
        this.zone = zone;
        this.currency = currency;
        this.health = health;
        this.shoppers = shoppers;
        this.ledger = ledger;
        this.meters = meters;
        this.journalLag = journalLag;
        this.startMillis = clock.millis();
        this.lastSampleMillis = startMillis;
        this.overview = HttpRoutes.healthJson(health.get());
    }

    /** The latest overview: the {@code /health} body plus the dashboard's figures (see docs/CONTRACT.md). */
    public JsonObject overview() {
        return overview;
    }

    public History history() {
        return history;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Samples everything once. */
    public synchronized void sample() {
        long now = clock.millis();
        double elapsedSeconds = Math.max(0.001, (now - lastSampleMillis) / 1000.0);
        Map<String, Double> readerRates = new HashMap<>();
        long reads = 0;
        for (Counter counter : meters.find(READS_METER).counters()) {
            String reader = counter.getId().getTag("reader");
            double total = counter.count();
            double before = lastReaderReads.getOrDefault(reader, total);
            lastReaderReads.put(reader, total);
            readerRates.put(reader, (total - before) / elapsedSeconds);
            reads += (long) (total - before);
        }

        // A charge's time is taken before its transaction commits, so it may show up a sample late with a time
        // before the last sample: look back, and remember which orders were counted.
        long since = now - LOOKBACK_MS;
        List<Order> recent = ledger.orders(new OrderFilter(null, null, since, null), ORDERS_PER_SAMPLE);
        for (int i = recent.size() - 1; i >= 0; i--) {
            Order order = recent.get(i);
            if (order.createdAtMillis() >= Math.max(since, startMillis)
                    && exitsCounted.putIfAbsent(order.orderId(), now) == null) {
                history.record(order.createdAtMillis(), 0, 1, List.of());
                addFeed("exit", order, order.createdAtMillis());
            }
            Long chargedAt = order.chargedAtMillis();
            if (chargedAt != null && chargedAt >= Math.max(since, startMillis) && order.status() != OrderStatus.FAILED
                    && chargesCounted.putIfAbsent(order.orderId(), now) == null) {
                long latencyMs = Math.max(0, chargedAt - order.exitedAtMillis());
                history.record(chargedAt, 0, 0, List.of(latencyMs));
                addFeed("charge", order, chargedAt);
            }
        }
        exitsCounted.values().removeIf(seenAt -> seenAt < now - 2 * LOOKBACK_MS);
        chargesCounted.values().removeIf(seenAt -> seenAt < now - 2 * LOOKBACK_MS);
        history.record(now, reads, 0, List.of());
        lastSampleMillis = now;

        LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        long dayStart = today.atStartOfDay(zone).toInstant().toEpochMilli();
        long dayEnd = today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        SalesSummary sales = ledger.salesSummary(dayStart, dayEnd);
        StoreApp.Health h = health.get();
        History.Latency latency = history.latency(now, LATENCY_SPAN_MS);

        JsonObject rates = new JsonObject();
        h.readers().keySet().forEach(reader -> rates.put(reader, round1(readerRates.getOrDefault(reader, 0.0))));
        JsonObject next = HttpRoutes.healthJson(h)
                .put("at", Instant.ofEpochMilli(now).toString())
                .put("day", today.toString())
                .put("timeZone", zone.getId())
                .put("shoppers", shoppers.get().size())
                .put("exitsToday", sales.orders())
                .put("revenueTodayMinor", sales.chargedMinor())
                .put("currency", currency)
                .put("openAlerts", sales.openAlerts())
                .put("readsPerSecond", rates)
                .put("journalLag", journalLag.getAsLong())
                .put("latency", new JsonObject()
                        .put("definition", LATENCY_DEFINITION)
                        .put("spanMs", LATENCY_SPAN_MS)
                        .put("orders", latency.count())
                        .put("p50Ms", latency.count() == 0 ? null : latency.p50Ms())
                        .put("p99Ms", latency.count() == 0 ? null : latency.p99Ms()))
                .put("feed", new JsonArray(new ArrayList<>(feed)));
        overview = next;
    }

    private void addFeed(String kind, Order order, long atMillis) {
        feed.addFirst(new JsonObject()
                .put("kind", kind)
                .put("at", Instant.ofEpochMilli(atMillis).toString())
                .put("orderId", order.orderId())
                .put("visitId", order.visitId())
                .put("customerId", order.customerId())
                .put("status", order.status().name())
                .put("totalMinor", order.totalMinor())
                .put("currency", order.currency())
                .put("items", order.lines().size()));
        while (feed.size() > FEED_SIZE) {
            feed.removeLast();
        }
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
