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
import walkout.events.Epc;
import walkout.events.codec.Sgtin96Decoder;

/**
 * SGTIN-96 decode per EPC, from the hi/lo words a TagReportData carries to the GTIN-14. Run with {@code -prof gc}:
 * the decoder is meant to allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.REF, ForkFlags.NIO, ForkFlags.REFLECT, ForkFlags.MISC,
    ForkFlags.NO_ANALYTICS, ForkFlags.NO_ANNOUNCER})
public class Sgtin96DecodeBenchmark {
    /** EPCs from the GS1 Tag Data Standard examples and the fixtures, one per partition family. */
    private static final String[] EPCS = {
        "3074257BF7194E4000001A85", "3034257BF7194E4000001DE6", "30185E78003ECB006E2DA00E",
        "3020393243F1659CB0CAE2DA", "30242DC1CFF44F61B3B13445", "3028249B0CC3AB0FFEC01EE1",
    };

    private final Sgtin96Decoder decoder = new Sgtin96Decoder();
    private long[] his;
    private int[] los;
    private int next;

    @Setup
    public void setUp() {
        his = new long[EPCS.length];
        los = new int[EPCS.length];
        for (int i = 0; i < EPCS.length; i++) {
            his[i] = Epc.hi(EPCS[i]);
            los[i] = Epc.lo(EPCS[i]);
        }
    }

    @Benchmark
    public long decodeToGtin() {
        int i = next++ % EPCS.length;
        decoder.decode(his[i], los[i]);
        return decoder.gtin14();
    }
}
