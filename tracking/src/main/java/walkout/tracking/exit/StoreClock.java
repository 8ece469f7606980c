package walkout.tracking.exit;

/**
 * The time decisions are made at: stream time, moved on by the wall clock only when the store has gone quiet.
 *
 * <p>In a live store shelf reads keep stream time moving. When stream time has not advanced for
 * {@code quietGuardMs} of wall time, the effective time becomes the last stream time plus the wall time elapsed
 * since it last advanced, so baskets still close. A fast replay advances stream time constantly and never trips
 * the guard, so it decides exactly as stream time says. The effective time never goes back. Not thread-safe.
 */
public final class StoreClock {
    public static final long NONE = -1L;

    private final long quietGuardMs;
    private long streamMillis;
    private long effectiveMillis;
    private long wallAtStreamAdvanceMs;

    /**
     * @param restored  the state saved before a restart, or null
     * @param wallNowMs the wall clock now
     */
    public StoreClock(long quietGuardMs, ClockState restored, long wallNowMs) {
        this.quietGuardMs = quietGuardMs;
        this.streamMillis = restored == null ? NONE : restored.streamMillis();
        this.effectiveMillis = restored == null ? NONE : restored.effectiveMillis();
        this.wallAtStreamAdvanceMs = wallNowMs;
    }

    /** Stream time is {@code streamMillis}; returns the effective time. */
    public long onStreamTime(long streamMillis, long wallNowMs) {
        if (streamMillis > this.streamMillis) {
            this.streamMillis = streamMillis;
            this.wallAtStreamAdvanceMs = wallNowMs;
        }
        effectiveMillis = Math.max(effectiveMillis, this.streamMillis);
        return effectiveMillis;
    }

    /** The wall clock ticked; applies the quiet-store guard. Returns the effective time. */
    public long onWallClock(long streamMillis, long wallNowMs) {
        onStreamTime(streamMillis, wallNowMs);
        long quietMs = wallNowMs - wallAtStreamAdvanceMs;
        if (this.streamMillis != NONE && quietMs >= quietGuardMs) {
            effectiveMillis = Math.max(effectiveMillis, this.streamMillis + quietMs);
        }
        return effectiveMillis;
    }

    public long effectiveMillis() {
        return effectiveMillis;
    }

    public ClockState state() {
        return new ClockState(streamMillis, effectiveMillis);
    }
}
