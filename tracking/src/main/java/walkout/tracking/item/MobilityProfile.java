package walkout.tracking.item;

/**
 * When a shelf read in another zone may move an item resting on a shelf (after EdgeX app-rfid-llrp-inventory's
 * mobility profile). The new zone's read must beat the old location's RSSI by an offset that starts at
 * {@code thresholdCdbm}, holds for {@code holdoffMs} after the old location last confirmed the item, then falls by
 * {@code decayCdbmPerMs} every millisecond, down through zero and below: a neighbouring shelf that hears the item a
 * little weaker never moves it while its own shelf keeps reading it, but once the own shelf goes quiet, steady
 * reads elsewhere win.
 *
 * <pre>
 *  offset (cdBm)
 *  threshold ─────────┐
 *                     │ \  slope -decayCdbmPerMs
 *           0 ────────┼───\──────────────> ms since the old location was last confirmed
 *                  holdoff   \
 * </pre>
 *
 * @param thresholdCdbm  margin during the hold-off, centi-dB, >= 0
 * @param holdoffMs      how long the full margin holds, >= 0
 * @param decayCdbmPerMs how fast the margin falls after the hold-off, centi-dB per millisecond, >= 0
 */
public record MobilityProfile(int thresholdCdbm, long holdoffMs, double decayCdbmPerMs) {
    /** 6 dB, 500 ms, 0.8 cdB/ms (8 dB per second): the margin is gone 1.25 s after the last confirmation. */
    public static final MobilityProfile DEFAULT = new MobilityProfile(600, 500, 0.8);

    public MobilityProfile {
        if (thresholdCdbm < 0) {
            throw new IllegalArgumentException("mobility.thresholdCdbm=" + thresholdCdbm + " must be >= 0");
        }
        if (holdoffMs < 0) {
            throw new IllegalArgumentException("mobility.holdoffMs=" + holdoffMs + " must be >= 0");
        }
        if (!(decayCdbmPerMs >= 0 && Double.isFinite(decayCdbmPerMs))) {
            throw new IllegalArgumentException("mobility.decayCdbmPerMs=" + decayCdbmPerMs
                    + " must be a finite number >= 0");
        }
    }

    /** The margin a new location must beat the old one by, {@code sinceConfirmedMs} after it was last confirmed. */
    public double offsetCdbm(long sinceConfirmedMs) {
        long past = Math.max(0, sinceConfirmedMs - holdoffMs);
        return thresholdCdbm - decayCdbmPerMs * past;
    }

    /** True when a read of {@code newRssiCdbm} elsewhere beats the old location's {@code oldRssiCdbm}. */
    public boolean moves(int newRssiCdbm, int oldRssiCdbm, long sinceConfirmedMs) {
        return newRssiCdbm > oldRssiCdbm + offsetCdbm(sinceConfirmedMs);
    }
}
