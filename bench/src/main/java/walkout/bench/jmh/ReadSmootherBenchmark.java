package walkout.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import walkout.ingest.relay.ReadSmoother;

/**
 * Smoothing, per raw read: 2,000 tags on 4 antennas of 2 readers, each tag read about every 50 ms of reader time,
 * 250 ms windows; the reader clocks advance with the reads, so windows keep opening and closing (about one window
 * per five reads) and the idle flush runs too. Meant to allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.REF, ForkFlags.NIO, ForkFlags.REFLECT, ForkFlags.MISC,
    ForkFlags.NO_ANALYTICS, ForkFlags.NO_ANNOUNCER})
public class ReadSmootherBenchmark {
    private static final int TAGS = 2_000;
    private static final long EPC_HI = 0x3074257BF7194E40L;
    private static final long START_MICROS = 1_763_820_000_000_000L;
    /** 2,000 reads take 50 ms of reader time: each tag about every 50 ms. */
    private static final long MICROS_PER_READ = 25;

    private final ReadSmoother smoother = new ReadSmoother(2, 250, 500, 1 << 14);
    private long closedSum;
    private final ReadSmoother.WindowHandler out = (reader, hi, lo, antenna, rssi, first, last, count, index,
                                                    slot, token) -> closedSum += count + lo;
    private long sequence;

    @Setup
    public void setUp() {
        smoother.clear();
    }

    @Benchmark
    public long onRead() {
        long n = sequence++;
        int tag = (int) (n % TAGS);
        long atMicros = START_MICROS + n * MICROS_PER_READ;
        int window = smoother.onRead(tag & 1, EPC_HI, tag, 1 + (tag & 3), -50 - (tag & 15), atMicros, atMicros, 1,
                n / TAGS, tag, atMicros / 1000 - START_MICROS / 1000, out);
        if (window != ReadSmoother.ABSORBED) {
            smoother.token(window, n);
        }
        if ((n & 1023) == 0) {
            smoother.flushDue(atMicros / 1000 - START_MICROS / 1000, out);
        }
        return closedSum + window;
    }
}
