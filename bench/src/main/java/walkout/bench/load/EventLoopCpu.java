package walkout.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time of this JVM's Vert.x event loops ({@code vert.x-eventloop-thread-*}), for CPU per read: the event loops
 * that exist when {@link #find()} is called, read with {@link ThreadMXBean#getThreadCpuTime(long)} (a thread CPU
 * clock read, no safepoint). Threads that have ended count 0 from then on.
 */
final class EventLoopCpu {
    private static final String PREFIX = "vert.x-eventloop-thread-";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] threadIds;

    private EventLoopCpu(long[] threadIds) {
        this.threadIds = threadIds;
    }

    /** The event loops running now. Looks every thread up, so call it outside the measurement. */
    static EventLoopCpu find() {
        long[] ids = Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds()))
                .filter(info -> info != null && info.getThreadName().startsWith(PREFIX))
                .mapToLong(ThreadInfo::getThreadId).toArray();
        return new EventLoopCpu(ids);
    }

    /** Their CPU time so far, summed, in ns; -1 when the JVM cannot tell. */
    long cpuNanos() {
        if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            return -1;
        }
        long sum = 0;
        for (long id : threadIds) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos > 0) {
                sum += nanos;
            }
        }
        return sum;
    }
}
