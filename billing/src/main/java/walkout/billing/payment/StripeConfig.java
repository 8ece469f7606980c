package walkout.billing.payment;

import java.net.URI;

/**
 * How to reach Stripe. Validates itself.
 *
 * @param apiKey           secret key ({@code sk_live_...}, {@code sk_test_...}, or anything a stand-in accepts)
 * @param baseUrl          API base, {@code https://api.stripe.com} in production; a local stand-in in tests
 * @param connectTimeoutMs TCP connect timeout per request
 * @param readTimeoutMs    read timeout per request; past it the outcome is unknown and the charge is tried again
 *                         later with the same idempotency key
 */
public record StripeConfig(String apiKey, String baseUrl, int connectTimeoutMs, int readTimeoutMs) {
    public static final String DEFAULT_BASE_URL = "https://api.stripe.com";

    public StripeConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("stripe.apiKey must not be blank");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("stripe.baseUrl=" + baseUrl + " must not be blank");
        }
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stripe.baseUrl=" + baseUrl + " is not a URL", e);
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("stripe.baseUrl=" + baseUrl + " must be an http(s) URL with a host");
        }
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("stripe.connectTimeoutMs=" + connectTimeoutMs + " must be > 0");
        }
        if (readTimeoutMs <= 0) {
            throw new IllegalArgumentException("stripe.readTimeoutMs=" + readTimeoutMs + " must be > 0");
        }
    }

    /** Production Stripe, 5 s to connect, 30 s to read. */
    public static StripeConfig of(String apiKey) {
        return new StripeConfig(apiKey, DEFAULT_BASE_URL, 5_000, 30_000);
    }

    /** Never logs the key. */
    @Override
    public String toString() {
        return "StripeConfig[baseUrl=" + baseUrl + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs="
                + readTimeoutMs + "]";
    }
}
