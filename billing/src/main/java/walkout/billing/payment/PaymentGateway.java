package walkout.billing.payment;

/**
 * Charges and refunds a customer's saved payment method.
 *
 * <p>Contract: {@link #charge} and {@link #refund} are idempotent per {@code idempotencyKey} (Walkout passes the
 * order id for a basket's charge, the supplement id for a held item charged later, the refund id for a refund):
 * calling again with the same key never moves money twice and returns the first call's result. They return only
 * final answers; when the outcome is unknown (timeout, network error) they throw, and the caller retries later
 * with the same key. They block: never call them on an event loop.
 */
public interface PaymentGateway {
    /** Short name recorded with each payment, e.g. {@code house}. */
    String name();

    /**
     * @param orderId        the order the money is for
     * @param idempotencyKey the order id, or a supplement id
     * @param paymentMethod  the processor's token for the customer's saved method
     * @param amountMinor    gross amount in minor units, > 0
     * @param currency       ISO 4217 code
     */
    PaymentResult charge(String orderId, String idempotencyKey, String paymentMethod, long amountMinor,
                         String currency);

    /**
     * Gives back part or all of an earlier charge.
     *
     * @param orderId         the order refunded
     * @param idempotencyKey  the refund id
     * @param chargeReference the gateway's reference of the charge refunded (from its {@link PaymentResult})
     * @param amountMinor     amount in minor units, > 0, at most what that charge has left
     * @param currency        ISO 4217 code
     */
    PaymentResult refund(String orderId, String idempotencyKey, String chargeReference, long amountMinor,
                         String currency);
}
