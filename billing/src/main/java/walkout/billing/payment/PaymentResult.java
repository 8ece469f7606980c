package walkout.billing.payment;

import java.util.Objects;

/**
 * A gateway's final answer to a charge.
 *
 * @param reference the gateway's reference for the charge (shown on the receipt); null when declined
 * @param reason    why it was declined; null when it succeeded
 */
public record PaymentResult(Status status, String reference, String reason) {
    /** Final outcomes only: a gateway that cannot tell throws instead (see {@link PaymentGateway}). */
    public enum Status { SUCCEEDED, DECLINED }

    public PaymentResult {
        Objects.requireNonNull(status, "status");
    }

    public static PaymentResult succeeded(String reference) {
        return new PaymentResult(Status.SUCCEEDED, reference, null);
    }

    public static PaymentResult declined(String reason) {
        return new PaymentResult(Status.DECLINED, null, reason);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
