package walkout.tracking.item;

import walkout.events.PortalSide;

/**
 * One pass of an item through the exit portal: every portal read of its EPC, on either antenna, with no gap longer
 * than the pass gap between them. Kept in {@link #STORE} keyed by EPC while the pass lasts; its direction is decided
 * from the whole burst once it is over, never from the first inner/outer pair, because a real portal's two antennas
 * have overlapping fields and their reads arrive interleaved (inner, outer, inner, outer within one pass is normal).
 *
 * <p>Leaving or entering is the sign of a sum of clues, each positive for "the outer antenna's part came later": how
 * much later the outer reads centre in time than the inner ones, how much later the outer antenna heard it loudest,
 * whether the outer antenna's RSSI rises while the inner one's falls (the antenna an item walks away from fades),
 * and, at half weight each, which antenna read it first and which last. Each clue is capped, so no single one decides
 * alone against the others; reads on one side only decide nothing here (see {@link ItemExits} for a pass that ends on
 * the inner antenna). Times are event-time epoch milliseconds.
 *
 * @param originMillis the pass's first read as it arrived: the origin of the sums in {@link SideReads}
 * @param inner        the pass's reads by the inner (store side) antenna
 * @param outer        the pass's reads by the outer (street side) antenna
 */
public record PortalPass(String storeId, String epc, long originMillis, SideReads inner, SideReads outer) {
    /** Name of the key-value store holding passes in progress. */
    public static final String STORE = "tracking-portal-passes";
    /** A difference in centres or loudest reads of this much counts fully. */
    static final double FULL_TIME_CLUE_MS = 500;
    /** A difference in RSSI slopes of this much counts fully, dB per second. */
    static final double FULL_SLOPE_CLUE_DB_PER_S = 10;
    /** Reads a side needs, spread over time, before its RSSI slope counts. */
    static final int MIN_SLOPE_READS = 3;

    /** Which way the item went through the portal. */
    public enum Direction {
        LEAVING,
        ENTERING,
        /** Read on one side only, or a burst whose clues cancel exactly. */
        UNKNOWN
    }

    /**
     * The reads of one antenna in a pass, with running sums for their centre and RSSI trend (time in seconds from the
     * pass's origin, RSSI in dB).
     *
     * @param reads        how many reads (smoothed records)
     * @param firstMillis  its first read
     * @param lastMillis   its last read
     * @param peakRssiCdbm its strongest read, centi-dBm
     * @param peakMillis   when that was (the earliest, when equal)
     */
    public record SideReads(int reads, long firstMillis, long lastMillis, int peakRssiCdbm, long peakMillis,
                            double sumS, double sumSs, double sumDb, double sumSDb) {
        static final SideReads NONE = new SideReads(0, 0, 0, Integer.MIN_VALUE, 0, 0, 0, 0, 0);

        SideReads plus(long originMillis, long atMillis, int rssiCdbm) {
            double s = (atMillis - originMillis) / 1000.0;
            double db = rssiCdbm / 100.0;
            boolean peak = reads == 0 || rssiCdbm > peakRssiCdbm
                    || (rssiCdbm == peakRssiCdbm && atMillis < peakMillis);
            return new SideReads(reads + 1, reads == 0 ? atMillis : Math.min(firstMillis, atMillis),
                    reads == 0 ? atMillis : Math.max(lastMillis, atMillis), peak ? rssiCdbm : peakRssiCdbm,
                    peak ? atMillis : peakMillis, sumS + s, sumSs + s * s, sumDb + db, sumSDb + s * db);
        }

        public boolean any() {
            return reads > 0;
        }

        /** Mean time of the reads, seconds from the pass's origin. */
        double centreS() {
            return sumS / reads;
        }

        /** Least-squares RSSI slope, dB per second, or NaN with too few reads or no spread in time. */
        double slopeDbPerS() {
            double spread = reads * sumSs - sumS * sumS;
            if (reads < MIN_SLOPE_READS || spread < 1e-6) {
                return Double.NaN;
            }
            return (reads * sumSDb - sumS * sumDb) / spread;
        }
    }

    /** A pass that starts with this read. */
    public static PortalPass start(String storeId, String epc, PortalSide side, long atMillis, int rssiCdbm) {
        return new PortalPass(storeId, epc, atMillis, SideReads.NONE, SideReads.NONE).plus(side, atMillis, rssiCdbm);
    }

    /** This pass with one more read. */
    public PortalPass plus(PortalSide side, long atMillis, int rssiCdbm) {
        return switch (side) {
            case INNER -> new PortalPass(storeId, epc, originMillis, inner.plus(originMillis, atMillis, rssiCdbm),
                    outer);
            case OUTER -> new PortalPass(storeId, epc, originMillis, inner,
                    outer.plus(originMillis, atMillis, rssiCdbm));
            default -> throw new IllegalArgumentException("not a portal side: " + side);
        };
    }

    public long lastMillis() {
        return Math.max(inner.any() ? inner.lastMillis() : Long.MIN_VALUE,
                outer.any() ? outer.lastMillis() : Long.MIN_VALUE);
    }

    /** Read by the inner antenna only, so far. */
    public boolean innerOnly() {
        return inner.any() && !outer.any();
    }

    /** The burst's direction; see the type's Javadoc. */
    public Direction direction() {
        double clues = leavingClues();
        return Double.isNaN(clues) || clues == 0 ? Direction.UNKNOWN
                : clues > 0 ? Direction.LEAVING : Direction.ENTERING;
    }

    /** The sum of the clues (positive: leaving), NaN when one side never read the item. */
    double leavingClues() {
        if (!inner.any() || !outer.any()) {
            return Double.NaN;
        }
        double clues = capped((outer.centreS() - inner.centreS()) * 1000 / FULL_TIME_CLUE_MS)
                + capped((outer.peakMillis() - inner.peakMillis()) / FULL_TIME_CLUE_MS)
                + 0.5 * Long.signum(outer.firstMillis() - inner.firstMillis())
                + 0.5 * Long.signum(outer.lastMillis() - inner.lastMillis());
        double slopes = outer.slopeDbPerS() - inner.slopeDbPerS();
        if (!Double.isNaN(slopes)) {
            clues += capped(slopes / FULL_SLOPE_CLUE_DB_PER_S);
        }
        return clues;
    }

    /**
     * When the item was out: half-way between the two antennas' centres (where it crossed), but not before the outer
     * antenna first read it.
     */
    public long outMillis() {
        double crossedS = (inner.centreS() + outer.centreS()) / 2;
        return Math.max(originMillis + Math.round(crossedS * 1000), outer.firstMillis());
    }

    private static double capped(double clue) {
        return Math.max(-1.0, Math.min(1.0, clue));
    }
}
