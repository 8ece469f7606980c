package walkout.tracking.item;

import walkout.events.PortalSide;

/**
 * One pass of an item through the exit portal: every portal read of its EPC, on either antenna, with no gap longer
 * than the pass gap between them. Kept in {@link #STORE} keyed by EPC while the pass lasts; its direction is decided
 * from the whole burst once it is over, never from the first inner/outer pair, because a real portal's two antennas
 * have overlapping fields and their reads arrive interleaved (inner, outer, inner, outer within one pass is normal).
 *
 * <p>Leaving or entering is a vote of four signs, each "outer later than inner": which antenna read it first, which
 * read it last, whose reads centre later in time, and whose strongest read came later (the RSSI trend: the antenna
 * the item walks away from fades, the one it walks towards grows). A tie goes to the centres; reads on one side only
 * decide nothing here (see {@code ItemExits} for a pass that ends on the inner antenna). Times are event-time epoch
 * milliseconds.
 *
 * @param inner the pass's reads by the inner (store side) antenna
 * @param outer the pass's reads by the outer (street side) antenna
 */
public record PortalPass(String storeId, String epc, SideReads inner, SideReads outer) {
    /** Name of the key-value store holding passes in progress. */
    public static final String STORE = "tracking-portal-passes";

    /** Which way the item went through the portal. */
    public enum Direction {
        LEAVING,
        ENTERING,
        /** Read on one side only, or a burst whose signs cancel exactly. */
        UNKNOWN
    }

    /**
     * The reads of one antenna in a pass.
     *
     * @param reads        how many reads (smoothed records)
     * @param firstMillis  its first read
     * @param lastMillis   its last read
     * @param sumOffsetMs  sum over its reads of (read time - {@code firstMillis}): with {@code reads}, the centre
     * @param peakRssiCdbm its strongest read, centi-dBm
     * @param peakMillis   when that was (the earliest, when equal)
     */
    public record SideReads(int reads, long firstMillis, long lastMillis, long sumOffsetMs, int peakRssiCdbm,
                            long peakMillis) {
        static final SideReads NONE = new SideReads(0, 0, 0, 0, Integer.MIN_VALUE, 0);

        SideReads plus(long atMillis, int rssiCdbm) {
            if (reads == 0) {
                return new SideReads(1, atMillis, atMillis, 0, rssiCdbm, atMillis);
            }
            long first = Math.min(firstMillis, atMillis);
            // Re-base the sum when a late-delivered read is older than the first one seen.
            long sum = sumOffsetMs + (long) reads * (firstMillis - first) + (atMillis - first);
            boolean peak = rssiCdbm > peakRssiCdbm || (rssiCdbm == peakRssiCdbm && atMillis < peakMillis);
            return new SideReads(reads + 1, first, Math.max(lastMillis, atMillis), sum,
                    peak ? rssiCdbm : peakRssiCdbm, peak ? atMillis : peakMillis);
        }

        /** Mean time of the reads, or NaN with none. */
        public double centreMillis() {
            return reads == 0 ? Double.NaN : firstMillis + (double) sumOffsetMs / reads;
        }

        public boolean any() {
            return reads > 0;
        }
    }

    /** A pass that starts with this read. */
    public static PortalPass start(String storeId, String epc, PortalSide side, long atMillis, int rssiCdbm) {
        return new PortalPass(storeId, epc, SideReads.NONE, SideReads.NONE).plus(side, atMillis, rssiCdbm);
    }

    /** This pass with one more read. */
    public PortalPass plus(PortalSide side, long atMillis, int rssiCdbm) {
        return switch (side) {
            case INNER -> new PortalPass(storeId, epc, inner.plus(atMillis, rssiCdbm), outer);
            case OUTER -> new PortalPass(storeId, epc, inner, outer.plus(atMillis, rssiCdbm));
            default -> throw new IllegalArgumentException("not a portal side: " + side);
        };
    }

    public long firstMillis() {
        return !inner.any() ? outer.firstMillis() : !outer.any() ? inner.firstMillis()
                : Math.min(inner.firstMillis(), outer.firstMillis());
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
        if (!inner.any() || !outer.any()) {
            return Direction.UNKNOWN;
        }
        double centres = outer.centreMillis() - inner.centreMillis();
        int votes = Long.signum(outer.firstMillis() - inner.firstMillis())
                + Long.signum(outer.lastMillis() - inner.lastMillis())
                + (int) Math.signum(centres)
                + Long.signum(outer.peakMillis() - inner.peakMillis());
        if (votes == 0) {
            votes = (int) Math.signum(centres);
        }
        return votes > 0 ? Direction.LEAVING : votes < 0 ? Direction.ENTERING : Direction.UNKNOWN;
    }

    /**
     * When the item was out: half-way between the two antennas' centres (where it crossed), but not before the outer
     * antenna first read it.
     */
    public long outMillis() {
        return Math.max(Math.round((inner.centreMillis() + outer.centreMillis()) / 2), outer.firstMillis());
    }
}
