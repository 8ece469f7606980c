package walkout.events;

/** A shopper's phone heard a store beacon. {@code zone} is the beacon's zone from the layout. */
public record BeaconSighted(String storeId, String customerId, String beaconId, String zone, int rssiDbm,
                            long atMillis) implements ShopperEvent {
}
