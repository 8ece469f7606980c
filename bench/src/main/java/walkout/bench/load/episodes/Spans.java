package walkout.bench.load.episodes;

import java.util.ArrayList;
import java.util.List;

/** Spans of {@link System#nanoTime()} a witness saw, each with how bad it was; added from one thread, read by any. */
final class Spans {
    private final List<long[]> spans = new ArrayList<>();

    synchronized void add(long fromNs, long toNs, long severity) {
        spans.add(new long[] {fromNs, toNs, severity});
    }

    synchronized void clear() {
        spans.clear();
    }

    /** The highest severity of the spans overlapping {@code [fromNs, toNs]}; 0 when none does. */
    synchronized long worstIn(long fromNs, long toNs) {
        long worst = 0;
        for (long[] span : spans) {
            if (span[1] >= fromNs && span[0] <= toNs) {
                worst = Math.max(worst, span[2]);
            }
        }
        return worst;
    }

    /** The sum of the severities of the spans overlapping {@code [fromNs, toNs]}. */
    synchronized long sumIn(long fromNs, long toNs) {
        long sum = 0;
        for (long[] span : spans) {
            if (span[1] >= fromNs && span[0] <= toNs) {
                sum += span[2];
            }
        }
        return sum;
    }
}
