package walkout.tracking.item;

/**
 * An item that left through the exit portal and waits for attribution, kept in {@link #STORE} under
 * {@link #key(long, String)} so that iterating the store visits exits oldest first.
 *
 * @param reads           reads of the item up to its exit
 * @param exitInnerMillis the inner portal read that paired with the outer one
 * @param exitedAtMillis  the outer portal read: when the item left
 */
public record PendingExit(String storeId, String epc, String gtin, long reads, long exitInnerMillis,
                          long exitedAtMillis) {
    /** Name of the key-value store holding exits not yet decided. */
    public static final String STORE = "tracking-pending-exits";

    /** Zero-padded exit time then EPC: string order is time order. */
    public static String key(long exitedAtMillis, String epc) {
        return String.format("%015d:%s", Math.max(0, exitedAtMillis), epc);
    }

    public String key() {
        return key(exitedAtMillis, epc);
    }
}
