package walkout.ingest.reader;

import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delays with jitter: attempt n waits between half and all of
 * {@code min(maxMs, initialMs * 2^n)}, so readers that dropped together do not all redial at once.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int attempts;

    /** @param random uniform values in [0, 1); injected so tests are repeatable */
    public Backoff(long initialMs, long maxMs, DoubleSupplier random) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failed attempt. */
    public long nextDelayMs() {
        long ceiling = initialMs << Math.min(attempts, 30);
        if (ceiling <= 0 || ceiling > maxMs) {
            ceiling = maxMs;
        }
        attempts++;
        long half = ceiling / 2;
        return Math.max(1, half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** Called once a session is fully up: the next failure starts again from {@code initialMs}. */
    public void reset() {
        attempts = 0;
    }
}
