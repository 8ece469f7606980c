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
 */
public record PendingExit(String storeId, String epc, String gtin, long reads, long exitInnerMillis,
                          long exitedAtMillis, List<TravelSegment> travel) {
    /** Name of the key-value store holding exits not yet decided. */
    public static final String STORE = "tracking-pending-exits";

    public PendingExit {
        travel = travel == null ? List.of() : List.copyOf(travel);
    }

    /** An exit with no travel evidence: only its timing can attribute it. */
    public PendingExit(String storeId, String epc, String gtin, long reads, long exitInnerMillis,
                       long exitedAtMillis) {
        this(storeId, epc, gtin, reads, exitInnerMillis, exitedAtMillis, List.of());
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
