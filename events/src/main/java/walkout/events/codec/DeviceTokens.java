package walkout.events.codec;

import java.util.Optional;

/**
 * Device tokens with an expiry, on top of the customer-bound HMAC tokens of {@link DeviceTokenSigner} (which has no
 * expiry of its own). Ingest issues and checks them on the device API; billing checks them on receipts: both
 * through this class, so they read a token the same way: the signed payload is
 * {@code customerId + "|" + expiryMillis}, so the expiry is covered by the
 * signature. With {@code ttlMs == 0} tokens are issued as before, signing the bare customer id.
 *
 * <p>Verifying: {@code signer.verify(token)} gives the payload; a payload with a {@code '|'} is split at the last one
 * into customer id and expiry (epoch ms), and the token is refused at or after its expiry. A payload without one is
 * a token issued without expiry and is accepted. Thread-safe.
 */
public final class DeviceTokens {
    /** What a presented token turned out to be. */
    public enum Check { VALID, INVALID, EXPIRED }

    /** The outcome of {@link #verify}: the customer when {@code check == VALID}, null otherwise. */
    public record Verified(Check check, String customerId) {
    }

    private static final char EXPIRY_SEPARATOR = '|';

    private final DeviceTokenSigner signer;
    private final long ttlMs;

    /** @param ttlMs token lifetime from issue; 0 = tokens never expire */
    public DeviceTokens(DeviceTokenSigner signer, long ttlMs) {
        if (ttlMs < 0) {
            throw new IllegalArgumentException("ttlMs=" + ttlMs + " must be >= 0");
        }
        this.signer = signer;
        this.ttlMs = ttlMs;
    }

    /** A token for {@code customerId}, valid until {@code nowMs + ttlMs}. */
    public String issue(String customerId, long nowMs) {
        return ttlMs == 0 ? signer.issue(customerId) : signer.issue(customerId + EXPIRY_SEPARATOR + (nowMs + ttlMs));
    }

    public Verified verify(String token, long nowMs) {
        Optional<String> payload = signer.verify(token);
        if (payload.isEmpty()) {
            return new Verified(Check.INVALID, null);
        }
        String value = payload.get();
        int separator = value.lastIndexOf(EXPIRY_SEPARATOR);
        if (separator < 0) {
            return new Verified(Check.VALID, value);
        }
        long expiryMs;
        try {
            expiryMs = Long.parseLong(value.substring(separator + 1));
        } catch (NumberFormatException e) {
            return new Verified(Check.INVALID, null);
        }
        if (separator == 0 || nowMs >= expiryMs) {
            return new Verified(separator == 0 ? Check.INVALID : Check.EXPIRED, null);
        }
        return new Verified(Check.VALID, value.substring(0, separator));
    }
}
