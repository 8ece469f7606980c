package walkout.bench.load.episodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hypervisor's steal time, all cores, from {@code /proc/stat} sampled every {@link #SAMPLE_NS}: the CPU time the
 * host gave to others while this virtual machine wanted it. {@code /proc/stat} counts in 10 ms ticks.
 */
public final class StealWitness implements Witness {
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Spans stolen = new Spans();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean recording;

    public StealWitness() {
        thread = new Thread(this::run, "witness-steal");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String name() {
        return "steal";
    }

    @Override
    public void start() {
        stolen.clear();
        recording = true;
    }

    private void run() {
        long last = stealMillis();
        while (running) {
            LockSupport.parkNanos(SAMPLE_NS);
            long now = System.nanoTime();
            long steal = stealMillis();
            if (recording && last >= 0 && steal > last) {
                stolen.add(now - SAMPLE_NS, now, TimeUnit.MILLISECONDS.toNanos(steal - last));
            }
            last = steal;
        }
    }

    /** Steal ns in all spans overlapping the range (not the worst one: steal adds up). */
    @Override
    public long worstIn(long fromNs, long toNs) {
        return stolen.sumIn(fromNs, toNs);
    }

    /** Steal time of all cores from {@code /proc/stat}, in ms (USER_HZ = 100); -1 where the file cannot be read. */
    public static long stealMillis() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.trim().split("\\s+");
                    return fields.length > 8 ? Long.parseLong(fields[8]) * 10 : -1;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
