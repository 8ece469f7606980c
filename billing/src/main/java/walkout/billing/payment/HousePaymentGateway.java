package walkout.billing.payment;

import java.time.Clock;
import java.util.Objects;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Payment;

/**
 * The default gateway, for stores that invoice or run store accounts: charges and refunds are recorded against
 * the customer's saved payment method in the ledger itself (a payments row with reference {@code house-<key>},
 * or {@code house-refund-<key>}). Declines a charge only when there is no saved method. The same key returns the
 * stored result. Blocking, thread-safe.
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
    public PaymentResult charge(String orderId, String idempotencyKey, String paymentMethod, long amountMinor,
                                String currency) {
        requirePositive(amountMinor);
        boolean hasMethod = paymentMethod != null && !paymentMethod.isBlank();
        Payment asked = new Payment(orderId, Payment.CHARGE, NAME, idempotencyKey, amountMinor, currency,
                hasMethod ? PaymentResult.Status.SUCCEEDED.name() : PaymentResult.Status.DECLINED.name(),
                hasMethod ? "house-" + idempotencyKey : null,
                hasMethod ? null : "no saved payment method", clock.millis());
        return answer(ledger.recordPayment(asked));
    }

    @Override
    public PaymentResult refund(String orderId, String idempotencyKey, String chargeReference, long amountMinor,
                                String currency) {
        requirePositive(amountMinor);
        Payment asked = new Payment(orderId, Payment.REFUND, NAME, idempotencyKey, amountMinor, currency,
                PaymentResult.Status.SUCCEEDED.name(), "house-refund-" + idempotencyKey, null, clock.millis());
        return answer(ledger.recordPayment(asked));
    }

    private static PaymentResult answer(Payment stored) {
        return PaymentResult.Status.valueOf(stored.status()) == PaymentResult.Status.SUCCEEDED
                ? PaymentResult.succeeded(stored.reference())
                : PaymentResult.declined(stored.reason());
    }

    private static void requirePositive(long amountMinor) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("amountMinor=" + amountMinor + " must be > 0");
        }
    }
}
