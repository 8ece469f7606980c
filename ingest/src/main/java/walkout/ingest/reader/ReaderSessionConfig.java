package walkout.ingest.reader;

/**
 * Timings of a reader session.
 *
 * @param connectTimeoutMs   TCP connect timeout, also the longest wait for each handshake answer
 * @param reconnectInitialMs first reconnect delay
 * @param reconnectMaxMs     reconnect delay cap
 * @param reportEveryMs      asked report period (0 = report each tag)
 * @param keepaliveMs        KEEPALIVE period asked of the reader; 0 = none asked, and no silence watchdog
 * @param keepalivesMissed   a running reader silent for this many keepalive periods is treated as gone
 */
public record ReaderSessionConfig(long connectTimeoutMs, long reconnectInitialMs, long reconnectMaxMs,
                                  long reportEveryMs, long keepaliveMs, int keepalivesMissed) {
    /** Without keepalives. */
    public ReaderSessionConfig(long connectTimeoutMs, long reconnectInitialMs, long reconnectMaxMs,
                               long reportEveryMs) {
        this(connectTimeoutMs, reconnectInitialMs, reconnectMaxMs, reportEveryMs, 0, 1);
    }

    public ReaderSessionConfig {
        if (keepaliveMs < 0) {
            throw new IllegalArgumentException("keepaliveMs=" + keepaliveMs + " must be >= 0");
        }
        if (keepalivesMissed < 1) {
            throw new IllegalArgumentException("keepalivesMissed=" + keepalivesMissed + " must be >= 1");
        }
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
