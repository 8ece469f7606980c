package walkout.tracking.exit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import walkout.tracking.item.PendingExit;
import walkout.tracking.visit.Visit;

/**
 * Decides who took an item out. Candidates are visits with an exit-zone sighting within {@code attributionWindowMs}
 * of the item's exit. Their timing score is {@code 1 - |dt| / window} (at least 0), where {@code dt} is, when every
 * candidate's phone has enough exit sightings near the item's exit to tell when it passed the portal
 * ({@link Visit#exitPassMillis}), the time from that pass to the item's pass of the inner antenna; otherwise, for all
 * of them alike, the time from the item's exit to the candidate's closest exit sighting. Family members walk out a
 * fraction of a second apart and are heard at the exit over the same seconds, so only the pass can tell them apart;
 * mixing the two measures would compare a sharp one with a blunt one, so either all candidates get the pass or none.
 *
 * <p>When the item was read being carried at least {@link #MIN_TRAVEL_READS} times, co-travel counts as much as
 * timing: {@code score = (timing + coTravel) / 2}, where co-travel is the share of its carried reads made in the
 * zone the visit's phone was in at the time ({@link Visit#coTravel}). A visit the item did not travel with (co-travel
 * below {@link #MIN_CO_TRAVEL}) is no candidate; if that leaves nobody while someone was at the exit, the item is
 * held as ambiguous rather than charged to a stranger or alarmed.
 *
 * <p>A phone can miss the exit beacon altogether (a sighting a second, some lost). A visit with no exit sighting near
 * the item's exit is still a candidate, a <em>silent</em> one, when its phone was last heard on the floor at most
 * {@link #SILENT_REACH_WINDOWS} windows before the item left and not since, and the item's carried reads travelled
 * with it (at least {@link #MIN_TRAVEL_READS} of them, co-travel at least {@link #SILENT_MIN_CO_TRAVEL}). It has no
 * timing, so its score is {@code coTravel / 2}: it takes the item only when nobody at the exit travelled with it.
 *
 * <p>The best takes the item when it beats the runner-up by at least {@code minMargin} (or is alone); otherwise the
 * item is ambiguous; with nobody at the exit it left unpaid. Pure and deterministic: ties order by visit id.
 */
public final class ExitAttributor {
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
            .thenComparing(candidate -> candidate.visit().visitId());

    /** Carried reads an item needs before co-travel is judged. */
    public static final int MIN_TRAVEL_READS = 3;
    /** Least co-travel a visit needs to take an item that has travel evidence. */
    public static final double MIN_CO_TRAVEL = 0.2;
    /** Least co-travel a silent visit (no exit sighting near the item's exit) needs to be a candidate. */
    public static final double SILENT_MIN_CO_TRAVEL = 0.5;
    /** How many attribution windows before the item's exit a silent visit's phone may last have been heard. */
    public static final int SILENT_REACH_WINDOWS = 2;

    private final long attributionWindowMs;
    private final double minMargin;
    private final long coTravelToleranceMs;

    public ExitAttributor(long attributionWindowMs, double minMargin) {
        this(attributionWindowMs, minMargin, 0);
    }

    public ExitAttributor(long attributionWindowMs, double minMargin, long coTravelToleranceMs) {
        this.attributionWindowMs = attributionWindowMs;
        this.minMargin = minMargin;
        this.coTravelToleranceMs = coTravelToleranceMs;
    }

    public Attribution attribute(PendingExit exit, Iterable<Visit> openVisits) {
        List<Visit> near = new ArrayList<>();
        List<Visit> silent = new ArrayList<>();
        List<Long> closest = new ArrayList<>();
        List<Long> passes = new ArrayList<>();
        boolean everyPass = true;
        for (Visit visit : openVisits) {
            if (!visit.storeId().equals(exit.storeId())) {
                continue;
            }
            long sighting = visit.closestExitSighting(exit.exitedAtMillis());
            if (sighting == Visit.NONE || Math.abs(sighting - exit.exitedAtMillis()) > attributionWindowMs) {
                if (silentlyLeaving(visit, exit)) {
                    silent.add(visit);
                }
                continue;
            }
            long pass = visit.exitPassMillis(exit.passedMillis(), passSpanMs());
            everyPass &= pass != Visit.NONE;
            near.add(visit);
            closest.add(sighting);
            passes.add(pass);
        }
        List<Candidate> candidates = new ArrayList<>();
        List<Candidate> strangers = new ArrayList<>();
        boolean judgeTravel = exit.travelReads() >= MIN_TRAVEL_READS;
        long itemMillis = everyPass ? exit.passedMillis() : exit.exitedAtMillis();
        for (int i = 0; i < near.size(); i++) {
            Visit visit = near.get(i);
            long sighting = (everyPass ? passes : closest).get(i);
            long distanceMs = Math.abs(sighting - itemMillis);
            double timing = Math.max(0.0, 1.0 - (double) distanceMs / attributionWindowMs);
            if (!judgeTravel) {
                candidates.add(new Candidate(visit, sighting, timing, timing, Double.NaN, everyPass));
                continue;
            }
            double coTravel = visit.coTravel(exit.travel(), coTravelToleranceMs);
            Candidate candidate = new Candidate(visit, sighting, (timing + coTravel) / 2, timing, coTravel,
                    everyPass);
            (coTravel >= MIN_CO_TRAVEL ? candidates : strangers).add(candidate);
        }
        if (judgeTravel) {
            for (Visit visit : silent) {
                double coTravel = visit.coTravel(exit.travel(), coTravelToleranceMs);
                if (coTravel >= SILENT_MIN_CO_TRAVEL) {
                    candidates.add(new Candidate(visit, visit.lastSightingMillis(), coTravel / 2, 0.0, coTravel,
                            false));
                }
            }
        }
        if (candidates.isEmpty() && !strangers.isEmpty()) {
            strangers.sort(BEST_FIRST);
            return new Attribution(Attribution.Outcome.AMBIGUOUS, strangers, 0.0);
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

    /** Heard on the floor, last shortly before the item left and not since: perhaps it left unheard at the exit. */
    private boolean silentlyLeaving(Visit visit, PendingExit exit) {
        long last = visit.lastSightingMillis();
        return visit.insideSinceMillis() != Visit.NONE && last != Visit.NONE && last <= exit.exitedAtMillis()
                && exit.exitedAtMillis() - last <= SILENT_REACH_WINDOWS * attributionWindowMs;
    }

    /**
     * How far from the item's pass of the inner antenna exit sightings count towards a visit's pass: the phone hears
     * the portal beacon for a couple of seconds around it, and an earlier or later stay at the exit must not count.
     */
    private long passSpanMs() {
        return 2 * attributionWindowMs;
    }
}
