package walkout.tracking.exit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import walkout.tracking.item.PendingExit;
import walkout.tracking.visit.Visit;

/**
 * Decides who took an item out, from exit timing alone: candidates are visits with an exit-zone sighting within
 * {@code attributionWindowMs} of the item's exit, scored by the closest one. The best takes the item when it beats
 * the runner-up by at least {@code minMargin} (or is alone); otherwise the item is ambiguous; with no candidate it
 * left unpaid. Pure and deterministic: ties order by visit id.
 */
public final class ExitAttributor {
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
            .thenComparing(candidate -> candidate.visit().visitId());

    private final long attributionWindowMs;
    private final double minMargin;

    public ExitAttributor(long attributionWindowMs, double minMargin) {
        this.attributionWindowMs = attributionWindowMs;
        this.minMargin = minMargin;
    }

    public Attribution attribute(PendingExit exit, Iterable<Visit> openVisits) {
        List<Candidate> candidates = new ArrayList<>();
        for (Visit visit : openVisits) {
            if (!visit.storeId().equals(exit.storeId())) {
                continue;
            }
            long sighting = visit.closestExitSighting(exit.exitedAtMillis());
            if (sighting == Visit.NONE) {
                continue;
            }
            long distanceMs = Math.abs(sighting - exit.exitedAtMillis());
            if (distanceMs <= attributionWindowMs) {
                candidates.add(new Candidate(visit, sighting, 1.0 - (double) distanceMs / attributionWindowMs));
            }
        }
        if (candidates.isEmpty()) {
            return new Attribution(Attribution.Outcome.UNPAID, candidates, 0.0);
        }
        candidates.sort(BEST_FIRST);
        double best = candidates.get(0).score();
        if (candidates.size() == 1) {
            return new Attribution(Attribution.Outcome.ATTRIBUTED, candidates, best);
        }
        double margin = best - candidates.get(1).score();
        // A tiny epsilon so that a margin equal to minMargin in decimal is not lost to binary rounding.
        Attribution.Outcome outcome = margin + 1e-9 >= minMargin
                ? Attribution.Outcome.ATTRIBUTED : Attribution.Outcome.AMBIGUOUS;
        return new Attribution(outcome, candidates, margin);
    }
}
