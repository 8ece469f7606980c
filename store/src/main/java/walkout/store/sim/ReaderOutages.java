package walkout.store.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Floor readers going silent in the {@link Physics#SECOND} world (a dropped link, a rebooting reader): about once in
 * every {@value #EVERY_MS} ms of a run (at least once), at a seeded random moment, one floor reader chosen at random
 * reports nothing for {@value #OUTAGE_MS} ms, then comes back. What it would have read meanwhile is lost.
 *
 * @param outages the silences, in time order
 */
record ReaderOutages(List<Outage> outages) {
    static final long EVERY_MS = 5 * 60_000L;
    static final long OUTAGE_MS = 10_000;

    /** Reader {@code readerId} reports nothing in [{@code fromMillis}, {@code untilMillis}). */
    record Outage(String readerId, long fromMillis, long untilMillis) {
    }

    ReaderOutages {
        outages = List.copyOf(outages);
    }

    /** No reader ever goes silent (the first world). */
    static ReaderOutages none() {
        return new ReaderOutages(List.of());
    }

    /**
     * One outage in each of the equal slices of [{@code fromMillis}, {@code untilMillis}), about {@value #EVERY_MS}
     * ms long, each wholly inside its slice; none when there is no floor reader or the run is shorter than an outage.
     */
    static ReaderOutages plan(List<String> floorReaders, long fromMillis, long untilMillis, Random random) {
        long lengthMs = untilMillis - fromMillis;
        if (floorReaders.isEmpty() || lengthMs < OUTAGE_MS) {
            return none();
        }
        long count = Math.max(1, Math.round(lengthMs / (double) EVERY_MS));
        long sliceMs = lengthMs / count;
        List<Outage> outages = new ArrayList<>();
        for (long k = 0; k < count; k++) {
            long from = fromMillis + k * sliceMs + (long) (random.nextDouble() * Math.max(0, sliceMs - OUTAGE_MS));
            outages.add(new Outage(floorReaders.get(random.nextInt(floorReaders.size())), from, from + OUTAGE_MS));
        }
        return new ReaderOutages(outages);
    }

    /**
     * Whether {@code readerId} reports nothing for its round ending at {@code atMillis}: silent for every round whose
     * span ({@code atMillis - periodMs}, {@code atMillis}] meets an outage, so no read it delivers falls inside one.
     */
    boolean silent(String readerId, long atMillis, long periodMs) {
        for (Outage outage : outages) {
            if (outage.readerId().equals(readerId) && atMillis >= outage.fromMillis()
                    && atMillis - periodMs < outage.untilMillis()) {
                return true;
            }
        }
        return false;
    }
}
