package walkout.tracking.exit;

/** What {@link StoreClock} keeps across restarts, in {@link #STORE} under {@link #KEY} (one per task). */
public record ClockState(long streamMillis, long effectiveMillis) {
    /** Name of the key-value store holding the clock. */
    public static final String STORE = "tracking-clock";
    /** The one key: the store is partitioned like the input, so each task has its own. */
    public static final String KEY = "clock";
}
