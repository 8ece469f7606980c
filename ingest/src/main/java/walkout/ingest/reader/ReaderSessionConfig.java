package walkout.ingest.reader;

/**
 * Timings of a reader session.
 *
 * @param connectTimeoutMs   TCP connect timeout, also the longest wait for each handshake answer
 * @param reconnectInitialMs first reconnect delay
 * @param reconnectMaxMs     reconnect delay cap
 * @param reportEveryMs      asked report period (0 = report each tag)
 */
public record ReaderSessionConfig(long connectTimeoutMs, long reconnectInitialMs, long reconnectMaxMs,
                                  long reportEveryMs) {
    public ReaderSessionConfig {
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("connectTimeoutMs=" + connectTimeoutMs + " must be > 0");
        }
        if (reconnectInitialMs <= 0) {
            throw new IllegalArgumentException("reconnectInitialMs=" + reconnectInitialMs + " must be > 0");
        }
        if (reconnectMaxMs < reconnectInitialMs) {
            throw new IllegalArgumentException("reconnectMaxMs=" + reconnectMaxMs + " must be >= reconnectInitialMs");
        }
        if (reportEveryMs < 0) {
            throw new IllegalArgumentException("reportEveryMs=" + reportEveryMs + " must be >= 0");
        }
    }
}
