package walkout.billing.payment;

import java.util.Objects;

/**
 * A gateway's answer to a charge or refund.
 *
 * @param reference the gateway's reference (shown on the receipt; for a RETRYABLE answer the attempt's own
 *                  reference, e.g. a payment intent that was not charged); may be null when not SUCCEEDED
 * @param reason    why it was not SUCCEEDED; null when it was
 */
public record PaymentResult(Status status, String reference, String reason) {
    /** Answers only: a gateway that cannot tell what happened throws instead (see {@link PaymentGateway}). */
    public enum Status {
        SUCCEEDED,
        /** Final: trying again will not help (no saved method, invalid request). */
        DECLINED,
        /**
         * Not charged, but another try may succeed (card declined, authentication required): the caller may try
         * again later with a new idempotency key, since the gateway replays the same answer for the same key.
         */
        RETRYABLE
    }

    public PaymentResult {
        Objects.requireNonNull(status, "status");
    }

    public static PaymentResult succeeded(String reference) {
        return new PaymentResult(Status.SUCCEEDED, reference, null);
    }

    public static PaymentResult declined(String reason) {
        return new PaymentResult(Status.DECLINED, null, reason);
    }

    public static PaymentResult retryable(String reference, String reason) {
        return new PaymentResult(Status.RETRYABLE, reference, reason);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
