package walkout.billing.ledger;

/**
 * One call to a payment gateway as the ledger keeps it. {@code idempotencyKey} is unique: recording the same key
 * twice keeps the first row.
 *
 * @param kind   {@code CHARGE} or {@code REFUND}
 * @param status the gateway's answer, e.g. {@code SUCCEEDED} or {@code DECLINED}
 */
public record Payment(String orderId, String kind, String gateway, String idempotencyKey, long amountMinor,
                      String currency, String status, String reference, String reason, long atMillis) {
    public static final String CHARGE = "CHARGE";
    public static final String REFUND = "REFUND";
}
