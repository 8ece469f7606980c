package walkout.store.sim;

/**
 * How fast simulated shoppers move: the demo uses {@link #REAL}; tests use a quicker pace so a whole run takes a
 * second. Every figure is wall time in milliseconds.
 *
 * @param dwellMinMs      least time a shopper spends in one floor zone
 * @param dwellMaxMs      most time a shopper spends in one floor zone
 * @param sightingEveryMs period of the phone's beacon sightings
 * @param entryMs         time from the entry gate to the first zone
 * @param approachMs      time in the exit zone before walking through the portal
 * @param walkOutMs       time the EXIT beacon is still heard after the shopper passed the portal's inner antenna
 */
record Pace(long dwellMinMs, long dwellMaxMs, long sightingEveryMs, long entryMs, long approachMs, long walkOutMs) {
    static final Pace REAL = new Pace(2500, 5000, 500, 500, 500, 2000);

    Pace {
        if (dwellMinMs <= 0 || dwellMaxMs < dwellMinMs) {
            throw new IllegalArgumentException("dwellMinMs=" + dwellMinMs + " dwellMaxMs=" + dwellMaxMs
                    + " must satisfy 0 < min <= max");
        }
        if (sightingEveryMs <= 0) {
            throw new IllegalArgumentException("sightingEveryMs=" + sightingEveryMs + " must be > 0");
        }
        if (entryMs < 0 || approachMs < 0 || walkOutMs < 0) {
            throw new IllegalArgumentException("entryMs=" + entryMs + " approachMs=" + approachMs + " walkOutMs="
                    + walkOutMs + " must be >= 0");
        }
    }
}
