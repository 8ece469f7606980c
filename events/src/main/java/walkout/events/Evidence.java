package walkout.events;

import java.util.List;

/**
 * Why a line was attributed to a visit, kept on the basket for the receipt and the dashboard.
 *
 * @param reads       reads of the item that supported the attribution
 * @param zones       zones where the item was read travelling with the visit
 * @param exitInnerMillis when the exit portal's inner antenna last saw the item
 * @param exitOuterMillis when the exit portal's outer antenna first saw it after that
 * @param visitExitMillis when the visit was seen at the exit: {@code phonePassedMillis} when known, else its exit
 *                        sighting closest to the item's exit
 * @param score       the winning visit's score
 * @param margin      how far the winner beat the runner-up (the score itself when there was none)
 * @param phonePassedMillis when the visit's phone passed the exit portal, estimated from the exit beacon's RSSI, when
 *                    the exit was timed by it; null when it was timed by the closest exit sighting (or by an older
 *                    tracking)
 */
public record Evidence(int reads, List<String> zones, long exitInnerMillis, long exitOuterMillis,
                       long visitExitMillis, double score, double margin, Long phonePassedMillis) {
    public Evidence {
        zones = List.copyOf(zones);
    }

    /** Evidence of an exit timed by the visit's closest exit sighting. */
    public Evidence(int reads, List<String> zones, long exitInnerMillis, long exitOuterMillis, long visitExitMillis,
                    double score, double margin) {
        this(reads, zones, exitInnerMillis, exitOuterMillis, visitExitMillis, score, margin, null);
    }
}
