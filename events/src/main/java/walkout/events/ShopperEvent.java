package walkout.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What shopper devices and entry gates report. One topic carries all of them so that, per store, an entry is
 * always ordered before the sightings that follow it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ShopperEntered.class, name = "ShopperEntered"),
    @JsonSubTypes.Type(value = BeaconSighted.class, name = "BeaconSighted")
})
public sealed interface ShopperEvent permits ShopperEntered, BeaconSighted {
    String storeId();

    String customerId();

    /** Event time in epoch milliseconds, from the device. */
    long atMillis();
}
