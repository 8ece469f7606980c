package walkout.events;

import java.util.List;

/**
 * Why a line was attributed to a visit, kept on the basket for the receipt and the dashboard.
 *
 * @param reads       reads of the item that supported the attribution
 * @param zones       zones where the item was read travelling with the visit
 * @param exitInnerMillis when the exit portal's inner antenna last saw the item
 * @param exitOuterMillis when the exit portal's outer antenna first saw it after that
 * @param visitExitMillis when the visit was seen at the exit
 * @param score       the winning visit's score
 * @param margin      how far the winner beat the runner-up (the score itself when there was none)
 */
public record Evidence(int reads, List<String> zones, long exitInnerMillis, long exitOuterMillis,
                       long visitExitMillis, double score, double margin) {
    public Evidence {
        zones = List.copyOf(zones);
    }
}
