package walkout.store.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import walkout.billing.catalog.Catalog;
import walkout.billing.catalog.Product;
import walkout.store.config.StoreLayout;
import walkout.tracking.InventoryCount;
import walkout.tracking.ShopperPosition;
import walkout.tracking.inventory.StockLevel;
import walkout.tracking.inventory.StockThresholds;

/**
 * The dashboard's staff views (behind the store's staff check): {@code GET /api/overview}, {@code /api/map},
 * {@code /api/inventory} (with thresholds), {@code /api/replenishment.csv} and {@code /api/history}. Tracking's
 * interactive queries run on worker threads.
 */
public final class DashboardRoutes {
    /** Tracking's views of the store, as the store wires them. */
    public record TrackingViews(Supplier<List<InventoryCount>> inventory, Supplier<List<StockLevel>> stockLevels,
                                Supplier<List<ShopperPosition>> shoppers, StockThresholds thresholds) {
    }

    private final Vertx vertx;
    private final StoreLayout layout;
    private final Supplier<Catalog> catalog;
    private final TrackingViews tracking;
    private final DashboardSampler sampler;
    private final Clock clock;

    public DashboardRoutes(Vertx vertx, StoreLayout layout, Supplier<Catalog> catalog, TrackingViews tracking,
                           DashboardSampler sampler, Clock clock) {
        this.vertx = vertx;
        this.layout = layout;
        this.catalog = catalog;
        this.tracking = tracking;
        this.sampler = sampler;
        this.clock = clock;
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.get("/api/overview").handler(ctx -> json(ctx, sampler.overview()));
        router.get("/api/history").handler(ctx -> json(ctx, sampler.history().toJson(clock.millis())));
        router.get("/api/map").blockingHandler(ctx -> json(ctx, map()), false);
        router.get("/api/inventory").blockingHandler(ctx -> json(ctx, inventory()), false);
        router.get("/api/replenishment.csv").blockingHandler(this::replenishment, false);
        return router;
    }

    /** {@code {"zones":[{"id","name","kind","shoppers","items"}],"shoppers":N,"unplaced":N}}, in layout order. */
    JsonObject map() {
        Map<String, Long> shoppersByZone = new HashMap<>();
        List<ShopperPosition> shoppers = tracking.shoppers().get();
        long unplaced = 0;
        for (ShopperPosition s : shoppers) {
            if (s.zone() == null) {
                unplaced++;
            } else {
                shoppersByZone.merge(s.zone(), 1L, Long::sum);
            }
        }
        Map<String, Long> itemsByZone = new HashMap<>();
        tracking.inventory().get().forEach(c -> itemsByZone.merge(c.zone(), c.count(), Long::sum));
        JsonArray zones = new JsonArray();
        for (StoreLayout.Zone z : layout.zones()) {
            zones.add(new JsonObject().put("id", z.id()).put("name", z.name()).put("kind", z.kind())
                    .put("shoppers", shoppersByZone.getOrDefault(z.id(), 0L))
                    .put("items", itemsByZone.getOrDefault(z.id(), 0L)));
        }
        return new JsonObject().put("zones", zones).put("shoppers", shoppers.size()).put("unplaced", unplaced);
    }

    /**
     * The contract's {@code [{"gtin","name","zone","count"}]} plus, per row, the product's {@code floorCount} (all
     * zones), {@code threshold} and {@code low}.
     */
    JsonArray inventory() {
        Map<String, StockLevel> levels = levelsByGtin();
        Map<String, Long> totals = new HashMap<>();
        List<InventoryCount> counts = tracking.inventory().get();
        counts.forEach(c -> totals.merge(c.gtin(), c.count(), Long::sum));
        Catalog products = catalog.get();
        JsonArray out = new JsonArray();
        for (InventoryCount c : counts) {
            StockLevel level = levels.get(c.gtin());
            long floorCount = totals.get(c.gtin());
            int threshold = level != null ? level.threshold() : tracking.thresholds().thresholdOf(c.gtin());
            out.add(new JsonObject().put("gtin", c.gtin())
                    .put("name", products.find(c.gtin()).map(Product::name).orElse(null))
                    .put("zone", c.zone())
                    .put("count", c.count())
                    .put("floorCount", floorCount)
                    .put("threshold", threshold)
                    .put("low", floorCount < threshold));
        }
        return out;
    }

    /** Products under their threshold and how many to bring back to twice it, as a CSV download. */
    private void replenishment(RoutingContext ctx) {
        Catalog products = catalog.get();
        StringBuilder csv = new StringBuilder("gtin,name,floor_count,threshold,reorder_quantity\n");
        for (StockLevel level : tracking.stockLevels().get()) {
            if (!level.low()) {
                continue;
            }
            String name = products.find(level.gtin()).map(Product::name).orElse("");
            csv.append(level.gtin()).append(',').append(csvField(name)).append(',').append(level.floorCount())
                    .append(',').append(level.threshold()).append(',').append(level.reorderQuantity()).append('\n');
        }
        String day = Instant.ofEpochMilli(clock.millis()).atZone(sampler.zone()).toLocalDate().toString();
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"replenishment-" + day + ".csv\"")
                .end(csv.toString());
    }

    private Map<String, StockLevel> levelsByGtin() {
        Map<String, StockLevel> out = new HashMap<>();
        tracking.stockLevels().get().forEach(level -> out.put(level.gtin(), level));
        return out;
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static void json(RoutingContext ctx, Object body) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
    }
}
