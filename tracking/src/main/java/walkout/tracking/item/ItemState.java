package walkout.tracking.item;

import java.util.ArrayList;
import java.util.List;

/**
 * What tracking knows about one EPC, kept in {@link #STORE} keyed by EPC (upper-case hex). Immutable: every
 * {@code on*} method returns the next state. Times are event-time epoch milliseconds, {@link #NONE} when unknown.
 *
 * <p>Life: on the floor (resting on a shelf of {@code zone}) -> moving (floor antennas read it weaker than a shelf
 * read: someone carries it, and {@code travel} records where and when) -> exited -> sold; a floor read after its exit
 * (or a pass through the portal inwards) brings an exited item back inside. A refund turns a sold item into a returned
 * one, which the next floor read puts back on the floor (or moving).
 *
 * <p>Carried or resting: a reader's RSSI bands for the two overlap in real stores (a tag in a hand near an antenna is
 * as loud as one on a far shelf), so one shelf-strength read does not end a carry. A moving item settles on a shelf
 * only when a shelf-strength read comes {@code settleMs} or more after its last carried read; a shelf-strength read
 * sooner than that is taken as one more carried read. Exits are decided per portal pass ({@link PortalPass},
 * {@link ItemExits}), never here.
 *
 * @param gtin              GTIN-14 decoded from the SGTIN-96 EPC
 * @param zone              last zone a non-portal antenna read it in, null before the first such read
 * @param zoneAtMillis      when it was read there
 * @param reads             every read of the item (sum of the smoothed records' seen counts)
 * @param passEndMillis     the last portal read of the pass of its latest exit; floor reads up to it do not bring it
 *                          back inside
 * @param exitInnerMillis   the last inner read of the latest exit's pass
 * @param exitedAtMillis    when it crossed the portal on its latest exit
 * @param attributedVisitId the visit whose basket holds the item since its latest exit, or null
 * @param travel            where it was read carried since it last rested on a shelf, oldest first, the most recent
 *                          {@link #MAX_TRAVEL} segments
 * @param shelfRssiCdbm     smoothed RSSI of the shelf reads that placed or confirmed it in {@code zone}, null when
 *                          unknown; what a read elsewhere must beat under the {@link MobilityProfile}
 * @param lastCarriedMillis the latest read weaker than a shelf read (carried), NONE when none since it last rested;
 *                          what {@code settleMs} counts from
 */
public record ItemState(String storeId, String epc, String gtin, String zone, long zoneAtMillis, ItemStatus status,
                        long reads, long passEndMillis, long exitInnerMillis, long exitedAtMillis,
                        String attributedVisitId, List<TravelSegment> travel, Integer shelfRssiCdbm,
                        long lastCarriedMillis) {
    /** Name of the key-value store holding item states. */
    public static final String STORE = "tracking-items";
    public static final long NONE = -1L;
    public static final int MAX_TRAVEL = 32;

    public ItemState {
        travel = travel == null ? List.of() : List.copyOf(travel);
    }

    /** An item seen for the first time: on the floor, nowhere yet. */
    public static ItemState first(String storeId, String epc, String gtin) {
        return new ItemState(storeId, epc, gtin, null, NONE, ItemStatus.ON_FLOOR, 0, NONE, NONE, NONE, null,
                List.of(), null, NONE);
    }

    public ItemState withReads(int seenCount) {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads + Math.max(1, seenCount),
                passEndMillis, exitInnerMillis, exitedAtMillis, attributedVisitId, travel, shelfRssiCdbm,
                lastCarriedMillis);
    }

    /** A shelf-strength read by a floor antenna: see {@link #onFloorRead(String, long, boolean)}. */
    public ItemState onFloorRead(String readZone, long atMillis) {
        return onFloorRead(readZone, atMillis, false);
    }

    /**
     * A shelf or aisle antenna read it. A strong read means it rests on a shelf of {@code readZone}; a weak one
     * ({@code carried}) means someone carries it there: it is moving, and the read extends its travel. An exited item
     * read inside after its exit's pass came back: it is in the store again and no longer in any basket (see
     * {@link #returned(ItemState)}). A sold item stays sold.
     */
    public ItemState onFloorRead(String readZone, long atMillis, boolean carried) {
        if (readZone == null || atMillis < zoneAtMillis) {
            return this;
        }
        boolean back = status == ItemStatus.EXITED && atMillis > Math.max(exitedAtMillis, passEndMillis);
        if (status == ItemStatus.EXITED && !back) {
            return this;
        }
        ItemStatus next = status == ItemStatus.SOLD ? ItemStatus.SOLD
                : carried ? ItemStatus.MOVING : ItemStatus.ON_FLOOR;
        // Back inside after an exit, the item starts a new journey: the old one ended at the portal.
        List<TravelSegment> nextTravel = !carried ? List.of()
                : back ? List.of(new TravelSegment(readZone, atMillis, atMillis, 1)) : travelPlus(readZone, atMillis);
        long carriedAt = !carried ? NONE : back ? atMillis : Math.max(lastCarriedMillis, atMillis);
        return new ItemState(storeId, epc, gtin, readZone, atMillis, next, reads, passEndMillis, exitInnerMillis,
                exitedAtMillis, back ? null : attributedVisitId, nextTravel, shelfRssiCdbm, carriedAt);
    }

    /**
     * A shelf-strength read by a floor antenna. A moving item read at shelf strength less than {@code settleMs} after
     * its last carried read is still carried (see the type's Javadoc). Otherwise, under the mobility profile: an item
     * resting on a shelf of another zone moves only when this read beats that shelf's RSSI by the profile's offset for
     * the time since the shelf last confirmed it; otherwise nothing changes (a neighbouring shelf hears it). A read in
     * its own zone confirms it there and folds into the shelf RSSI (3/4 old, 1/4 new). Any other item is placed as by
     * {@link #onFloorRead(String, long)}.
     */
    public ItemState onShelfRead(String readZone, long atMillis, int rssiCdbm, MobilityProfile mobility,
                                 long settleMs) {
        if (status == ItemStatus.MOVING && lastCarriedMillis != NONE && atMillis - lastCarriedMillis < settleMs) {
            // Loud in a hand, but not a carried (weak) read: the settle time still counts from the last weak one.
            return onFloorRead(readZone, atMillis, true).withLastCarriedMillis(lastCarriedMillis);
        }
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
                passEndMillis, exitInnerMillis, exitedAtMillis, placed.attributedVisitId, placed.travel, shelfRssi,
                placed.lastCarriedMillis);
    }

    /**
     * The item went out through the portal in a pass that ended at {@code passEndMillis}: it is EXITED (SOLD stays
     * SOLD) and in no basket yet.
     */
    public ItemState exited(long exitInnerMillis, long exitedAtMillis, long passEndMillis) {
        ItemStatus next = status == ItemStatus.SOLD ? ItemStatus.SOLD : ItemStatus.EXITED;
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, next, reads, passEndMillis, exitInnerMillis,
                exitedAtMillis, null, travel, shelfRssiCdbm, lastCarriedMillis);
    }

    /**
     * The item came in through the portal (a pass inwards) at {@code atMillis}: an exited item is inside again,
     * carried, and no longer in any basket; any other status is kept.
     */
    public ItemState cameIn(long atMillis) {
        if (status != ItemStatus.EXITED) {
            return this;
        }
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, ItemStatus.MOVING, reads, atMillis,
                exitInnerMillis, exitedAtMillis, null, List.of(), shelfRssiCdbm, atMillis);
    }

    /** True when {@code before} had left and this state is back inside: its exit no longer stands. */
    public boolean returned(ItemState before) {
        return before != null && before.status == ItemStatus.EXITED
                && (status == ItemStatus.ON_FLOOR || status == ItemStatus.MOVING);
    }

    public ItemState attributedTo(String visitId) {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, passEndMillis, exitInnerMillis,
                exitedAtMillis, visitId, travel, shelfRssiCdbm, lastCarriedMillis);
    }

    /**
     * Billing refunded the sold item: it is RETURNED, the store's again, and its next floor read puts it back on the
     * floor. Any other status is kept (a repeated or stale refund event changes nothing).
     */
    public ItemState refunded() {
        if (status != ItemStatus.SOLD) {
            return this;
        }
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, ItemStatus.RETURNED, reads, passEndMillis,
                exitInnerMillis, exitedAtMillis, null, travel, null, lastCarriedMillis);
    }

    public ItemState sold() {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, ItemStatus.SOLD, reads, passEndMillis,
                exitInnerMillis, exitedAtMillis, attributedVisitId, travel, shelfRssiCdbm, lastCarriedMillis);
    }

    private ItemState withLastCarriedMillis(long carriedMillis) {
        return new ItemState(storeId, epc, gtin, zone, zoneAtMillis, status, reads, passEndMillis, exitInnerMillis,
                exitedAtMillis, attributedVisitId, travel, shelfRssiCdbm, carriedMillis);
    }

    /** When a floor antenna last read it: its zone read or its latest carried read, NONE when never. */
    public long lastFloorReadMillis() {
        long carried = travel.isEmpty() ? NONE : travel.get(travel.size() - 1).lastMillis();
        return Math.max(zoneAtMillis, carried);
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
