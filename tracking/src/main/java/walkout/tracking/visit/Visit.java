package walkout.tracking.visit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import walkout.events.BasketLine;

/**
 * One shopper's visit from entry until its basket closes, kept in {@link #STORE} keyed by visit id. Immutable.
 * Times are event-time epoch milliseconds, {@link #NONE} when unknown.
 *
 * <p>The visit is at the exit when its latest exit-zone sighting is later than its latest sighting anywhere else;
 * a later sighting inside means the shopper went back in. Exit sightings are kept (the most recent
 * {@link #MAX_EXIT_SIGHTINGS}, oldest first) because items are attributed by how close they are to an item's exit.
 *
 * @param trail              zones in the order the phone heard their beacons, repeats collapsed, last
 *                           {@link #MAX_TRAIL} kept
 * @param exitSightingsMillis exit-zone sightings, ascending
 * @param supersededAtMillis when the customer entered again with this visit still open, else NONE
 * @param lines              items attributed to this visit so far
 */
public record Visit(String storeId, String visitId, String customerId, long enteredAtMillis, List<String> trail,
                    List<Long> exitSightingsMillis, long lastExitMillis, long lastInsideMillis,
                    long supersededAtMillis, List<BasketLine> lines) {
    /** Name of the key-value store holding open visits. */
    public static final String STORE = "tracking-visits";
    /** Name of the key-value store from customer id to that customer's open visit id. */
    public static final String BY_CUSTOMER_STORE = "tracking-open-visit-by-customer";
    public static final long NONE = -1L;
    public static final int MAX_TRAIL = 64;
    public static final int MAX_EXIT_SIGHTINGS = 32;

    public Visit {
        trail = List.copyOf(trail);
        exitSightingsMillis = List.copyOf(exitSightingsMillis);
        lines = List.copyOf(lines);
    }

    public static Visit entered(String storeId, String visitId, String customerId, long atMillis) {
        return new Visit(storeId, visitId, customerId, atMillis, List.of(), List.of(), NONE, NONE, NONE, List.of());
    }

    /** True while the latest sighting is in the exit zone. */
    public boolean atExit() {
        return lastExitMillis != NONE && lastExitMillis > lastInsideMillis;
    }

    /** The phone heard a beacon of {@code zone} at {@code atMillis}. */
    public Visit onSighting(String zone, long atMillis, String exitZone) {
        List<String> nextTrail = trail;
        if (trail.isEmpty() || !trail.get(trail.size() - 1).equals(zone)) {
            nextTrail = new ArrayList<>(trail);
            nextTrail.add(zone);
            if (nextTrail.size() > MAX_TRAIL) {
                nextTrail = nextTrail.subList(nextTrail.size() - MAX_TRAIL, nextTrail.size());
            }
        }
        if (!zone.equals(exitZone)) {
            return new Visit(storeId, visitId, customerId, enteredAtMillis, nextTrail, exitSightingsMillis,
                    lastExitMillis, Math.max(lastInsideMillis, atMillis), supersededAtMillis, lines);
        }
        List<Long> sightings = new ArrayList<>(exitSightingsMillis);
        int at = Collections.binarySearch(sightings, atMillis);
        if (at < 0) {
            sightings.add(-at - 1, atMillis);
        }
        if (sightings.size() > MAX_EXIT_SIGHTINGS) {
            sightings = sightings.subList(sightings.size() - MAX_EXIT_SIGHTINGS, sightings.size());
        }
        return new Visit(storeId, visitId, customerId, enteredAtMillis, nextTrail, sightings,
                Math.max(lastExitMillis, atMillis), lastInsideMillis, supersededAtMillis, lines);
    }

    /** The exit sighting closest in time to {@code atMillis}, or NONE when there is none. */
    public long closestExitSighting(long atMillis) {
        long best = NONE;
        long bestDistance = Long.MAX_VALUE;
        for (long sighting : exitSightingsMillis) {
            long distance = Math.abs(sighting - atMillis);
            if (distance < bestDistance) {
                best = sighting;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** When this visit's basket closes given the grace, or NONE while it is neither at the exit nor superseded. */
    public long closesAtMillis(long basketGraceMs) {
        if (atExit()) {
            return lastExitMillis + basketGraceMs;
        }
        if (supersededAtMillis != NONE) {
            return supersededAtMillis + basketGraceMs;
        }
        return NONE;
    }

    public Visit supersededAt(long atMillis) {
        return new Visit(storeId, visitId, customerId, enteredAtMillis, trail, exitSightingsMillis, lastExitMillis,
                lastInsideMillis, atMillis, lines);
    }

    /** This visit without the line for {@code epc} (the item came back inside). */
    public Visit withoutLine(String epc) {
        List<BasketLine> next = lines.stream().filter(line -> !line.epc().equals(epc)).toList();
        return new Visit(storeId, visitId, customerId, enteredAtMillis, trail, exitSightingsMillis, lastExitMillis,
                lastInsideMillis, supersededAtMillis, next);
    }

    public Visit withLine(BasketLine line) {
        List<BasketLine> next = new ArrayList<>(lines);
        next.add(line);
        return new Visit(storeId, visitId, customerId, enteredAtMillis, trail, exitSightingsMillis, lastExitMillis,
                lastInsideMillis, supersededAtMillis, next);
    }
}
