package walkout.tracking.exit;

import walkout.tracking.visit.Visit;

/**
 * A visit that could have taken an item out: it was seen at the exit {@code sightingMillis}, giving
 * {@code timing = 1 - |sightingMillis - exitedAtMillis| / attributionWindowMs}; {@code coTravel} is how far the item's
 * carried reads travelled with it (0 to 1, or NaN when the item has too little travel evidence to judge), and
 * {@code score} combines the two (see {@link ExitAttributor}).
 */
public record Candidate(Visit visit, long sightingMillis, double score, double timing, double coTravel) {
    /** A candidate judged on exit timing alone. */
    public Candidate(Visit visit, long sightingMillis, double score) {
        this(visit, sightingMillis, score, score, Double.NaN);
    }
}
