package walkout.billing.payment;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges through Stripe with the official client: one PaymentIntent per try, created and confirmed at once,
 * off-session, with the customer's saved payment method and {@code Idempotency-Key} = the key Walkout passes
 * (the order id for a basket's first try). Refunds are Stripe refunds of the basket's PaymentIntent, keyed by the
 * refund id.
 *
 * <p>The saved payment method is kept as {@code pm_...} or {@code cus_.../pm_...} (customer and method, which Stripe
 * needs for a method attached to a customer). Answers:
 * <ul>
 *   <li>{@code succeeded} -> SUCCEEDED, reference = the PaymentIntent id;</li>
 *   <li>card declined, authentication required, or a PaymentIntent left in {@code requires_action} (cancelled here,
 *       so it cannot complete later) or {@code requires_payment_method} -> RETRYABLE: nothing was charged; Stripe
 *       replays the same answer for the same key, so the caller retries with a new key;</li>
 *   <li>an invalid request (unknown method, bad amount) or a reused key with other parameters -> DECLINED;</li>
 *   <li>no answer (connect or read timeout, connection reset), 5xx, rate limiting, a PaymentIntent still
 *       {@code processing}, bad credentials -> throws: the outcome is unknown or the fault is ours, so the caller
 *       tries again with the same key.</li>
 * </ul>
 * The client's own network retries are off: retries belong to the ledger, which counts and bounds them. Blocking,
 * thread-safe.
 */
public final class StripePaymentGateway implements PaymentGateway {
    public static final String NAME = "stripe";
    private static final Logger LOG = LoggerFactory.getLogger(StripePaymentGateway.class);

    private final StripeClient client;

    public StripePaymentGateway(StripeConfig config) {
        Objects.requireNonNull(config, "config");
        this.client = StripeClient.builder()
                .setApiKey(config.apiKey())
                .setApiBase(config.baseUrl())
                .setConnectTimeout(config.connectTimeoutMs())
                .setReadTimeout(config.readTimeoutMs())
                .setMaxNetworkRetries(0)
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PaymentResult charge(String orderId, String idempotencyKey, String paymentMethod, long amountMinor,
                                String currency) {
        if (paymentMethod == null || paymentMethod.isBlank()) {
            return PaymentResult.declined("no saved payment method");
        }
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(amountMinor)
                .setCurrency(currency.toLowerCase(Locale.ROOT))
                .setConfirm(true)
                .setOffSession(true)
                .putMetadata("walkout_order_id", orderId);
        int slash = paymentMethod.indexOf('/');
        if (slash > 0) {
            params.setCustomer(paymentMethod.substring(0, slash)).setPaymentMethod(paymentMethod.substring(slash + 1));
        } else {
            params.setPaymentMethod(paymentMethod);
        }
        PaymentIntent intent;
        try {
            intent = client.paymentIntents().create(params.build(), key(idempotencyKey));
        } catch (CardException e) {
            String why = e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode();
            String intentId = e.getStripeError() != null && e.getStripeError().getPaymentIntent() != null
                    ? e.getStripeError().getPaymentIntent().getId() : null;
            return PaymentResult.retryable(intentId, why == null ? "card_error" : why);
        } catch (StripeException e) {
            return finalOrThrow("charge " + orderId + " key " + idempotencyKey, e);
        }
        switch (intent.getStatus()) {
            case "succeeded":
                return PaymentResult.succeeded(intent.getId());
            case "requires_action":
                cancel(intent.getId(), idempotencyKey);
                return PaymentResult.retryable(intent.getId(), "requires_action");
            case "requires_payment_method":
            case "canceled":
                return PaymentResult.retryable(intent.getId(), intent.getStatus());
            default:
                // processing, requires_capture, requires_confirmation: not charged for sure, not failed for sure.
                throw new IllegalStateException("payment intent " + intent.getId() + " is " + intent.getStatus());
        }
    }

    @Override
    public PaymentResult refund(String orderId, String idempotencyKey, String chargeReference, long amountMinor,
                                String currency) {
        if (chargeReference == null) {
            return PaymentResult.declined("order " + orderId + " has no Stripe charge to refund");
        }
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(chargeReference)
                .setAmount(amountMinor)
                .putMetadata("walkout_order_id", orderId)
                .build();
        Refund refund;
        try {
            refund = client.refunds().create(params, key(idempotencyKey));
        } catch (StripeException e) {
            return finalOrThrow("refund " + orderId + " key " + idempotencyKey, e);
        }
        String status = refund.getStatus() == null ? "" : refund.getStatus();
        return switch (status) {
            case "succeeded", "pending" -> PaymentResult.succeeded(refund.getId());
            case "failed", "canceled" -> PaymentResult.declined("refund " + status + ": "
                    + refund.getFailureReason());
            default -> throw new IllegalStateException("refund " + refund.getId() + " is " + status);
        };
    }

    private void cancel(String intentId, String idempotencyKey) {
        try {
            client.paymentIntents().cancel(intentId, key(idempotencyKey + "-cancel"));
        } catch (StripeException e) {
            // It was not charged and, off-session, nobody is there to authenticate it; log for staff.
            LOG.warn("payment intent {} requires action and could not be cancelled: {}", intentId, e.getMessage());
        }
    }

    private static PaymentResult finalOrThrow(String what, StripeException e) {
        if (e instanceof ApiConnectionException || e instanceof ApiException || e instanceof RateLimitException
                || e instanceof AuthenticationException || e instanceof PermissionException
                || (e.getStatusCode() != null && e.getStatusCode() >= 500)) {
            throw new IllegalStateException("stripe " + what + ": " + e.getClass().getSimpleName() + " "
                    + e.getMessage(), e);
        }
        return PaymentResult.declined((e.getCode() == null ? "invalid_request" : e.getCode()) + ": "
                + e.getMessage());
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }
}
