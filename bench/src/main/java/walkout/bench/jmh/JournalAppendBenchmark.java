package walkout.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.TagReadBatch;

/**
 * Tag reads appended to the Chronicle Queue journal (record layouts in {@link Journal}): one read per record, and a
 * 50-tag report as one record, as a reader session journals a report (figures per read). Uses a fresh temporary
 * directory, deleted afterwards. Meant to allocate nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkFlags.REF, ForkFlags.NIO, ForkFlags.REFLECT, ForkFlags.MISC,
    ForkFlags.NO_ANALYTICS, ForkFlags.NO_ANNOUNCER})
public class JournalAppendBenchmark {
    private Path dir;
    private Journal journal;
    private static final int REPORT_TAGS = 50;

    private final TagReadBatch batch = new TagReadBatch(REPORT_TAGS);
    private long n;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("walkout-journal-bench");
        journal = Journal.open(dir);
    }

    @TearDown
    public void tearDown() throws IOException {
        journal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(REPORT_TAGS)
    public long appendReportOf50Reads() {
        for (int t = 0; t < REPORT_TAGS; t++) {
            long i = n++;
            batch.add(0x3074257BF7194E40L, (int) i, 1 + (int) (i & 3), -58, 1_763_820_000_000_000L + i,
                    1_763_820_000_000_000L + i, 1);
        }
        return journal.appendTagReads("r-a1", batch);
    }

    @Benchmark
    public long appendTagRead() {
        long i = n++;
        return journal.appendTagRead("r-a1", 0x3074257BF7194E40L, (int) i, 1 + (int) (i & 3), -58,
                1_763_820_000_000_000L + i, 1_763_820_000_000_000L + i, 1);
    }
}
