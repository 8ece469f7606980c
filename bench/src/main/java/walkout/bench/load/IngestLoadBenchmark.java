package walkout.bench.load;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import walkout.bench.load.episodes.SlowReadEpisodes;
import walkout.bench.load.episodes.StealWitness;
import walkout.ingest.AntennaConfig;
import walkout.ingest.IngestConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.TagReadBatch;
import walkout.ingest.reader.ReaderSession;
import walkout.ingest.reader.ReaderSessionGroup;
import walkout.ingest.reader.ReaderSessionConfig;

/**
 * Load benchmark of ingest's socket-to-journal path: emulated readers ({@link EmulatedReader}, plain blocking
 * sockets over loopback) push reports of 1 and of 50 tags into real {@link ReaderSession}s (Vert.x, LLRP decode,
 * Chronicle Queue journal). Printed per report size, all measured in the same run:
 * <ul>
 *   <li>raw loopback: the same report bytes pushed into a discard client, as reads/s;</li>
 *   <li>raw journal: the same records appended straight to the journal, from as many threads as ingest has session
 *       threads (one by default);</li>
 *   <li>ingest flat out: reads/s journaled, and the share of the lower raw limit (no latency: queueing only);</li>
 *   <li>ingest at half that rate, and at half the target (500 k reads/s with 50-tag reports, 100 k with
 *       1-tag reports), paced: socket-to-journal latency (p50/p99/p99.9/max, HdrHistogram) from the
 *       report's due time (written into each tag's LastSeenTimestamp) to the record being in the journal, taken by a
 *       {@link Journal#tagReadProbe probe} on the appending thread right after the append;</li>
 *   <li>before the half-target phase, the same pacing into a {@link LoopbackFloor} (one event loop, no decoding, no
 *       journal): the latency any receiver has on this machine at that moment.</li>
 * </ul>
 * With {@code -Dwalkout.bench.episodes=true} each paced phase also prints where its slow reads came from
 * ({@link SlowReadEpisodes}). The relay (Kafka) is not part of this path and not started. Usage:
 * {@code IngestLoadBenchmark [secondsPerPhase=30] [readers=2] [tagsPerReport...=1 50]}; the sessions share
 * {@code -Dwalkout.bench.sessionThreads} event loops (default 1, as {@code IngestConfig.readerThreads}).
 */
public final class IngestLoadBenchmark {
    private static final long WARMUP_MS = 2_000;
    /**
     * Warm-up of a paced phase ({@code -Dwalkout.bench.pacedWarmupSeconds}, default 5): the event loop's select loop,
     * compiled flat out where it never blocks, is deoptimised and recompiled once it idles between reports.
     */
    private static final long PACED_WARMUP_MS = 1000L * Integer.getInteger("walkout.bench.pacedWarmupSeconds", 5);

    private final int seconds;
    private final int readers;
    private final int sessionThreads;

    private IngestLoadBenchmark(int seconds, int readers, int sessionThreads) {
        this.seconds = seconds;
        this.readers = readers;
        this.sessionThreads = sessionThreads;
    }

    /**
     * {@code -Dwalkout.bench.phase=half-target} runs only the latency phase at half the target (for profiling it),
     * after a flat-out phase to warm up, reported as "ingest flat out (warm-up)"; by default every phase runs.
     */
    private static final boolean HALF_TARGET_ONLY = "half-target".equals(System.getProperty("walkout.bench.phase"));
    /** {@code -Dwalkout.bench.episodes=true}: after each paced phase, print where its slow reads came from. */
    private static final boolean EPISODES = Boolean.getBoolean("walkout.bench.episodes");

    /** Issue 6's throughput targets per report size; latency is judged at half of them. */
    private static final Map<Integer, Long> TARGET_READS_PER_SEC = Map.of(1, 200_000L, 50, 1_000_000L);

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int readers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1, 50);
        }
        // IngestConfig.readerThreads: event loops the sessions share (1 = ingest's default; readers = one each)
        int sessionThreads = Integer.getInteger("walkout.bench.sessionThreads", IngestConfig.DEFAULT_READER_THREADS);
        IngestLoadBenchmark bench = new IngestLoadBenchmark(seconds, readers, sessionThreads);
        List<String> rows = new ArrayList<>();
        for (int tags : sizes) {
            rows.addAll(bench.run(tags));
        }
        System.out.printf("%nIngest load, %d s per phase, %d reader(s) on %d session thread(s), %d cores%n", seconds,
                readers, sessionThreads, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-6s %-30s %14s %9s %9s %9s %9s %9s %9s %9s %9s%n", "tags", "phase", "reads/s", "p50 us",
                "p99 us", "p99.9 us", "max us", "wr p99", "emu p99", "steal ms", "cpu/read");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private List<String> run(int tags) throws Exception {
        List<String> rows = new ArrayList<>();
        Long target = TARGET_READS_PER_SEC.get(tags);
        if (HALF_TARGET_ONLY) {
            if (target == null) {
                throw new IllegalArgumentException("no target for " + tags + "-tag reports; targets: "
                        + TARGET_READS_PER_SEC.keySet());
            }
            // a flat-out phase first: C2 would otherwise still be compiling during the measurement
            Result warmUp = ingest(tags, 0);
            rows.add(row(tags, "ingest flat out (warm-up)", warmUp.readsPerSec, warmUp.loopMicrosPerRead));
            rows.addAll(halfTargetRows(tags, target));
            return rows;
        }
        double loopback = rawLoopback(tags);
        rows.add(row(tags, "raw loopback (discard)", loopback, Double.NaN));
        double journal = rawJournal(tags);
        rows.add(row(tags, "raw journal append", journal, Double.NaN));
        Result flatOut = ingest(tags, 0);
        double limit = Math.min(loopback, journal);
        rows.add(row(tags, String.format("ingest flat out (%.0f%% of raw)", 100 * flatOut.readsPerSec / limit),
                flatOut.readsPerSec, flatOut.loopMicrosPerRead));
        double halfReportsPerSec = flatOut.readsPerSec / 2 / tags / readers;
        Result half = ingest(tags, halfReportsPerSec);
        rows.add(row(tags, "ingest at half rate, paced", half));
        if (target != null) {
            rows.addAll(halfTargetRows(tags, target));
        }
        return rows;
    }

    /**
     * The phase the latency target is judged on, paced at half of {@code targetReadsPerSec}, after the same
     * pacing into {@link LoopbackFloor}: what any receiver's latency is on this machine at that moment.
     */
    private List<String> halfTargetRows(int tags, long targetReadsPerSec) throws Exception {
        double reportsPerSec = targetReadsPerSec / 2.0 / tags / readers;
        Result floor = loopbackFloor(tags, reportsPerSec);
        Result halfTarget = ingest(tags, reportsPerSec);
        return List.of(row(tags, "floor: loopback, paced", floor), row(tags, "ingest at half the target, paced",
                halfTarget));
    }

    /** A row without latency figures. */
    private static String row(int tags, String phase, double readsPerSec, double loopMicrosPerRead) {
        return String.format("%-6d %-30s %,14.0f %9s %9s %9s %9s %9s %9s %9s %9s", tags, phase, readsPerSec, "-", "-",
                "-", "-", "-", "-", "-", cpuPerRead(loopMicrosPerRead));
    }

    /** Event-loop CPU per read, in us ("-" where not measured). */
    private static String cpuPerRead(double loopMicrosPerRead) {
        return Double.isNaN(loopMicrosPerRead) ? "-" : String.format("%.2f", loopMicrosPerRead);
    }

    /**
     * A paced phase's row. The latency columns count from each report's due time; "wr p99" is p99 counted from the
     * emulator's write instead (socket-to-journal in the narrow sense, us); "emu p99" is the emulators' own lateness
     * (write time minus due time, p99, us), which the due-time figures include; "steal ms" is the CPU time the
     * hypervisor took from this virtual machine during the phase ({@code /proc/stat}, all cores; "-" where not
     * known). The last two bound how much of the tail is not ingest's. "cpu/read" is the event loops' CPU time per
     * read, in us ({@link EventLoopCpu}).
     */
    private static String row(int tags, String phase, Result result) {
        Histogram latency = result.latency;
        String late = result.sendLate.getTotalCount() == 0 ? "-"
                : String.format("%.1f", result.sendLate.getValueAtPercentile(99) / 1e3);
        String steal = result.stealMs < 0 ? "-" : String.valueOf(result.stealMs);
        return String.format("%-6d %-30s %,14.0f %9.1f %9.1f %9.1f %9.1f %9.1f %9s %9s %9s", tags, phase,
                result.readsPerSec, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3,
                result.fromWrite.getValueAtPercentile(99) / 1e3, late, steal, cpuPerRead(result.loopMicrosPerRead));
    }

    private double rawLoopback(int tags) throws Exception {
        List<EmulatedReader> emulated = new ArrayList<>();
        List<EmulatedReader.DiscardClient> clients = new ArrayList<>();
        try {
            for (int r = 0; r < readers; r++) {
                EmulatedReader reader = new EmulatedReader("raw-reader-" + r, tags, 0, true);
                emulated.add(reader);
                clients.add(new EmulatedReader.DiscardClient(reader.port()));
            }
            TimeUnit.MILLISECONDS.sleep(WARMUP_MS);
            long before = clients.stream().mapToLong(EmulatedReader.DiscardClient::bytes).sum();
            long startNs = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long bytes = clients.stream().mapToLong(EmulatedReader.DiscardClient::bytes).sum() - before;
            double elapsedSec = (System.nanoTime() - startNs) / 1e9;
            return bytes / (double) emulated.get(0).reportLength() * tags / elapsedSec;
        } finally {
            for (EmulatedReader.DiscardClient client : clients) {
                client.close();
            }
            for (EmulatedReader reader : emulated) {
                reader.close();
            }
        }
    }

    private double rawJournal(int tags) throws Exception {
        Path dir = Files.createTempDirectory("walkout-load-raw");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong appended = new AtomicLong();
        try (Journal journal = Journal.open(dir)) {
            // as many appending threads as ingest has session threads, each appending its readers' reports in
            // turn, as a ReaderSessionGroup does: the same records from the same number of threads
            List<Thread> threads = new ArrayList<>();
            int threadCount = Math.min(sessionThreads, readers);
            for (int s = 0; s < threadCount; s++) {
                List<String> readerIds = new ArrayList<>();
                for (int r = s; r < readers; r += threadCount) {
                    readerIds.add("r-" + r);
                }
                Thread thread = new Thread(() -> {
                    // a report's reads as one record, as a ReaderSession journals them
                    TagReadBatch batch = new TagReadBatch(64);
                    long counted = 0;
                    while (running.get()) {
                        for (String readerId : readerIds) {
                            for (int t = 0; t < tags; t++) {
                                if (batch.add(0x3074257BF7194E40L, 0x1000 + t, 1 + (t & 1), -55,
                                        1_763_820_000_000_000L, System.nanoTime(), 1)) {
                                    journal.appendTagReads(readerId, batch);
                                }
                            }
                            journal.appendTagReads(readerId, batch);
                            if (measuring.get()) {
                                counted += tags;
                            }
                        }
                    }
                    appended.addAndGet(counted);
                }, "raw-journal-" + s);
                threads.add(thread);
                thread.start();
            }
            TimeUnit.MILLISECONDS.sleep(WARMUP_MS);
            measuring.set(true);
            long startNs = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            measuring.set(false);
            double elapsedSec = (System.nanoTime() - startNs) / 1e9;
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            return appended.get() / elapsedSec;
        } finally {
            delete(dir);
        }
    }

    private record Result(double readsPerSec, Histogram latency, Histogram fromWrite, Histogram sendLate,
                          long stealMs, double loopMicrosPerRead) {
    }

    /**
     * Paced raw-mode emulated readers into a {@link LoopbackFloor} on one event loop: the latency of reading the same
     * reports with no decoding and no journal, measured as {@link #ingest} measures.
     */
    private Result loopbackFloor(int tags, double reportsPerSec) throws Exception {
        Vertx vertx = Vertx.vertx();
        List<EmulatedReader> emulated = new ArrayList<>();
        Recorder fromDue = new Recorder(3);
        Recorder fromWrite = new Recorder(3);
        try {
            for (int r = 0; r < readers; r++) {
                emulated.add(new EmulatedReader("floor-reader-" + r, tags, reportsPerSec, true));
            }
            LoopbackFloor floor = new LoopbackFloor(emulated, fromDue, fromWrite);
            vertx.deployVerticle(floor).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return measure(PACED_WARMUP_MS, emulated, floor::reads, fromDue, fromWrite, null);
        } finally {
            for (EmulatedReader reader : emulated) {
                reader.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** @param reportsPerSec per reader; 0 = flat out */
    private Result ingest(int tags, double reportsPerSec) throws Exception {
        Path dir = Files.createTempDirectory("walkout-load-ingest");
        Vertx vertx = Vertx.vertx();
        List<EmulatedReader> emulated = new ArrayList<>();
        Recorder recorder = new Recorder(3);
        Recorder fromWrite = new Recorder(3);
        SlowReadEpisodes episodes = EPISODES && reportsPerSec > 0 ? new SlowReadEpisodes() : null;
        try (Journal journal = Journal.open(dir)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            List<ReaderSession> sessions = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                EmulatedReader reader = new EmulatedReader("load-reader-" + r, tags, reportsPerSec, false);
                emulated.add(reader);
                ReaderConfig config = new ReaderConfig("r-" + r, "127.0.0.1", reader.port(),
                        Map.of(1, AntennaConfig.of("A1"), 2, AntennaConfig.of("A1")));
                sessions.add(new ReaderSession(config, new ReaderSessionConfig(2_000, 100, 1_000, 200), journal,
                        meters, Clock.systemUTC()));
            }
            // as IngestApp deploys them: readerThreads groups, each on one event loop
            for (ReaderSessionGroup group : ReaderSessionGroup.spread(sessions, sessionThreads)) {
                vertx.deployVerticle(group).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            for (EmulatedReader reader : emulated) {
                if (!reader.awaitStreaming(10_000)) {
                    throw new IllegalStateException("an emulated reader never got START_ROSPEC");
                }
            }
            if (reportsPerSec > 0) {
                // each tag's lastSeen holds its report's due time, its firstSeen the time it was written to the
                // socket (both nanoTime); flat out, latency is queueing alone and not measured
                journal.tagReadProbe((firstSeen, lastSeen) -> {
                    long now = System.nanoTime();
                    recorder.recordValue(Math.max(0, now - lastSeen));
                    fromWrite.recordValue(Math.max(0, now - firstSeen));
                    if (episodes != null) {
                        episodes.onJournaled(firstSeen, now);
                    }
                });
            }
            Result result = measure(reportsPerSec > 0 ? PACED_WARMUP_MS : WARMUP_MS, emulated, journal::appended,
                    recorder, fromWrite, episodes);
            for (EmulatedReader reader : emulated) {
                reader.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (episodes != null) {
                episodes.report(String.format("%d-tag reports at %,.0f reads/s", tags, reportsPerSec * tags * readers));
            }
            return result;
        } finally {
            for (EmulatedReader reader : emulated) {
                reader.close();
            }
            if (episodes != null) {
                episodes.close();
            }
            delete(dir);
        }
    }

    /**
     * Measures a running phase, ingest's or the floor's: waits out the warm-up, then records for {@code seconds} the
     * latency, the emulators' lateness, the steal and, when {@code episodes} is not null, where the slow reads came
     * from, all over the same period.
     *
     * @param reads the reads taken in so far (journaled, or read by the floor)
     */
    private Result measure(long warmupMs, List<EmulatedReader> emulated, LongSupplier reads, Recorder fromDue,
                           Recorder fromWrite, SlowReadEpisodes episodes) throws InterruptedException {
        EventLoopCpu loops = EventLoopCpu.find();
        warmUp(warmupMs, fromDue, fromWrite);
        long cpuBefore = loops.cpuNanos();
        long before = reads.getAsLong();
        fromDue.reset();
        fromWrite.reset();
        emulated.forEach(EmulatedReader::sendLateness);
        long stealBefore = StealWitness.stealMillis();
        long startNs = System.nanoTime();
        if (episodes != null) {
            episodes.start();
        }
        TimeUnit.SECONDS.sleep(seconds);
        if (episodes != null) {
            episodes.stop();
        }
        long taken = reads.getAsLong() - before;
        long cpuAfter = loops.cpuNanos();
        long stolen = StealWitness.stealMillis() - stealBefore;
        double elapsedSec = (System.nanoTime() - startNs) / 1e9;
        Histogram latency = fromDue.getIntervalHistogram();
        Histogram latencyFromWrite = fromWrite.getIntervalHistogram();
        Histogram sendLate = new Histogram(3);
        emulated.forEach(reader -> sendLate.add(reader.sendLateness()));
        double cpuPerRead = cpuBefore < 0 || taken == 0 ? Double.NaN : (cpuAfter - cpuBefore) / 1e3 / taken;
        return new Result(taken / elapsedSec, latency, latencyFromWrite, sendLate, stolen, cpuPerRead);
    }

    /**
     * Waits out a warm-up, resetting the latency recorders every second: a reset changes which code their recording
     * takes on the event loop (HdrHistogram's phase flip), and done for the first time at the start of the measurement
     * it had that code deoptimised there, which held the event loop up for 50-100 ms.
     */
    private static void warmUp(long millis, Recorder... recorders) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            for (Recorder recorder : recorders) {
                recorder.reset();
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
