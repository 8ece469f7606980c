package walkout.bench.load.episodes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;

/** Spans of {@link System#nanoTime()} a witness saw, each with how bad it was; added from one thread, read by any. */
final class Spans {
    private final List<long[]> spans = new ArrayList<>();

    synchronized void add(long fromNs, long toNs, long severity) {
        spans.add(new long[] {fromNs, toNs, severity});
    }

    synchronized int size() {
        return spans.size();
    }

    /** The highest severity of the spans overlapping {@code [fromNs, toNs]}; 0 when none does. */
    long worstIn(long fromNs, long toNs) {
        return reduceIn(fromNs, toNs, Math::max);
    }

    /** The sum of the severities of the spans overlapping {@code [fromNs, toNs]}. */
    long sumIn(long fromNs, long toNs) {
        return reduceIn(fromNs, toNs, Long::sum);
    }

    private synchronized long reduceIn(long fromNs, long toNs, LongBinaryOperator reduce) {
        long result = 0;
        for (long[] span : spans) {
            if (span[1] >= fromNs && span[0] <= toNs) {
                result = reduce.applyAsLong(result, span[2]);
            }
        }
        return result;
    }
}
