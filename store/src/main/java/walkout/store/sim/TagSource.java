package walkout.store.sim;

import java.util.List;

/** What a simulated reader's antennas read in one round; the {@link World} is the usual source. */
@FunctionalInterface
public interface TagSource {
    /**
     * Called once per report period from the reader's scheduler thread.
     *
     * @param atMillis end of the round, epoch milliseconds from the simulator's clock
     * @param periodMs length of the round
     * @return the tags seen, in antenna order; empty when none
     */
    List<TagRead> round(long atMillis, long periodMs);
}
