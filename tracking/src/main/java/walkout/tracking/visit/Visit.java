package walkout.tracking.visit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import walkout.events.BasketLine;
import walkout.tracking.item.TravelSegment;

/**
 * One shopper's visit from entry until its basket closes, kept in {@link #STORE} keyed by visit id. Immutable.
 * Times are event-time epoch milliseconds, {@link #NONE} when unknown.
 *
 * <p>Entering is not leaving: in many stores the entry gate stands in the exit zone, so a phone hears the exit beacon
 * as its shopper walks in. Exit sightings count only once the phone has been heard on the floor (a non-exit zone):
 * before that they neither put the visit at the exit nor make it a candidate for anyone's item. The visit is at the
 * exit when, after that, its latest exit-zone sighting is later than its latest sighting anywhere else; a later
 * sighting inside means the shopper went back in. Exit sightings are kept with their RSSI (the most recent
 * {@link #MAX_EXIT_SIGHTINGS}, oldest first) because items are attributed by how close they are to an item's exit:
 * the exit beacon hangs at the portal, so a phone hears it loudest as it passes through ({@link #exitPassMillis}).
 *
 * @param trail              zones in the order the phone heard their beacons, repeats collapsed, last
 *                           {@link #MAX_TRAIL} kept
 * @param trailSinceMillis   when the phone first heard each {@code trail} zone's beacon (same length)
 * @param exitSightingsMillis exit-zone sightings, ascending
 * @param exitSightingsRssiDbm the RSSI of each exit sighting (same length), {@link #UNKNOWN_RSSI_DBM} for sightings
 *                           stored before RSSI was kept (a stored visit without the field gets that for each)
 * @param supersededAtMillis when the customer entered again with this visit still open, else NONE
 * @param lines              items attributed to this visit so far, at most one per EPC
 * @param firstInsideMillis  the phone's first sighting of a floor (non-exit) zone, null before it (and in visits
 *                           stored before it was kept: then {@link #insideSinceMillis()} treats an inside sighting
 *                           as older than any exit sighting)
 * @param itemsLeftAtMillis  when the latest item attributed to this visit left, null before any: items leaving with a
 *                           shopper are evidence the shopper left, even when the phone missed the exit beacon
 */
public record Visit(String storeId, String visitId, String customerId, long enteredAtMillis, List<String> trail,
                    List<Long> trailSinceMillis, List<Long> exitSightingsMillis, List<Integer> exitSightingsRssiDbm,
                    long lastExitMillis,
                    long lastInsideMillis, long supersededAtMillis, List<BasketLine> lines, Long firstInsideMillis,
                    Long itemsLeftAtMillis) {
    /** Name of the key-value store holding open visits. */
    public static final String STORE = "tracking-visits";
    /** Name of the key-value store from customer id to that customer's open visit id. */
    public static final String BY_CUSTOMER_STORE = "tracking-open-visit-by-customer";
    public static final long NONE = -1L;
    public static final int MAX_TRAIL = 64;
    public static final int MAX_EXIT_SIGHTINGS = 32;
    /** RSSI of an exit sighting stored before RSSI was kept: it takes no part in a pass estimate. */
    public static final int UNKNOWN_RSSI_DBM = Integer.MIN_VALUE;
    /** Exit sightings of known RSSI near an item's exit that {@link #exitPassMillis} needs. */
    public static final int MIN_PASS_SIGHTINGS = 3;
    /** How many of the strongest exit sightings {@link #exitPassMillis} takes the centre of. */
    public static final int PASS_STRONGEST = 3;

    public Visit {
        trail = List.copyOf(trail);
        trailSinceMillis = trailSinceMillis == null ? List.of() : List.copyOf(trailSinceMillis);
        exitSightingsMillis = List.copyOf(exitSightingsMillis);
        if (exitSightingsRssiDbm == null || exitSightingsRssiDbm.size() != exitSightingsMillis.size()) {
            exitSightingsRssiDbm = Collections.nCopies(exitSightingsMillis.size(), UNKNOWN_RSSI_DBM);
        }
        exitSightingsRssiDbm = List.copyOf(exitSightingsRssiDbm);
        lines = List.copyOf(lines);
    }

    public static Visit entered(String storeId, String visitId, String customerId, long atMillis) {
        return new Visit(storeId, visitId, customerId, atMillis, List.of(), List.of(), List.of(), List.of(), NONE,
                NONE, NONE, List.of(), null, null);
    }

    /**
     * True while the latest sign of this visit is of leaving, after the phone was heard on the floor: an exit-zone
     * sighting, or an item attributed to it leaving, later than any floor sighting.
     */
    public boolean atExit() {
        return lastInsideMillis != NONE && leftAtMillis() != NONE && leftAtMillis() > lastInsideMillis;
    }

    /**
     * The sign of leaving its basket closes after: its latest exit sighting when that is later than any floor
     * sighting, else the latest exit of an item of its basket (the phone missed the exit beacon), else NONE.
     */
    public long leftAtMillis() {
        if (lastExitMillis != NONE && lastExitMillis > lastInsideMillis) {
            return lastExitMillis;
        }
        return itemsLeftAtMillis == null ? NONE : itemsLeftAtMillis;
    }

    /**
     * Since when exit sightings count as leaving: the first floor sighting; {@link Long#MIN_VALUE} for a visit stored
     * before that was kept that has been heard on the floor; NONE while never heard on the floor.
     */
    public long insideSinceMillis() {
        if (firstInsideMillis != null) {
            return firstInsideMillis;
        }
        return lastInsideMillis == NONE ? NONE : Long.MIN_VALUE;
    }

    /** True when exit sighting {@code i} was made after the phone had been heard on the floor. */
    private boolean leavingSighting(int i) {
        long since = insideSinceMillis();
        return since != NONE && exitSightingsMillis.get(i) >= since;
    }

    /** Indexes, in time order, of the leaving exit sightings within {@code spanMs} of {@code atMillis}. */
    private List<Integer> leavingSightingsNear(long atMillis, long spanMs) {
        List<Integer> near = new ArrayList<>();
        for (int i = 0; i < exitSightingsMillis.size(); i++) {
            if (leavingSighting(i) && Math.abs(exitSightingsMillis.get(i) - atMillis) <= spanMs) {
                near.add(i);
            }
        }
        return near;
    }

    /** True when the basket already has a line for {@code epc}. */
    public boolean hasLine(String epc) {
        return lines.stream().anyMatch(line -> line.epc().equals(epc));
    }

    /** The latest time anything was heard of this visit: its entry or its latest sighting. */
    public long lastHeardMillis() {
        return Math.max(enteredAtMillis, lastSightingMillis());
    }

    /** The latest sighting of its phone anywhere, or NONE. */
    public long lastSightingMillis() {
        return Math.max(lastExitMillis, lastInsideMillis);
    }

    /** The phone heard a beacon of {@code zone} at {@code atMillis}, at {@code rssiDbm}. */
    public Visit onSighting(String zone, long atMillis, int rssiDbm, String exitZone) {
        List<String> nextTrail = trail;
        List<Long> nextSince = trailSinceMillis;
        if (trail.isEmpty() || !trail.get(trail.size() - 1).equals(zone)) {
            nextTrail = new ArrayList<>(trail);
            nextTrail.add(zone);
            nextSince = new ArrayList<>(trailSinceMillis);
            nextSince.add(atMillis);
            if (nextTrail.size() > MAX_TRAIL) {
                nextTrail = nextTrail.subList(nextTrail.size() - MAX_TRAIL, nextTrail.size());
                nextSince = nextSince.subList(nextSince.size() - MAX_TRAIL, nextSince.size());
            }
        }
        if (!zone.equals(exitZone)) {
            return new Visit(storeId, visitId, customerId, enteredAtMillis, nextTrail, nextSince, exitSightingsMillis,
                    exitSightingsRssiDbm, lastExitMillis, Math.max(lastInsideMillis, atMillis), supersededAtMillis,
                    lines, firstInsideMillis == null ? atMillis : Math.min(firstInsideMillis, atMillis),
                    itemsLeftAtMillis);
        }
        List<Long> sightings = new ArrayList<>(exitSightingsMillis);
        List<Integer> rssis = new ArrayList<>(exitSightingsRssiDbm);
        int at = Collections.binarySearch(sightings, atMillis);
        if (at < 0) {
            sightings.add(-at - 1, atMillis);
            rssis.add(-at - 1, rssiDbm);
        }
        if (sightings.size() > MAX_EXIT_SIGHTINGS) {
            sightings = sightings.subList(sightings.size() - MAX_EXIT_SIGHTINGS, sightings.size());
            rssis = rssis.subList(rssis.size() - MAX_EXIT_SIGHTINGS, rssis.size());
        }
        return new Visit(storeId, visitId, customerId, enteredAtMillis, nextTrail, nextSince, sightings, rssis,
                Math.max(lastExitMillis, atMillis), lastInsideMillis, supersededAtMillis, lines, firstInsideMillis,
                itemsLeftAtMillis);
    }

    /**
     * When the phone most likely passed the exit portal near {@code atMillis}, or NONE when fewer than
     * {@link #MIN_PASS_SIGHTINGS} exit sightings of known RSSI lie within {@code spanMs} of it: the centre of the
     * {@link #PASS_STRONGEST} strongest of those sightings, each weighted by its received power (milliwatts, not dB).
     *
     * <p>Why not simply the strongest: with a sighting every half second and a few dB of noise, a neighbour of the
     * peak often comes out on top, and the estimate jumps by a whole period. Weighting the strongest three by power
     * keeps the peak in charge but lets its neighbours pull the estimate between them; in the simulator's portal it
     * halves the error at the 90th percentile (about 370 ms against 570 ms) and makes a family member's item go to
     * the wrong one about 16 times less often.
     */
    public long exitPassMillis(long atMillis, long spanMs) {
        List<Integer> near = leavingSightingsNear(atMillis, spanMs);
        near.removeIf(i -> exitSightingsRssiDbm.get(i) == UNKNOWN_RSSI_DBM);
        if (near.size() < MIN_PASS_SIGHTINGS) {
            return NONE;
        }
        // Strongest first; equal RSSI keeps time order, so the estimate does not depend on arrival order.
        near.sort((a, b) -> Integer.compare(exitSightingsRssiDbm.get(b), exitSightingsRssiDbm.get(a)));
        int strongest = exitSightingsRssiDbm.get(near.get(0));
        double weights = 0;
        double weighted = 0;
        for (int i : near.subList(0, Math.min(PASS_STRONGEST, near.size()))) {
            double weight = Math.pow(10, (exitSightingsRssiDbm.get(i) - strongest) / 10.0);
            weights += weight;
            weighted += weight * (exitSightingsMillis.get(i) - atMillis);
        }
        return atMillis + Math.round(weighted / weights);
    }

    /**
     * True when the phone reported the exit beacon, after being heard on the floor, from {@code fromMillis} up to
     * (not including) {@code untilMillis}.
     */
    public boolean heardAtExitBetween(long fromMillis, long untilMillis) {
        for (int i = 0; i < exitSightingsMillis.size(); i++) {
            long at = exitSightingsMillis.get(i);
            if (leavingSighting(i) && at >= fromMillis && at < untilMillis) {
                return true;
            }
        }
        return false;
    }

    /**
     * How often the phone reported the exit beacon around {@code atMillis}: the median gap between its leaving exit
     * sightings within {@code spanMs} of it, or NONE with fewer than two. A sighting only says the phone was there
     * somewhere within that gap, so timing finer than half of it means nothing.
     */
    public long exitSightingGapMs(long atMillis, long spanMs) {
        List<Integer> near = leavingSightingsNear(atMillis, spanMs);
        if (near.size() < 2) {
            return NONE;
        }
        List<Long> gaps = new ArrayList<>();
        for (int k = 1; k < near.size(); k++) {
            gaps.add(exitSightingsMillis.get(near.get(k)) - exitSightingsMillis.get(near.get(k - 1)));
        }
        Collections.sort(gaps);
        return gaps.get(gaps.size() / 2);
    }

    /**
     * The exit sighting closest in time to {@code atMillis} among those made after the phone was heard on the floor,
     * or NONE when there is none.
     */
    public long closestExitSighting(long atMillis) {
        long best = NONE;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < exitSightingsMillis.size(); i++) {
            if (!leavingSighting(i)) {
                continue;
            }
            long sighting = exitSightingsMillis.get(i);
            long distance = Math.abs(sighting - atMillis);
            if (distance < bestDistance) {
                best = sighting;
                bestDistance = distance;
            }
        }
        return best;
    }

    /**
     * How far the item's carried reads travelled with this visit, 0 to 1: each segment counts by its reads, times the
     * share of its time span the visit spent in the segment's zone (each stay widened by {@code toleranceMs} on both
     * sides, since sightings come late and drop out).
     */
    public double coTravel(List<TravelSegment> travel, long toleranceMs) {
        long total = 0;
        double matched = 0;
        for (TravelSegment segment : travel) {
            total += segment.reads();
            matched += segment.reads() * shareInZone(segment, toleranceMs);
        }
        return total == 0 ? 0.0 : matched / total;
    }

    /** The zones of {@code travel} this visit was in at the time, in travel order, without repeats. */
    public List<String> sharedZones(List<TravelSegment> travel, long toleranceMs) {
        List<String> zones = new ArrayList<>();
        for (TravelSegment segment : travel) {
            if (shareInZone(segment, toleranceMs) > 0 && !zones.contains(segment.zone())) {
                zones.add(segment.zone());
            }
        }
        return zones;
    }

    private double shareInZone(TravelSegment segment, long toleranceMs) {
        long spanMs = segment.lastMillis() - segment.firstMillis();
        double covered = 0;
        // A visit stored before trail times existed has none: it cannot show co-travel.
        for (int i = 0; i < trail.size() && i < trailSinceMillis.size(); i++) {
            if (!trail.get(i).equals(segment.zone())) {
                continue;
            }
            long from = trailSinceMillis.get(i) - toleranceMs;
            long until = i + 1 < trailSinceMillis.size() ? trailSinceMillis.get(i + 1) + toleranceMs : Long.MAX_VALUE;
            if (spanMs == 0) {
                if (segment.firstMillis() >= from && segment.firstMillis() <= until) {
                    return 1.0;
                }
                continue;
            }
            long overlap = Math.min(until, segment.lastMillis()) - Math.max(from, segment.firstMillis());
            if (overlap > 0) {
                covered += overlap;
            }
        }
        return spanMs == 0 ? 0.0 : Math.min(1.0, covered / spanMs);
    }

    /**
     * When this visit's basket closes: {@code basketGraceMs} after its last exit sighting while at the exit, or after
     * its customer entered again; otherwise {@code timeoutMs} after anything was last heard of it (see
     * {@link #closesByTimeout()}).
     */
    public long closesAtMillis(long basketGraceMs, long timeoutMs) {
        if (atExit()) {
            return leftAtMillis() + basketGraceMs;
        }
        if (supersededAtMillis != NONE) {
            return supersededAtMillis + basketGraceMs;
        }
        return lastHeardMillis() + timeoutMs;
    }

    /** True when only the time-out can close this visit: it is neither at the exit nor superseded. */
    public boolean closesByTimeout() {
        return !atExit() && supersededAtMillis == NONE;
    }

    public Visit supersededAt(long atMillis) {
        return new Visit(storeId, visitId, customerId, enteredAtMillis, trail, trailSinceMillis, exitSightingsMillis,
                exitSightingsRssiDbm, lastExitMillis, lastInsideMillis, atMillis, lines, firstInsideMillis,
                itemsLeftAtMillis);
    }

    /** This visit without the line for {@code epc} (the item came back inside). */
    public Visit withoutLine(String epc) {
        List<BasketLine> next = lines.stream().filter(line -> !line.epc().equals(epc)).toList();
        return new Visit(storeId, visitId, customerId, enteredAtMillis, trail, trailSinceMillis, exitSightingsMillis,
                exitSightingsRssiDbm, lastExitMillis, lastInsideMillis, supersededAtMillis, next, firstInsideMillis,
                itemsLeftAtMillis);
    }

    /** This visit with {@code line} added; this same visit when it already has a line for that EPC (never twice). */
    public Visit withLine(BasketLine line) {
        if (hasLine(line.epc())) {
            return this;
        }
        List<BasketLine> next = new ArrayList<>(lines);
        next.add(line);
        return new Visit(storeId, visitId, customerId, enteredAtMillis, trail, trailSinceMillis, exitSightingsMillis,
                exitSightingsRssiDbm, lastExitMillis, lastInsideMillis, supersededAtMillis, next, firstInsideMillis,
                itemsLeftAtMillis == null ? line.exitedAtMillis()
                        : Math.max(itemsLeftAtMillis, line.exitedAtMillis()));
    }
}
