package walkout.tracking;

/**
 * A shopper in the store now: an open visit and the zone of its latest beacon sighting ({@code null} before the
 * first sighting).
 */
public record ShopperPosition(String visitId, String customerId, String zone, long enteredAtMillis) {
}
