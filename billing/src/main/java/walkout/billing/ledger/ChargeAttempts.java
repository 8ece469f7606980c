package walkout.billing.ledger;

/**
 * How often a PENDING order's charge was tried without a charge.
 *
 * @param attempts           every try that did not charge (answered or not)
 * @param declines           tries the gateway answered "not charged, may retry": each moves to a new key
 * @param nextChargeAtMillis when the next try is due, null when due now
 */
public record ChargeAttempts(int attempts, int declines, Long nextChargeAtMillis) {
    public static final ChargeAttempts NONE = new ChargeAttempts(0, 0, null);
}
