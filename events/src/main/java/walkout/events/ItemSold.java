package walkout.events;

/** Billing charged for this item: tracking must never charge or alarm for it again. */
public record ItemSold(String storeId, String epc, String visitId, String orderId, long atMillis) {
}
