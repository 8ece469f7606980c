package walkout.billing;

import java.util.Currency;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.payment.StripeConfig;
import walkout.billing.payment.StripePaymentGateway;

/**
 * Billing's configuration. Validates itself: a bad value fails at start with a message naming field and value.
 *
 * @param storeId              the store this billing instance charges for (items-sold events are keyed by it)
 * @param currency             ISO 4217 code the store charges in; catalog lines in another currency are flagged
 * @param jdbcUrl              ledger database, {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param bootstrapServers     Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param groupId              consumer group of the billing consumer
 * @param pollTimeoutMs        how long one consumer poll waits; also bounds how late the outbox is published
 * @param refundWindowMs       how long after the charge staff may refund a line
 * @param gateway              {@code house} (default) or {@code stripe}
 * @param stripe               how to reach Stripe; required when {@code gateway} is {@code stripe}, else may be null
 * @param maxChargeAttempts    tries of a charge that does not go through (declined, needs authentication, no
 *                             answer) before the order is FAILED with an alert to staff
 * @param chargeRetryBackoffMs wait after the first such try, doubled after each next one (at most an hour)
 */
public record BillingConfig(String storeId, String currency, String jdbcUrl, String bootstrapServers,
                            String groupId, long pollTimeoutMs, long refundWindowMs, String gateway,
                            StripeConfig stripe, int maxChargeAttempts, long chargeRetryBackoffMs) {
    public static final long DEFAULT_POLL_TIMEOUT_MS = 200;
    /** 30 days. */
    public static final long DEFAULT_REFUND_WINDOW_MS = 30L * 24 * 60 * 60 * 1000;
    public static final int DEFAULT_MAX_CHARGE_ATTEMPTS = 5;
    public static final long DEFAULT_CHARGE_RETRY_BACKOFF_MS = 30_000;

    public BillingConfig {
        requireText("storeId", storeId);
        requireText("currency", currency);
        try {
            if (Currency.getInstance(currency).getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException("currency=" + currency + " has no minor unit to charge in");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("currency=")) {
                throw e;
            }
            throw new IllegalArgumentException("currency=" + currency + " is not an ISO 4217 code", e);
        }
        requireText("jdbcUrl", jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl=" + jdbcUrl + " must start with jdbc:h2: or jdbc:postgresql:");
        }
        requireText("bootstrapServers", bootstrapServers);
        requireText("groupId", groupId);
        if (pollTimeoutMs <= 0) {
            throw new IllegalArgumentException("pollTimeoutMs=" + pollTimeoutMs + " must be > 0");
        }
        if (refundWindowMs < 0) {
            throw new IllegalArgumentException("refundWindowMs=" + refundWindowMs + " must be >= 0");
        }
        if (!HousePaymentGateway.NAME.equals(gateway) && !StripePaymentGateway.NAME.equals(gateway)) {
            throw new IllegalArgumentException("gateway=" + gateway + " must be " + HousePaymentGateway.NAME + " or "
                    + StripePaymentGateway.NAME);
        }
        if (StripePaymentGateway.NAME.equals(gateway) && stripe == null) {
            throw new IllegalArgumentException("gateway=stripe needs the stripe settings (API key, base URL)");
        }
        if (maxChargeAttempts < 1) {
            throw new IllegalArgumentException("maxChargeAttempts=" + maxChargeAttempts + " must be >= 1");
        }
        if (chargeRetryBackoffMs <= 0) {
            throw new IllegalArgumentException("chargeRetryBackoffMs=" + chargeRetryBackoffMs + " must be > 0");
        }
    }

    /** The slice's six settings; refund window 30 days, house gateway, 5 charge tries from 30 s apart. */
    public BillingConfig(String storeId, String currency, String jdbcUrl, String bootstrapServers, String groupId,
                         long pollTimeoutMs) {
        this(storeId, currency, jdbcUrl, bootstrapServers, groupId, pollTimeoutMs, DEFAULT_REFUND_WINDOW_MS,
                HousePaymentGateway.NAME, null, DEFAULT_MAX_CHARGE_ATTEMPTS, DEFAULT_CHARGE_RETRY_BACKOFF_MS);
    }

    /**
     * Group {@code walkout-billing-<storeId>}, poll timeout {@value #DEFAULT_POLL_TIMEOUT_MS} ms, refund window
     * 30 days, house gateway, 5 charge tries from 30 s apart.
     */
    public static BillingConfig defaults(String storeId, String currency, String jdbcUrl, String bootstrapServers) {
        return new BillingConfig(storeId, currency, jdbcUrl, bootstrapServers, "walkout-billing-" + storeId,
                DEFAULT_POLL_TIMEOUT_MS);
    }

    /** This configuration with another refund window. */
    public BillingConfig withRefundWindowMs(long refundWindowMs) {
        return new BillingConfig(storeId, currency, jdbcUrl, bootstrapServers, groupId, pollTimeoutMs,
                refundWindowMs, gateway, stripe, maxChargeAttempts, chargeRetryBackoffMs);
    }

    /** This configuration charging through Stripe. */
    public BillingConfig withStripe(StripeConfig stripe) {
        return new BillingConfig(storeId, currency, jdbcUrl, bootstrapServers, groupId, pollTimeoutMs,
                refundWindowMs, StripePaymentGateway.NAME, stripe, maxChargeAttempts, chargeRetryBackoffMs);
    }

    /** This configuration with other charge retry bounds. */
    public BillingConfig withChargeRetries(int maxChargeAttempts, long chargeRetryBackoffMs) {
        return new BillingConfig(storeId, currency, jdbcUrl, bootstrapServers, groupId, pollTimeoutMs,
                refundWindowMs, gateway, stripe, maxChargeAttempts, chargeRetryBackoffMs);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + "=" + value + " must not be blank");
        }
    }
}
