package walkout.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import walkout.ingest.llrp.LlrpDecoder;
import walkout.ingest.llrp.LlrpMessageHandler;
import walkout.ingest.llrp.LlrpReaderEncoder;

/**
 * RO_ACCESS_REPORT decode, per tag: the recorded golden frame ({@code ingest/src/test/resources/llrp/
 * ro_access_report_epc96_full.bin}, 2 tags) and a 50-tag report as {@link LlrpReaderEncoder} writes it (what the
 * store simulator sends). The handler folds every primitive into a checksum, so nothing is dead code. Run with
 * {@code -prof gc}: decoding is meant to allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.REF, ForkFlags.NIO, ForkFlags.REFLECT, ForkFlags.MISC,
    ForkFlags.NO_ANALYTICS, ForkFlags.NO_ANNOUNCER})
public class RoAccessReportDecodeBenchmark {
    /** The golden fixture's bytes (see its .json beside it). */
    private static final String GOLDEN_HEX = "043D00000054000003E900F0002B8D3074257BF7194E4000001A8581000286C682"
            + "0006442F588E1A40840006442F5891EAD088000700F0001F8D30185E78003ECB006E2DA00E81000186B9820006442F588E1E28";
    private static final int TAGS = 50;

    private final LlrpDecoder decoder = new LlrpDecoder();
    private final Checksum handler = new Checksum();
    private UnsafeBuffer golden;
    private int goldenLength;
    private ExpandableArrayBuffer report50;
    private int report50Length;

    /** Folds each tag's fields into one long. */
    static final class Checksum implements LlrpMessageHandler {
        long sum;

        @Override
        public void onTagReport(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                                long lastSeenMicros, int seenCount) {
            sum += epcHi ^ epcLo ^ antenna ^ peakRssiDbm ^ firstSeenMicros ^ lastSeenMicros ^ seenCount;
        }
    }

    @Setup
    public void setUp() {
        byte[] bytes = new byte[GOLDEN_HEX.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(GOLDEN_HEX.substring(2 * i, 2 * i + 2), 16);
        }
        golden = new UnsafeBuffer(bytes);
        goldenLength = bytes.length;
        report50 = new ExpandableArrayBuffer(4096);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(report50);
        encoder.beginReport(7);
        for (int i = 0; i < TAGS; i++) {
            encoder.addTag(0x3074257BF7194E40L, 0x1A85 + i, 1 + (i & 3), -50 - (i % 20),
                    1_763_820_000_000_000L + i * 1_000L, 1_763_820_000_200_000L + i * 1_000L, 1 + (i % 5));
        }
        report50Length = encoder.finishReport();
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public long goldenReportPerTag() {
        decoder.decode(golden, 0, goldenLength, handler);
        return handler.sum;
    }

    @Benchmark
    @OperationsPerInvocation(TAGS)
    public long fiftyTagReportPerTag() {
        decoder.decode(report50, 0, report50Length, handler);
        return handler.sum;
    }
}
