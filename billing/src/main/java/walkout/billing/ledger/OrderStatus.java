package walkout.billing.ledger;

/** Where an order stands. The names are the contract's {@code status} values. */
public enum OrderStatus {
    /** Recorded, charge not yet confirmed: recovery charges it again with the same idempotency key. */
    PENDING,
    CHARGED,
    FAILED,
    REFUNDED,
    PARTIALLY_REFUNDED
}
