package walkout.tracking.item;

import java.util.ArrayList;
import java.util.List;

/**
 * What tracking knows about one EPC, kept in {@link #STORE} keyed by EPC (upper-case hex). Immutable: every
 * {@code on*} method returns the next state. Times are event-time epoch milliseconds, {@link #NONE} when unknown.
 *
 * <p>Life: on the floor (resting on a shelf of {@code zone}) -> moving (floor antennas read it weaker than a shelf
 * read: someone carries it, and {@code travel} records where and when) -> exited -> sold; a strong floor read puts
 * it back on a shelf (the travel is forgotten), and an exited item read inside again is back in the store. A refund
 * turns a sold item into a returned one, which the next floor read puts back on the floor (or moving).
 *
 * <p>Exit pairing: an inner portal read arms the item unless an outer read came just before it (then the item is
 * coming in); an outer read within the pair window after the armed inner read means the item left at the outer
 * read's time, and disarms it so the rest of the same pass changes nothing. Portal reads below the RSSI floor never
 * get here (see {@code TagReadProcessor}).
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
 * @param travel            where it was read carried since it last rested on a shelf, oldest first, the most recent
 *                          {@link #MAX_TRAVEL} segments
 * @param shelfRssiCdbm     smoothed RSSI of the shelf reads that placed or confirmed it in {@code zone}, null when
 *                          unknown; what a read elsewhere must beat under the {@link MobilityProfile}
 * @param armedSinceMillis  the first inner read of the pass that armed the item (when it passed the inner antenna),
 *                          null when not armed or stored before this was kept
 */
public record ItemState(String storeId, String epc, String gtin, String zone, long zoneAtMillis, ItemStatus status,
                        long reads, long armedInnerMillis, long lastOuterMillis, long exitInnerMillis,
                        long exitedAtMillis, String attributedVisitId, List<TravelSegment> travel,
                        Integer shelfRssiCdbm, Long armedSinceMillis) {
    /** Name of the key-value store holding item states. */
    public static final String STORE = "tracking-items";
    public static final long NONE = -1L;
    public static final int MAX_TRAVEL = 32;

    public ItemState {
        travel = travel == null ? List.of() : List.copyOf(travel);
    }

    /** A state with no shelf RSSI yet: the next shelf-strength read anywhere places it. */
    public ItemState(String storeId, String epc, String gtin, String zone, long zoneAtMillis, ItemStatus status,
                     long reads, long armedInnerMillis, long lastOuterMillis, long exitInnerMillis,
                     long exitedAtMillis, String attributedVisitId, List<TravelSegment> travel) {
        this(storeId, epc, gtin, zone, zoneAtMillis, status, reads, armedInnerMillis, lastOuterMillis,
                exitInnerMillis, exitedAtMillis, attributedVisitId, travel, null, null);
    }

    /** An item seen for the first time: on the floor, nowhere yet. */
    public static ItemState first(String storeId, String epc, String gtin) {
        return new ItemState(storeId, epc, gtin, null, NONE, ItemStatus.ON_FLOOR, 0, NONE, NONE, NONE, NONE, null,
                List.of());
    }

    public ItemState withReads(int seenCount) {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads + Math.max(1, seenCount),
                armedInnerMillis, lastOuterMillis, exitInnerMillis, exitedAtMillis, attributedVisitId, travel,
                shelfRssiCdbm, armedSinceMillis);
    }

    /** A shelf-strength read by a floor antenna: see {@link #onFloorRead(String, long, boolean)}. */
    public ItemState onFloorRead(String readZone, long atMillis) {
        return onFloorRead(readZone, atMillis, false);
    }

    /**
     * A shelf or aisle antenna read it. A strong read means it rests on a shelf of {@code readZone}; a weak one
     * ({@code carried}) means someone carries it there: it is moving, and the read extends its travel. An exited item
     * read inside after its exit came back: it is in the store again and no longer in any basket (see
     * {@link #returned(ItemState)}). A sold item stays sold.
     */
    public ItemState onFloorRead(String readZone, long atMillis, boolean carried) {
        if (readZone == null || atMillis < zoneAtMillis) {
            return this;
        }
        boolean back = status == ItemStatus.EXITED && atMillis > exitedAtMillis;
        if (status == ItemStatus.EXITED && !back) {
            return this;
        }
        ItemStatus next = status == ItemStatus.SOLD ? ItemStatus.SOLD
                : carried ? ItemStatus.MOVING : ItemStatus.ON_FLOOR;
        // Back inside after an exit, the item starts a new journey: the old one ended at the portal.
        List<TravelSegment> nextTravel = !carried ? List.of()
                : back ? List.of(new TravelSegment(readZone, atMillis, atMillis, 1)) : travelPlus(readZone, atMillis);
        return new ItemState(storeId, epc, gtin, readZone, atMillis, next, reads, armedInnerMillis, lastOuterMillis,
                exitInnerMillis, exitedAtMillis, back ? null : attributedVisitId, nextTravel, shelfRssiCdbm,
                armedSinceMillis);
    }

    /**
     * A shelf-strength read by a floor antenna, under the mobility profile: an item resting on a shelf of another
     * zone moves only when this read beats that shelf's RSSI by the profile's offset for the time since the shelf
     * last confirmed it; otherwise nothing changes (a neighbouring shelf hears it). A read in its own zone confirms
     * it there and folds into the shelf RSSI (3/4 old, 1/4 new). Any other item is placed as by
     * {@link #onFloorRead(String, long)}.
     */
    public ItemState onShelfRead(String readZone, long atMillis, int rssiCdbm, MobilityProfile mobility) {
        boolean resting = status == ItemStatus.ON_FLOOR && zone != null && shelfRssiCdbm != null;
        boolean sameShelf = resting && zone.equals(readZone);
        if (resting && !sameShelf && atMillis >= zoneAtMillis
                && !mobility.moves(rssiCdbm, shelfRssiCdbm, atMillis - zoneAtMillis)) {
            return this;
        }
        ItemState placed = onFloorRead(readZone, atMillis, false);
        if (placed == this) {
            return this;
        }
        int shelfRssi = sameShelf ? (3 * shelfRssiCdbm + rssiCdbm) / 4 : rssiCdbm;
        return new ItemState(storeId, epc, gtin, placed.zone, placed.zoneAtMillis, placed.status, reads,
                armedInnerMillis, lastOuterMillis, exitInnerMillis, exitedAtMillis, placed.attributedVisitId,
                placed.travel, shelfRssi, armedSinceMillis);
    }

    /** The inner portal antenna read it; it arms an exit unless an outer read just before says it is coming in. */
    public ItemState onInnerRead(long atMillis, long pairWindowMs) {
        boolean comingIn = lastOuterMillis != NONE && atMillis >= lastOuterMillis
                && atMillis - lastOuterMillis <= pairWindowMs;
        long armed = comingIn ? NONE : Math.max(atMillis, armedInnerMillis);
        Long since;
        if (comingIn) {
            since = null;
        } else if (armedInnerMillis == NONE || atMillis - armedInnerMillis > pairWindowMs) {
            // Not armed, or armed by a pass that never paired: this read starts a new pass.
            since = atMillis;
        } else {
            // A state stored before the first inner read was kept knows only the latest.
            since = Math.min(atMillis, armedSinceMillis == null ? armedInnerMillis : armedSinceMillis);
        }
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, armed, lastOuterMillis,
                exitInnerMillis, exitedAtMillis, attributedVisitId, travel, shelfRssiCdbm, since);
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
                    atMillis, null, travel, shelfRssiCdbm, null);
        }
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, armedInnerMillis, outer,
                exitInnerMillis, exitedAtMillis, attributedVisitId, travel, shelfRssiCdbm,
                armedSinceMillis);
    }

    /** True when {@code before} had left and this state is back inside: its exit no longer stands. */
    public boolean returned(ItemState before) {
        return before != null && before.status == ItemStatus.EXITED
                && (status == ItemStatus.ON_FLOOR || status == ItemStatus.MOVING);
    }

    public ItemState attributedTo(String visitId) {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, armedInnerMillis,
                lastOuterMillis, exitInnerMillis, exitedAtMillis, visitId, travel, shelfRssiCdbm,
                armedSinceMillis);
    }

    /**
     * Billing refunded the sold item: it is RETURNED, the store's again, and its next floor read puts it back on the
     * floor. Any other status is kept (a repeated or stale refund event changes nothing).
     */
    public ItemState refunded() {
        if (status != ItemStatus.SOLD) {
            return this;
        }
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, ItemStatus.RETURNED, reads, armedInnerMillis,
                lastOuterMillis, exitInnerMillis, exitedAtMillis, null, travel);
    }

    public ItemState sold() {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, ItemStatus.SOLD, reads, armedInnerMillis,
                lastOuterMillis, exitInnerMillis, exitedAtMillis, attributedVisitId, travel, shelfRssiCdbm,
                armedSinceMillis);
    }

    private List<TravelSegment> travelPlus(String readZone, long atMillis) {
        List<TravelSegment> next = new ArrayList<>(travel);
        int last = next.size() - 1;
        if (last >= 0 && next.get(last).zone().equals(readZone)) {
            next.set(last, next.get(last).plus(atMillis));
        } else {
            next.add(new TravelSegment(readZone, atMillis, atMillis, 1));
        }
        return next.size() > MAX_TRAVEL ? next.subList(next.size() - MAX_TRAVEL, next.size()) : next;
    }
}
