package walkout.store;

import java.time.Duration;
import walkout.billing.BillingConfig;
import walkout.billing.payment.StripeConfig;

/**
 * How the store charges: {@code house} (the default: records the charge against the customer's saved method, for
 * stores that invoice or run accounts) or {@code stripe} (off-session PaymentIntents through stripe-java), and how
 * long after a charge staff may refund.
 */
public record PaymentSettings(String gateway, String stripeKey, String stripeBaseUrl, int refundWindowDays) {
    public static final PaymentSettings HOUSE = new PaymentSettings("house", null, null, 30);

    public PaymentSettings {
        if (!"house".equals(gateway) && !"stripe".equals(gateway)) {
            throw new IllegalArgumentException("--payment-gateway=" + gateway + " must be house or stripe");
        }
        if ("stripe".equals(gateway) && (stripeKey == null || stripeKey.isBlank())) {
            throw new IllegalArgumentException("--payment-gateway=stripe needs --stripe-key (or WALKOUT_STRIPE_KEY)");
        }
        if (refundWindowDays < 0 || refundWindowDays > 3650) {
            throw new IllegalArgumentException("--refund-window-days=" + refundWindowDays + " must be 0-3650");
        }
    }

    BillingConfig applyTo(BillingConfig config) {
        BillingConfig withWindow = config.withRefundWindowMs(Duration.ofDays(refundWindowDays).toMillis());
        if (!"stripe".equals(gateway)) {
            return withWindow;
        }
        StripeConfig stripe = StripeConfig.of(stripeKey);
        if (stripeBaseUrl != null && !stripeBaseUrl.isBlank()) {
            stripe = new StripeConfig(stripeKey, stripeBaseUrl, stripe.connectTimeoutMs(), stripe.readTimeoutMs());
        }
        return withWindow.withStripe(stripe);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "PaymentSettings[gateway=" + gateway + ", stripeBaseUrl=" + stripeBaseUrl + ", refundWindowDays="
                + refundWindowDays + "]";
    }
}
