package walkout.tracking.exit;

import walkout.tracking.visit.Visit;

/**
 * A visit that could have taken an item out: it was seen at the exit {@code sightingMillis}, and
 * {@code score = 1 - |sightingMillis - exitedAtMillis| / attributionWindowMs}.
 */
public record Candidate(Visit visit, long sightingMillis, double score) {
}
