package walkout.billing.payment;

import java.time.Clock;
import java.util.Objects;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Payment;

/**
 * The default gateway, for stores that invoice or run store accounts: the charge is recorded against the
 * customer's saved payment method in the ledger itself (a payments row with reference {@code house-<orderId>}).
 * Declines only when there is no saved method. The same key returns the stored result. Blocking, thread-safe.
 */
public final class HousePaymentGateway implements PaymentGateway {
    public static final String NAME = "house";

    private final Ledger ledger;
    private final Clock clock;

    public HousePaymentGateway(Ledger ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PaymentResult charge(String idempotencyKey, String paymentMethod, long amountMinor, String currency) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("amountMinor=" + amountMinor + " must be > 0");
        }
        boolean hasMethod = paymentMethod != null && !paymentMethod.isBlank();
        Payment asked = new Payment(idempotencyKey, Payment.CHARGE, NAME, idempotencyKey, amountMinor, currency,
                hasMethod ? PaymentResult.Status.SUCCEEDED.name() : PaymentResult.Status.DECLINED.name(),
                hasMethod ? "house-" + idempotencyKey : null,
                hasMethod ? null : "no saved payment method", clock.millis());
        Payment stored = ledger.recordPayment(asked);
        return PaymentResult.Status.valueOf(stored.status()) == PaymentResult.Status.SUCCEEDED
                ? PaymentResult.succeeded(stored.reference())
                : PaymentResult.declined(stored.reason());
    }
}
