package walkout.bench.load.episodes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a paced phase's slow reads come from ({@code -Dwalkout.bench.episodes=true} on the load benchmark). Reads
 * journaled more than {@link #SLOW_NS} after their write are grouped into episodes (slow reads written less than
 * {@link #GAP_NS} apart). Each episode is set against {@link Witness witnesses} of the same moments that ingest
 * cannot cause (an idle thread's lateness, steal, GC pauses), against stalls on the appending thread between two
 * reads of one write (time spent inside the handler), and against where the appending thread's time went (on a CPU
 * or waiting for one).
 *
 * <p>{@link #onJournaled} runs on the appending thread for every read: a few comparisons and, for a slow read, two
 * array stores. The witnesses add threads that wake about 9,000 times a second between them.
 */
public final class SlowReadEpisodes implements AutoCloseable {
    private static final long SLOW_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long GAP_NS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A gap this long between two reads of one write, on the appending thread, is a stall inside the handler. */
    private static final long STALL_NS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How far around an episode a witness still counts. */
    private static final long MARGIN_NS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int CAPACITY = 1 << 20;
    private static final int LISTED = 12;

    private final List<Witness> witnesses = List.of(new IdleThreadWitness(), new StealWitness(),
            new GcPauseWitness());
    private final ThreadScheduleSampler appendingThread = new ThreadScheduleSampler(CAPACITY);
    private final long[] slowWriteNs = new long[CAPACITY];
    private final long[] slowLatencyNs = new long[CAPACITY];
    private int slowCount;
    private final Spans stalls = new Spans();
    private long reads;
    private long lastWriteNs;
    private long lastJournaledNs;
    private long startNs;
    private volatile boolean recording;

    /** The measurement begins, and the witnesses start watching. */
    public void start() {
        witnesses.forEach(Witness::start);
        startNs = System.nanoTime();
        recording = true;
    }

    /** The measurement is over; call before the appending thread goes away. */
    public void stop() {
        recording = false;
        appendingThread.close();
    }

    /** On the appending thread, for each read journaled at {@code nowNs} that was written at {@code writeNs}. */
    public void onJournaled(long writeNs, long nowNs) {
        if (!recording) {
            return;
        }
        if (!appendingThread.following()) {
            appendingThread.follow();
        }
        reads++;
        long latency = nowNs - writeNs;
        if (latency > SLOW_NS && slowCount < CAPACITY) {
            slowWriteNs[slowCount] = writeNs;
            slowLatencyNs[slowCount] = latency;
            slowCount++;
        }
        if (writeNs == lastWriteNs && nowNs - lastJournaledNs > STALL_NS) {
            // two reads of the same write journaled far apart: the time went inside the handler
            stalls.add(lastJournaledNs, nowNs, nowNs - lastJournaledNs);
        }
        lastWriteNs = writeNs;
        lastJournaledNs = nowNs;
    }

    /** Prints the summary and the episodes with the most slow reads; call after {@link #stop()}. */
    public void report(String phase) {
        List<long[]> episodes = episodes();
        long[] witnessed = new long[witnesses.size()];
        long witnessedByAny = 0;
        List<String> lines = new ArrayList<>();
        for (long[] episode : episodes) {
            // from the first slow write to the journaling of the last slow read, with a margin
            long from = episode[0] - MARGIN_NS;
            long to = episode[1] + episode[3] + MARGIN_NS;
            StringBuilder line = new StringBuilder(String.format(
                    "  at %8.1f ms, %5.2f ms of writes, %6d slow reads, worst %6.2f ms", (episode[0] - startNs) / 1e6,
                    (episode[1] - episode[0]) / 1e6, episode[2], episode[3] / 1e6));
            boolean any = false;
            for (int w = 0; w < witnesses.size(); w++) {
                long seen = witnesses.get(w).worstIn(from, to);
                if (seen > 0) {
                    witnessed[w] += episode[2];
                    any = true;
                }
                line.append(" | ").append(witnesses.get(w).name()).append(' ').append(millisOrNo(seen));
            }
            witnessedByAny += any ? episode[2] : 0;
            line.append(" | stall in the handler ").append(millisOrNo(stalls.worstIn(from, to)))
                    .append(" | appending thread ").append(appendingThread.describe(from, to));
            if (lines.size() < LISTED) {
                lines.add(line.toString());
            }
        }
        System.out.printf("%n%s, where the reads journaled over %d ms after their write came from:%n", phase,
                SLOW_NS / 1_000_000);
        System.out.printf("  %,d of %,d reads (%.2f%%) slow, in %d episodes%n", slowCount, reads,
                percent(slowCount, reads), episodes.size());
        for (Witness witness : witnesses) {
            String summary = witness.summary();
            if (!summary.isEmpty()) {
                System.out.println("  " + summary);
            }
        }
        StringBuilder shares = new StringBuilder("  slow reads in episodes with");
        for (int w = 0; w < witnesses.size(); w++) {
            shares.append(String.format(" %s: %.1f%%;", witnesses.get(w).name(), percent(witnessed[w], slowCount)));
        }
        System.out.println(shares.append(String.format(" any of them: %.1f%%", percent(witnessedByAny, slowCount))));
        System.out.printf("  the reads outside those episodes: %.2f%% slow%n",
                percent(slowCount - witnessedByAny, reads - witnessedByAny));
        System.out.printf("  %d stalls over %d us in the handler, %.1f ms in all%n", stalls.size(), STALL_NS / 1_000,
                stalls.sumIn(Long.MIN_VALUE, Long.MAX_VALUE) / 1e6);
        System.out.printf("  the %d episodes with the most slow reads:%n", Math.min(LISTED, episodes.size()));
        lines.forEach(System.out::println);
    }

    /** Slow reads grouped by write time: first write, last write, slow reads, worst latency; most slow reads first. */
    private List<long[]> episodes() {
        List<long[]> episodes = new ArrayList<>();
        for (int i = 0; i < slowCount; i++) {
            long[] last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
            if (last != null && slowWriteNs[i] - last[1] <= GAP_NS) {
                last[1] = Math.max(last[1], slowWriteNs[i]);
                last[2]++;
                last[3] = Math.max(last[3], slowLatencyNs[i]);
            } else {
                episodes.add(new long[] {slowWriteNs[i], slowWriteNs[i], 1, slowLatencyNs[i]});
            }
        }
        episodes.sort((a, b) -> Long.compare(b[2], a[2]));
        return episodes;
    }

    private static String millisOrNo(long nanos) {
        return nanos > 0 ? String.format("%.2f ms", nanos / 1e6) : "no";
    }

    private static double percent(long part, long whole) {
        return 100.0 * part / Math.max(1, whole);
    }

    @Override
    public void close() {
        stop();
        witnesses.forEach(Witness::close);
    }
}
