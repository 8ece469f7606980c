package walkout.billing.ledger;

import java.util.List;

/**
 * A refund of some lines of an order. {@code refundId} is the gateway's idempotency key.
 *
 * @param status            {@code PENDING} (recorded, gateway answer not confirmed), {@code SUCCEEDED}, {@code FAILED}
 * @param epcs              the refunded lines' EPCs (24 hex digits, upper case)
 * @param completedAtMillis when the gateway's answer was recorded, null while PENDING
 */
public record Refund(String refundId, String orderId, long amountMinor, String currency, String status,
                     String requestedBy, String failureReason, long createdAtMillis, Long completedAtMillis,
                     List<String> epcs) {
    public static final String PENDING = "PENDING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    public Refund {
        epcs = List.copyOf(epcs);
    }
}
