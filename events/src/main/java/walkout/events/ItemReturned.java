package walkout.events;

/**
 * Billing refunded this sold item: it is the store's again. Tracking takes it out of SOLD; once a shelf antenna
 * reads it, it is stock like any other item (counted, and charged or alarmed if it leaves again).
 *
 * @param atMillis when the refund was confirmed (billing's clock), epoch milliseconds
 */
public record ItemReturned(String storeId, String epc, String orderId, String refundId, long atMillis) {
}
