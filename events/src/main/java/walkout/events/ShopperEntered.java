package walkout.events;

/** A shopper scanned the app at an entry gate; a visit opens. */
public record ShopperEntered(String storeId, String visitId, String customerId, String gateId, long atMillis)
        implements ShopperEvent {
}
