package walkout.billing.ledger;

import java.math.BigDecimal;

/**
 * A held (AMBIGUOUS) item staff assigned to a visit, charged as a supplement to that visit's order.
 * {@code supplementId} is the gateway's idempotency key.
 *
 * @param status {@code PENDING} (recorded, charge not confirmed), {@code CHARGED} or {@code FAILED}
 */
public record Supplement(String supplementId, String orderId, String alertId, String epc, String gtin, String name,
                         long priceMinor, BigDecimal vatRate, long vatMinor, long exitedAtMillis, String status,
                         String requestedBy, String failureReason, long createdAtMillis, Long completedAtMillis) {
    public static final String PENDING = "PENDING";
    public static final String CHARGED = "CHARGED";
    public static final String FAILED = "FAILED";
}
