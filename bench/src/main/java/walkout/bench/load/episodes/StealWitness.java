package walkout.bench.load.episodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The hypervisor's steal time, all cores, from {@code /proc/stat} sampled every {@link #SAMPLE_NS}: the CPU time the
 * host gave to others while this virtual machine wanted it. {@code /proc/stat} counts in 10 ms ticks.
 */
public final class StealWitness extends TickingWitness {
    private static final long SAMPLE_NS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Steal at the last tick, ms: set before the thread starts, then only that thread touches it. */
    private long lastMillis;

    public StealWitness() {
        super("witness-steal", SAMPLE_NS);
    }

    @Override
    public String name() {
        return "steal";
    }

    @Override
    public void start() {
        lastMillis = stealMillis();
        super.start();
    }

    @Override
    protected void onTick(long dueNs, long wokeNs) {
        long steal = stealMillis();
        if (lastMillis >= 0 && steal > lastMillis) {
            seen.add(wokeNs - SAMPLE_NS, wokeNs, TimeUnit.MILLISECONDS.toNanos(steal - lastMillis));
        }
        lastMillis = steal;
    }

    /** Steal ns in all spans overlapping the range (not the worst one: steal adds up). */
    @Override
    public long worstIn(long fromNs, long toNs) {
        return seen.sumIn(fromNs, toNs);
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
}
