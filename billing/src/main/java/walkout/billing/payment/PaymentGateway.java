package walkout.billing.payment;

/**
 * Charges a customer's saved payment method.
 *
 * <p>Contract: {@link #charge} is idempotent per {@code idempotencyKey} (Walkout passes the order id): calling it
 * again with the same key never charges twice and returns the first call's result. It returns only final
 * answers; when the outcome is unknown (timeout, network error) it throws, and the caller retries later with the
 * same key. It blocks: never call it on an event loop.
 */
public interface PaymentGateway {
    /** Short name recorded with each payment, e.g. {@code house}. */
    String name();

    /**
     * @param idempotencyKey the order id
     * @param paymentMethod  the processor's token for the customer's saved method
     * @param amountMinor    gross amount in minor units, > 0
     * @param currency       ISO 4217 code
     */
    PaymentResult charge(String idempotencyKey, String paymentMethod, long amountMinor, String currency);
}
