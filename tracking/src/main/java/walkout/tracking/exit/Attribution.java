package walkout.tracking.exit;

import java.util.List;

/**
 * The decision for one exit. {@code candidates} are best first; {@code margin} is how far the best beat the
 * runner-up (the best score itself when alone, 0 when there is nobody).
 */
public record Attribution(Outcome outcome, List<Candidate> candidates, double margin) {
    /** What happens to the item. */
    public enum Outcome {
        /** The best candidate takes the item into its basket. */
        ATTRIBUTED,
        /** Candidates too close to call: held for staff, not charged. */
        AMBIGUOUS,
        /** Nobody at the exit in time: unpaid exit. */
        UNPAID
    }

    public Attribution {
        candidates = List.copyOf(candidates);
    }

    public Candidate best() {
        return candidates.get(0);
    }
}
