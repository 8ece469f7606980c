package walkout.tracking.item;

/**
 * What tracking knows about one EPC, kept in {@link #STORE} keyed by EPC (upper-case hex). Immutable: every
 * {@code on*} method returns the next state. Times are event-time epoch milliseconds, {@link #NONE} when unknown.
 *
 * <p>Exit pairing: an inner portal read arms the item unless an outer read came just before it (then the item is
 * coming in); an outer read within the pair window after the armed inner read means the item left at the outer
 * read's time, and disarms it so the rest of the same pass changes nothing.
 *
 * @param gtin              GTIN-14 decoded from the SGTIN-96 EPC
 * @param zone              last zone a non-portal antenna read it in, null before the first such read
 * @param zoneAtMillis      when it was read there
 * @param reads             every read of the item (sum of the smoothed records' seen counts)
 * @param armedInnerMillis  the inner read that could pair with an outer read, or NONE
 * @param lastOuterMillis   the latest outer read
 * @param exitInnerMillis   the inner read of the latest exit
 * @param exitedAtMillis    the outer read of the latest exit
 * @param attributedVisitId the visit whose basket holds the item since its latest exit, or null
 */
public record ItemState(String storeId, String epc, String gtin, String zone, long zoneAtMillis, ItemStatus status,
                        long reads, long armedInnerMillis, long lastOuterMillis, long exitInnerMillis,
                        long exitedAtMillis, String attributedVisitId) {
    /** Name of the key-value store holding item states. */
    public static final String STORE = "tracking-items";
    public static final long NONE = -1L;

    /** An item seen for the first time: on the floor, nowhere yet. */
    public static ItemState first(String storeId, String epc, String gtin) {
        return new ItemState(storeId, epc, gtin, null, NONE, ItemStatus.ON_FLOOR, 0, NONE, NONE, NONE, NONE, null);
    }

    public ItemState withReads(int seenCount) {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads + Math.max(1, seenCount),
                armedInnerMillis, lastOuterMillis, exitInnerMillis, exitedAtMillis, attributedVisitId);
    }

    /**
     * A shelf or aisle antenna read it: that is its zone now. An exited item read inside after its exit came back:
     * it is on the floor again and no longer in any basket (see {@link #returned(ItemState)}).
     */
    public ItemState onFloorRead(String readZone, long atMillis) {
        if (readZone == null || atMillis < zoneAtMillis) {
            return this;
        }
        boolean back = status == ItemStatus.EXITED && atMillis > exitedAtMillis;
        return new ItemState(storeId, epc, gtin, readZone, atMillis, back ? ItemStatus.ON_FLOOR : status, reads,
                armedInnerMillis, lastOuterMillis, exitInnerMillis, exitedAtMillis, back ? null : attributedVisitId);
    }

    /** The inner portal antenna read it; it arms an exit unless an outer read just before says it is coming in. */
    public ItemState onInnerRead(long atMillis, long pairWindowMs) {
        boolean comingIn = lastOuterMillis != NONE && atMillis >= lastOuterMillis
                && atMillis - lastOuterMillis <= pairWindowMs;
        long armed = comingIn ? NONE : Math.max(atMillis, armedInnerMillis);
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, armed, lastOuterMillis,
                exitInnerMillis, exitedAtMillis, attributedVisitId);
    }

    /**
     * The outer portal antenna read it. When this pairs with the armed inner read the item left now: the result has
     * {@link #exitedAtMillis()} equal to {@code atMillis} and is EXITED (SOLD stays SOLD).
     */
    public ItemState onOuterRead(long atMillis, long pairWindowMs) {
        long outer = Math.max(atMillis, lastOuterMillis);
        if (armedInnerMillis != NONE && atMillis >= armedInnerMillis && atMillis - armedInnerMillis <= pairWindowMs) {
            ItemStatus next = status == ItemStatus.SOLD ? ItemStatus.SOLD : ItemStatus.EXITED;
            return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, next, reads, NONE, outer, armedInnerMillis,
                    atMillis, null);
        }
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, armedInnerMillis, outer,
                exitInnerMillis, exitedAtMillis, attributedVisitId);
    }

    /** True when {@code before} had left and this state is back inside: its exit no longer stands. */
    public boolean returned(ItemState before) {
        return before != null && before.status == ItemStatus.EXITED && status == ItemStatus.ON_FLOOR;
    }

    public ItemState attributedTo(String visitId) {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, armedInnerMillis,
                lastOuterMillis, exitInnerMillis, exitedAtMillis, visitId);
    }

    public ItemState sold() {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, ItemStatus.SOLD, reads, armedInnerMillis,
                lastOuterMillis, exitInnerMillis, exitedAtMillis, attributedVisitId);
    }
}
