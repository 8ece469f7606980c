package walkout.bench.load.episodes;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Where one thread's time went, from its {@code /proc/<pid>/task/<tid>/schedstat} sampled every {@link #SAMPLE_NS}:
 * ns on a CPU and ns runnable but waiting for one. Time stolen by the hypervisor shows as time on a CPU.
 */
final class ThreadScheduleSampler implements AutoCloseable {
    private static final long SAMPLE_NS = TimeUnit.MICROSECONDS.toNanos(250);

    private final long[] atNs;
    private final long[] onCpuNs;
    private final long[] waitingNs;
    private volatile int count;
    private volatile Path schedstat;
    private final Thread thread;
    private volatile boolean running = true;

    ThreadScheduleSampler(int capacity) {
        atNs = new long[capacity];
        onCpuNs = new long[capacity];
        waitingNs = new long[capacity];
        thread = new Thread(this::run, "witness-schedstat");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called once on the thread to follow; sampling starts then. */
    void follow() {
        try {
            schedstat = ProcThread.taskDir().resolve("schedstat");
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("cannot find this thread's schedstat (" + e + "); no scheduling figures");
        }
    }

    boolean following() {
        return schedstat != null;
    }

    private void run() {
        while (running && schedstat == null) {
            LockSupport.parkNanos(SAMPLE_NS);
        }
        if (!running) {
            return;
        }
        byte[] buffer = new byte[128];
        try (RandomAccessFile file = new RandomAccessFile(schedstat.toFile(), "r")) {
            while (running && count < atNs.length) {
                LockSupport.parkNanos(SAMPLE_NS);
                file.seek(0);
                int length = file.read(buffer);
                int at = count;
                atNs[at] = System.nanoTime();
                // "<ns on a cpu> <ns waiting on a runqueue> <timeslices>\n"
                int end = parseLong(buffer, 0, length, onCpuNs, at);
                parseLong(buffer, end + 1, length, waitingNs, at);
                count = at + 1;
            }
        } catch (IOException e) {
            if (running) {
                System.err.println("stopped sampling " + schedstat + ": " + e);
            }
        }
    }

    private static int parseLong(byte[] buffer, int from, int length, long[] into, int index) {
        long value = 0;
        int i = from;
        while (i < length && buffer[i] >= '0' && buffer[i] <= '9') {
            value = value * 10 + (buffer[i++] - '0');
        }
        into[index] = value;
        return i;
    }

    /** The followed thread over the samples around {@code [fromNs, toNs]}, as text; "?" where not sampled. */
    String describe(long fromNs, long toNs) {
        int samples = count;
        int first = -1;
        int last = -1;
        for (int i = 0; i < samples; i++) {
            if (atNs[i] <= fromNs) {
                first = i;
            }
            if (atNs[i] >= toNs && last < 0) {
                last = i;
            }
        }
        if (first < 0 || last < 0) {
            return "?";
        }
        return String.format("%.2f ms on a CPU and %.2f ms waiting for one in %.2f ms",
                (onCpuNs[last] - onCpuNs[first]) / 1e6, (waitingNs[last] - waitingNs[first]) / 1e6,
                (atNs[last] - atNs[first]) / 1e6);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
