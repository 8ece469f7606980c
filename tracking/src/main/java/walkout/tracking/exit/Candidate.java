package walkout.tracking.exit;

import walkout.tracking.visit.Visit;

/**
 * A visit that could have taken an item out: its phone passed the exit portal at {@code sightingMillis} (estimated
 * from the exit beacon's RSSI), or, when that could not be told for every candidate, was seen at the exit then, at the
 * sighting closest to the item's exit; {@code timing} is how close that was (see {@link ExitAttributor});
 * {@code coTravel} is how far the item's carried reads travelled with it (0 to 1, or NaN when the item has too little
 * travel evidence to judge), and {@code score} combines the two (see {@link ExitAttributor}); {@code passTimed} says
 * {@code sightingMillis} is the estimated pass.
 */
public record Candidate(Visit visit, long sightingMillis, double score, double timing, double coTravel,
                        boolean passTimed) {
}
