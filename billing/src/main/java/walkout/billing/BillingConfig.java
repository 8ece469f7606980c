package walkout.billing;

import java.util.Currency;

/**
 * Billing's configuration. Validates itself: a bad value fails at start with a message naming field and value.
 *
 * @param storeId          the store this billing instance charges for (items-sold events are keyed by it)
 * @param currency         ISO 4217 code the store charges in; catalog lines in another currency are flagged
 * @param jdbcUrl          ledger database, {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param groupId          consumer group of the billing consumer
 * @param pollTimeoutMs    how long one consumer poll waits; also bounds how late the outbox is published
 * @param refundWindowMs   how long after the charge staff may refund a line
 */
public record BillingConfig(String storeId, String currency, String jdbcUrl, String bootstrapServers,
                            String groupId, long pollTimeoutMs, long refundWindowMs) {
    public static final long DEFAULT_POLL_TIMEOUT_MS = 200;
    /** 30 days. */
    public static final long DEFAULT_REFUND_WINDOW_MS = 30L * 24 * 60 * 60 * 1000;

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
    }

    /** This configuration with another refund window. */
    public BillingConfig withRefundWindowMs(long refundWindowMs) {
        return new BillingConfig(storeId, currency, jdbcUrl, bootstrapServers, groupId, pollTimeoutMs,
                refundWindowMs);
    }

    /**
     * Group {@code walkout-billing-<storeId>}, poll timeout {@value #DEFAULT_POLL_TIMEOUT_MS} ms, refund window
     * 30 days.
     */
    public static BillingConfig defaults(String storeId, String currency, String jdbcUrl, String bootstrapServers) {
        return new BillingConfig(storeId, currency, jdbcUrl, bootstrapServers, "walkout-billing-" + storeId,
                DEFAULT_POLL_TIMEOUT_MS, DEFAULT_REFUND_WINDOW_MS);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + "=" + value + " must not be blank");
        }
    }
}
