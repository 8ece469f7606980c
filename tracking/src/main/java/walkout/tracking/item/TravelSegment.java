package walkout.tracking.item;

/**
 * A stretch of an item's travel: floor antennas of {@code zone} read it as carried (weaker than a shelf read) from
 * {@code firstMillis} to {@code lastMillis}, {@code reads} times. Consecutive carried reads in one zone extend one
 * segment, so a long walk stays a short list. Times are event time.
 */
public record TravelSegment(String zone, long firstMillis, long lastMillis, int reads) {
    /** This segment extended by one more read at {@code atMillis}. */
    public TravelSegment plus(long atMillis) {
        return new TravelSegment(zone, Math.min(firstMillis, atMillis), Math.max(lastMillis, atMillis), reads + 1);
    }
}
