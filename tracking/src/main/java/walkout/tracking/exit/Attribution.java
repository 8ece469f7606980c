package walkout.tracking.exit;

import java.util.List;

/**
 * The decision for one exit. {@code candidates} are best first; {@code margin} is how far the best beat the
 * runner-up (the best score itself when alone, 0 when there is nobody); {@code onSilence} says the decision rests on a
 * phone not being heard (a silent visit took the item, or made it ambiguous), which the next sightings may undo.
 */
public record Attribution(Outcome outcome, List<Candidate> candidates, double margin, boolean onSilence) {
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

    /** A decision that does not rest on a phone not being heard. */
    public Attribution(Outcome outcome, List<Candidate> candidates, double margin) {
        this(outcome, candidates, margin, false);
    }

    public Candidate best() {
        return candidates.get(0);
    }
}
