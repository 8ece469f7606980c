package walkout.tracking.exit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import walkout.tracking.item.PendingExit;
import walkout.tracking.visit.Visit;

/**
 * Decides who took an item out. Candidates are visits with an exit-zone sighting within {@code attributionWindowMs}
 * (plus the slack below) of the item's exit. Their timing score is {@code 1 - max(0, |dt| - slack) / window} (at least
 * 0), where {@code dt} is, when every candidate's phone has enough exit sightings near the item's exit to tell when it
 * passed the portal ({@link Visit#exitPassMillis}), the time from that pass to the item's pass of the inner antenna;
 * otherwise, for all of them alike, the time from the item's exit to the candidate's closest exit sighting. Family
 * members walk out a fraction of a second apart and are heard at the exit over the same seconds, so only the pass can
 * tell them apart; mixing the two measures would compare a sharp one with a blunt one, so either all candidates get the
 * pass or none. {@code slack} is half the phone's gap between exit sightings ({@link Visit#exitSightingGapMs}), at most
 * half a window, {@link #UNKNOWN_GAP_SLACK_MS} when it cannot be told: a phone that reports once a second cannot time
 * anything to better than half a second, and differences finer than that must not pick a family member.
 *
 * <p>When the item was read being carried at least {@link #MIN_TRAVEL_READS} times, co-travel counts as much as
 * timing: {@code score = (timing + coTravel) / 2}, where co-travel is the share of its carried reads made in the
 * zone the visit's phone was in at the time ({@link Visit#coTravel}). A visit the item did not travel with (co-travel
 * below {@link #MIN_CO_TRAVEL}) is no candidate; if that leaves nobody while someone was at the exit, the item is
 * held as ambiguous rather than charged to a stranger or alarmed.
 *
 * <p>A phone can miss the exit beacon altogether (a sighting a second, some lost). A visit with no exit sighting near
 * the item's exit is still a candidate, a <em>silent</em> one, when its phone was last heard on the floor at most
 * {@link #SILENT_REACH_WINDOWS} windows before the item left, not on the floor since nor at the exit shortly before the
 * item (a phone that left earlier), and the item's carried reads
 * travelled with it (at least {@link #MIN_TRAVEL_READS} of them, co-travel at least {@link #SILENT_MIN_CO_TRAVEL}). It
 * has no timing, so its score is {@code coTravel / 2}: it takes the item only when nobody at the exit travelled with
 * it. The item is held when a visit leaving silently that was not heard at the exit within
 * {@link #BYSTANDER_REACH_WINDOWS} windows of the item at all travelled with it about as much as the winner did
 * ({@link #DOMINANT_CO_TRAVEL_LEAD}): its phone may simply have missed the beacon. One heard there at another time has
 * timing against it.
 *
 * <p>The best takes the item when it beats the runner-up by at least {@code minMargin} (or is alone); otherwise the
 * item is ambiguous, unless timing cannot tell them apart and a well-read item travelled with one of them only
 * ({@link #byCoTravelAlone}); with nobody at the exit it left unpaid. Pure and deterministic: ties order by visit id.
 */
public final class ExitAttributor {
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
            .thenComparing(candidate -> candidate.visit().visitId());

    /** Carried reads an item needs before co-travel is judged. */
    public static final int MIN_TRAVEL_READS = 3;
    /** Least co-travel a visit needs to take an item that has travel evidence. */
    public static final double MIN_CO_TRAVEL = 0.2;
    /** Least co-travel a silent visit (no exit sighting near the item's exit) needs to be a candidate. */
    public static final double SILENT_MIN_CO_TRAVEL = 0.9;
    /** How many attribution windows before the item's exit a silent visit's phone may last have been heard. */
    public static final int SILENT_REACH_WINDOWS = 3;
    /** How many attribution windows from the item's exit a silent visit's exit sighting keeps it from being a rival. */
    public static final int BYSTANDER_REACH_WINDOWS = 3;
    /** Carried reads an item needs before co-travel alone may pick between candidates timing cannot tell apart. */
    public static final int DOMINANT_TRAVEL_READS = 10;
    /** Least co-travel of the visit co-travel alone picks. */
    public static final double DOMINANT_CO_TRAVEL = 0.95;
    /** How far ahead in co-travel of every other candidate, or silent rival, a visit must be to take the item so. */
    public static final double DOMINANT_CO_TRAVEL_LEAD = 0.15;
    /** Timing slack when a phone's gap between exit sightings cannot be told. */
    public static final long UNKNOWN_GAP_SLACK_MS = 500;

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
        List<Visit> others = new ArrayList<>();
        List<Long> closest = new ArrayList<>();
        List<Long> passes = new ArrayList<>();
        boolean everyPass = true;
        for (Visit visit : openVisits) {
            if (!visit.storeId().equals(exit.storeId())) {
                continue;
            }
            long sighting = visit.closestExitSighting(exit.exitedAtMillis());
            if (sighting == Visit.NONE
                    || Math.abs(sighting - exit.exitedAtMillis()) > attributionWindowMs + slackMs(visit, exit)) {
                others.add(visit);
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
            double timing = timing(visit, sighting, itemMillis);
            if (!judgeTravel) {
                candidates.add(new Candidate(visit, sighting, timing, timing, Double.NaN, everyPass));
                continue;
            }
            double coTravel = visit.coTravel(exit.travel(), coTravelToleranceMs);
            Candidate candidate = new Candidate(visit, sighting, (timing + coTravel) / 2, timing, coTravel,
                    everyPass);
            (coTravel >= MIN_CO_TRAVEL ? candidates : strangers).add(candidate);
        }
        // Silent visits not heard at the exit near the item's exit at all: visit id -> co-travel.
        Map<String, Double> unheard = new HashMap<>();
        if (judgeTravel) {
            for (Visit visit : others) {
                if (!silentlyLeaving(visit, exit)) {
                    continue;
                }
                double coTravel = visit.coTravel(exit.travel(), coTravelToleranceMs);
                if (!heardNear(visit, exit)) {
                    unheard.put(visit.visitId(), coTravel);
                }
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
        Attribution decided = decide(exit, candidates);
        if (decided.outcome() == Attribution.Outcome.ATTRIBUTED && rivalledByUnheard(decided.best(), unheard)) {
            return new Attribution(Attribution.Outcome.AMBIGUOUS, candidates, decided.margin(), true);
        }
        boolean silentWinner = decided.outcome() == Attribution.Outcome.ATTRIBUTED
                && unheard.containsKey(decided.best().visit().visitId());
        return silentWinner ? new Attribution(decided.outcome(), decided.candidates(), decided.margin(), true)
                : decided;
    }

    private Attribution decide(PendingExit exit, List<Candidate> candidates) {
        double best = candidates.get(0).score();
        if (candidates.size() == 1) {
            return new Attribution(Attribution.Outcome.ATTRIBUTED, candidates, best);
        }
        double margin = best - candidates.get(1).score();
        // A tiny epsilon so that a margin equal to minMargin in decimal is not lost to binary rounding.
        if (margin + 1e-9 >= minMargin) {
            return new Attribution(Attribution.Outcome.ATTRIBUTED, candidates, margin);
        }
        Attribution byTravel = byCoTravelAlone(exit, candidates);
        return byTravel != null ? byTravel : new Attribution(Attribution.Outcome.AMBIGUOUS, candidates, margin);
    }

    /** {@code 1 - max(0, |dt| - slack) / window}, at least 0; see the type's Javadoc. */
    private double timing(Visit visit, long sightingMillis, long itemMillis) {
        long distanceMs = Math.max(0, Math.abs(sightingMillis - itemMillis) - slackMs(visit, itemMillis));
        return Math.max(0.0, 1.0 - (double) distanceMs / attributionWindowMs);
    }

    private long slackMs(Visit visit, PendingExit exit) {
        return slackMs(visit, exit.exitedAtMillis());
    }

    /** Half the phone's gap between exit sightings near {@code atMillis}, at most half a window; see the Javadoc. */
    private long slackMs(Visit visit, long atMillis) {
        long gapMs = visit.exitSightingGapMs(atMillis, passSpanMs());
        return gapMs == Visit.NONE ? UNKNOWN_GAP_SLACK_MS : Math.min(gapMs / 2, attributionWindowMs / 2);
    }

    /**
     * True when another visit leaving silently and not heard at the exit near the item's exit at all (so timing can
     * say nothing about it, for or against) travelled with the item about as much as the winner, whose co-travel was
     * judged: its phone may just have missed the beacon, as a family member's can.
     */
    private static boolean rivalledByUnheard(Candidate winner, Map<String, Double> unheard) {
        if (Double.isNaN(winner.coTravel())) {
            return false;
        }
        return unheard.entrySet().stream().anyMatch(e -> !e.getKey().equals(winner.visit().visitId())
                && e.getValue() >= MIN_CO_TRAVEL && e.getValue() + DOMINANT_CO_TRAVEL_LEAD > winner.coTravel() + 1e-9);
    }

    /**
     * When timing cannot tell the candidates apart but a well-read item clearly travelled with one of them only: that
     * one, with its lead in co-travel as the margin; else null. Phones that report once a second at a flat RSSI time an
     * exit to a second or two, while an item read {@link #DOMINANT_TRAVEL_READS} times or more along the aisles says
     * plainly who carried it.
     */
    private Attribution byCoTravelAlone(PendingExit exit, List<Candidate> candidates) {
        if (exit.travelReads() < DOMINANT_TRAVEL_READS) {
            return null;
        }
        Candidate carrier = candidates.stream().max(Comparator.comparingDouble(Candidate::coTravel)).orElseThrow();
        if (!(carrier.coTravel() >= DOMINANT_CO_TRAVEL)) {
            return null;
        }
        double lead = 1.0;
        for (Candidate other : candidates) {
            if (other == carrier) {
                continue;
            }
            if (other.timing() - carrier.timing() >= minMargin) {
                return null;
            }
            lead = Math.min(lead, carrier.coTravel() - other.coTravel());
        }
        if (lead + 1e-9 < DOMINANT_CO_TRAVEL_LEAD) {
            return null;
        }
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.remove(carrier);
        ordered.add(0, carrier);
        return new Attribution(Attribution.Outcome.ATTRIBUTED, ordered, lead);
    }

    /**
     * Heard on the floor last shortly before the item left, not on the floor since, and not at the exit shortly before
     * the item either (that phone left earlier; heard there late is fine, phones report late): perhaps it left with
     * the item, unheard at the exit when it mattered.
     */
    private boolean silentlyLeaving(Visit visit, PendingExit exit) {
        long last = visit.lastInsideMillis();
        long reachMs = SILENT_REACH_WINDOWS * attributionWindowMs;
        if (visit.insideSinceMillis() == Visit.NONE || last == Visit.NONE || last > exit.exitedAtMillis()
                || exit.exitedAtMillis() - last > reachMs) {
            return false;
        }
        return !visit.heardAtExitBetween(exit.exitedAtMillis() - reachMs,
                exit.exitedAtMillis() - attributionWindowMs - slackMs(visit, exit));
    }

    /** Heard at the exit within {@link #BYSTANDER_REACH_WINDOWS} windows of the item's exit. */
    private boolean heardNear(Visit visit, PendingExit exit) {
        long sighting = visit.closestExitSighting(exit.exitedAtMillis());
        return sighting != Visit.NONE
                && Math.abs(sighting - exit.exitedAtMillis()) <= BYSTANDER_REACH_WINDOWS * attributionWindowMs;
    }

    /**
     * How far from the item's pass of the inner antenna exit sightings count towards a visit's pass: the phone hears
     * the portal beacon for a couple of seconds around it, and an earlier or later stay at the exit must not count.
     */
    private long passSpanMs() {
        return 2 * attributionWindowMs;
    }
}
