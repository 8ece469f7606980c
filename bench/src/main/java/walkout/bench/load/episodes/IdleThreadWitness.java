package walkout.bench.load.episodes;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A thread with nothing to do that parks for {@link #TICK_NS} over and over and times how late it wakes, as jHiccup
 * does. When it is late too, the whole machine (or the whole JVM) was held up, not the appending thread alone.
 * Wakes 5,000 times a second.
 */
public final class IdleThreadWitness extends TickingWitness {
    private static final long TICK_NS = TimeUnit.MICROSECONDS.toNanos(200);
    /** A wake-up this late is a hold-up. */
    private static final long LATE_NS = TimeUnit.MICROSECONDS.toNanos(500);

    private final Recorder lateness = new Recorder(3);

    public IdleThreadWitness() {
        super("witness-idle", TICK_NS);
    }

    @Override
    public String name() {
        return "idle thread late";
    }

    @Override
    protected void onTick(long dueNs, long wokeNs) {
        long lateNs = Math.max(0, wokeNs - dueNs);
        lateness.recordValue(lateNs);
        if (lateNs > LATE_NS) {
            seen.add(dueNs, wokeNs, lateNs);
        }
    }

    @Override
    public String summary() {
        Histogram histogram = lateness.getIntervalHistogram();
        return String.format("an idle thread parking for %d us woke late by p50 %.2f / p99 %.2f / p99.9 %.2f / max"
                        + " %.2f ms (over %d us counts as held up)", TICK_NS / 1_000,
                histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6, LATE_NS / 1_000);
    }
}
