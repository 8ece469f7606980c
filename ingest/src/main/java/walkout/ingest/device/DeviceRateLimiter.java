package walkout.ingest.device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per device (customer id): {@code burst} calls at once, refilled at {@code ratePerSec}. Thread-safe;
 * the time comes from the caller (an injected clock). Buckets that have refilled completely are dropped once more
 * than {@code maxDevices} are tracked, so a flood of distinct ids cannot grow the map without bound.
 */
public final class DeviceRateLimiter {
    private static final int DEFAULT_MAX_DEVICES = 100_000;

    private final double ratePerMs;
    private final int burst;
    private final int maxDevices;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public DeviceRateLimiter(int ratePerSec, int burst) {
        this(ratePerSec, burst, DEFAULT_MAX_DEVICES);
    }

    DeviceRateLimiter(int ratePerSec, int burst, int maxDevices) {
        if (ratePerSec < 1) {
            throw new IllegalArgumentException("ratePerSec=" + ratePerSec + " must be >= 1");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst=" + burst + " must be >= 1");
        }
        this.ratePerMs = ratePerSec / 1000.0;
        this.burst = burst;
        this.maxDevices = maxDevices;
    }

    /** Takes one call from the device's bucket; false when it is empty (answer 429). */
    public boolean tryAcquire(String deviceId, long nowMs) {
        if (buckets.size() > maxDevices) {
            buckets.values().removeIf(bucket -> bucket.isFull(nowMs));
        }
        return buckets.computeIfAbsent(deviceId, id -> new Bucket(burst, nowMs)).tryAcquire(nowMs);
    }

    /** Milliseconds until the device's bucket holds one call again (0 when it does now). */
    public long retryAfterMs(String deviceId, long nowMs) {
        Bucket bucket = buckets.get(deviceId);
        return bucket == null ? 0 : bucket.retryAfterMs(nowMs);
    }

    int trackedDevices() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAtMs;

        Bucket(double tokens, long nowMs) {
            this.tokens = tokens;
            this.refilledAtMs = nowMs;
        }

        synchronized boolean tryAcquire(long nowMs) {
            refill(nowMs);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized long retryAfterMs(long nowMs) {
            refill(nowMs);
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerMs);
        }

        synchronized boolean isFull(long nowMs) {
            refill(nowMs);
            return tokens >= burst;
        }

        private void refill(long nowMs) {
            if (nowMs > refilledAtMs) {
                tokens = Math.min(burst, tokens + (nowMs - refilledAtMs) * ratePerMs);
                refilledAtMs = nowMs;
            }
        }
    }
}
