package walkout.events.topic;

import java.util.List;
import walkout.events.AlertRaised;
import walkout.events.BasketClosed;
import walkout.events.CustomerRegistered;
import walkout.events.ItemReturned;
import walkout.events.EpcisObjectEvent;
import walkout.events.ItemSold;
import walkout.events.ShopperEvent;
import walkout.events.StockLevelChanged;
import walkout.events.TagSeen;

/**
 * Every topic Walkout uses, in one place. Keys are store ids, so one store's events stay in order on one
 * partition and a chain of stores spreads over partitions.
 */
public final class Topics {
    /** ingest -> tracking: smoothed tag reads. */
    public static final Topic<TagSeen> TAG_READS = Topic.json("walkout.tag-reads", TagSeen.class);
    /** ingest -> tracking: entries and beacon sightings. */
    public static final Topic<ShopperEvent> SHOPPER_EVENTS = Topic.json("walkout.shopper-events", ShopperEvent.class);
    /** ingest -> billing: registered shoppers and their payment method tokens. */
    public static final Topic<CustomerRegistered> CUSTOMERS = Topic.json("walkout.customers", CustomerRegistered.class);
    /** tracking -> billing: closed baskets, one per visit. */
    public static final Topic<BasketClosed> BASKETS = Topic.json("walkout.baskets", BasketClosed.class);
    /** tracking -> billing and staff: unpaid exits and ambiguous items. */
    public static final Topic<AlertRaised> ALERTS = Topic.json("walkout.alerts", AlertRaised.class);
    /** billing -> tracking: items charged, never to be charged or alarmed again. */
    public static final Topic<ItemSold> ITEMS_SOLD = Topic.json("walkout.items-sold", ItemSold.class);
    /** tracking -> staff: a product's floor count dropped below its low-stock threshold, or recovered. */
    public static final Topic<StockLevelChanged> STOCK_LEVELS = Topic.json("walkout.stock-levels",
            StockLevelChanged.class);
    /** billing -> tracking: refunded items, stock again once read on a shelf. */
    public static final Topic<ItemReturned> ITEMS_RETURNED = Topic.json("walkout.items-returned",
            ItemReturned.class);
    /** tracking -> anyone: GS1 EPCIS 2.0 ObjectEvents (JSON-LD) for items stocked, sold and leaving unpaid. */
    public static final Topic<EpcisObjectEvent> EPCIS_EVENTS = Topic.json("walkout.epcis-events",
            EpcisObjectEvent.class);

    private Topics() {
    }

    public static List<Topic<?>> all() {
        return List.of(TAG_READS, SHOPPER_EVENTS, CUSTOMERS, BASKETS, ALERTS, ITEMS_SOLD, ITEMS_RETURNED, STOCK_LEVELS,
                EPCIS_EVENTS);
    }
}
