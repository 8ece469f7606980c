package walkout.tracking.item;

import java.util.List;

/**
 * An item that left through the exit portal and waits for attribution, kept in {@link #STORE} under
 * {@link #key(long, String)} so that iterating the store visits exits oldest first.
 *
 * @param reads           reads of the item up to its exit
 * @param exitInnerMillis the inner portal read that paired with the outer one
 * @param exitedAtMillis  the outer portal read: when the item left
 * @param travel          where and when it was read carried before it left (co-travel evidence)
 * @param passedInnerMillis the first inner portal read of the pass, when the item went by the inner antenna; null
 *                          when unknown (an exit stored before it was kept)
 */
public record PendingExit(String storeId, String epc, String gtin, long reads, long exitInnerMillis,
                          long exitedAtMillis, List<TravelSegment> travel, Long passedInnerMillis) {
    /** Name of the key-value store holding exits not yet decided. */
    public static final String STORE = "tracking-pending-exits";

    public PendingExit {
        travel = travel == null ? List.of() : List.copyOf(travel);
    }

    /** An exit whose first inner read is not known. */
    public PendingExit(String storeId, String epc, String gtin, long reads, long exitInnerMillis,
                       long exitedAtMillis, List<TravelSegment> travel) {
        this(storeId, epc, gtin, reads, exitInnerMillis, exitedAtMillis, travel, null);
    }

    /** An exit with no travel evidence: only its timing can attribute it. */
    public PendingExit(String storeId, String epc, String gtin, long reads, long exitInnerMillis,
                       long exitedAtMillis) {
        this(storeId, epc, gtin, reads, exitInnerMillis, exitedAtMillis, List.of());
    }

    /**
     * When the item went through the portal's inner antenna: its first inner read of the pass, else the inner read
     * that paired (a little later).
     */
    public long passedMillis() {
        return passedInnerMillis != null ? passedInnerMillis : exitInnerMillis;
    }

    /** Carried reads over all travel segments. */
    public int travelReads() {
        return travel.stream().mapToInt(TravelSegment::reads).sum();
    }

    /** Zero-padded exit time then EPC: string order is time order. */
    public static String key(long exitedAtMillis, String epc) {
        return String.format("%015d:%s", Math.max(0, exitedAtMillis), epc);
    }

    public String key() {
        return key(exitedAtMillis, epc);
    }
}
