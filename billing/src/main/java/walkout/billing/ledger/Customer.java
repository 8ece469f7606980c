package walkout.billing.ledger;

/** A registered shopper. {@code paymentMethod} is the processor's token, never a card number. */
public record Customer(String customerId, String storeId, String name, String paymentMethod,
                       long registeredAtMillis) {
}
