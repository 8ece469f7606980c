package walkout.bench.load.episodes;

import java.util.concurrent.locks.LockSupport;

/**
 * A witness with a thread of its own that, from {@link #start()} to {@link #close()}, parks for a fixed period over
 * and over and, after each wake-up, looks at something ({@link #onTick}); what it sees goes into {@link #seen}.
 */
abstract class TickingWitness implements Witness {
    /** What was seen since {@link #start()}. */
    protected final Spans seen = new Spans();
    private final long periodNs;
    private final Thread thread;
    private volatile boolean running = true;

    TickingWitness(String threadName, long periodNs) {
        this.periodNs = periodNs;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /**
     * After each wake-up, on the witness's thread.
     *
     * @param dueNs  when the wake-up was due
     * @param wokeNs when it came
     */
    protected abstract void onTick(long dueNs, long wokeNs);

    /** Starts the thread; call once. */
    @Override
    public void start() {
        thread.start();
    }

    @Override
    public long worstIn(long fromNs, long toNs) {
        return seen.worstIn(fromNs, toNs);
    }

    private void run() {
        while (running) {
            long due = System.nanoTime() + periodNs;
            LockSupport.parkNanos(periodNs);
            onTick(due, System.nanoTime());
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
