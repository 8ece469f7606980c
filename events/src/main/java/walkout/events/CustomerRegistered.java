package walkout.events;

/**
 * Staff registered a shopper. {@code paymentMethod} is the processor's token for the saved method (for example
 * {@code pm_card_visa}); card numbers never enter Walkout.
 */
public record CustomerRegistered(String storeId, String customerId, String name, String paymentMethod,
                                 long atMillis) {
}
