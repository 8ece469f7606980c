package walkout.store.sim;

/**
 * How the simulated store behaves beyond its layout and shoppers: how long shoppers linger, how much stock there
 * is, how the radio and the phones misbehave, and which awkward things shoppers do. {@link #CALM} is the live demo:
 * nothing awkward happens, so a correct store charges everyone exactly.
 *
 * <p>Probabilities are per shopper unless said otherwise, between 0 and 1.
 *
 * @param dwellMinMs                least time a shopper spends in one floor zone
 * @param dwellMaxMs                most time a shopper spends in one floor zone
 * @param itemsPerProduct           tags stocked per product; 0 for the default (one per shopper, at least 6)
 * @param shelfReportEveryMs        how often shelf antennas report a tag resting on their shelf in event-time
 *                                  replays (readers in inventory mode report static tags less often); 0 means
 *                                  every round
 * @param strayReadProbability      per round and per tag on the shelf nearest the exit: the portal's inner antenna
 *                                  reads it at low RSSI
 * @param sightingDropProbability   per beacon sighting: the phone does not report it
 * @param groupExitProbability      a shopper walks out within a second or two after the previous one
 * @param familyProbability         a shopper walks the whole visit together with the previous one
 * @param handOverProbability       a shopper hands one carried item to the next shopper out, who carries it out
 * @param putBackElsewhereProbability a shopper puts a picked item back on another zone's shelf
 * @param noAppProbability          a person without the app walks in behind a shopper and out with items
 * @param returnProbability         a shopper comes back in carrying what they bought, then leaves again
 */
public record SimBehaviour(long dwellMinMs, long dwellMaxMs, int itemsPerProduct, long shelfReportEveryMs,
                           double strayReadProbability, double sightingDropProbability, double groupExitProbability,
                           double familyProbability, double handOverProbability,
                           double putBackElsewhereProbability, double noAppProbability, double returnProbability) {
    /** The live demo: brisk shoppers, a clean radio, nothing awkward. */
    public static final SimBehaviour CALM = new SimBehaviour(2500, 5000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public SimBehaviour {
        if (dwellMinMs <= 0 || dwellMaxMs < dwellMinMs) {
            throw new IllegalArgumentException("dwellMinMs=" + dwellMinMs + " dwellMaxMs=" + dwellMaxMs
                    + " must satisfy 0 < min <= max");
        }
        if (itemsPerProduct < 0) {
            throw new IllegalArgumentException("itemsPerProduct=" + itemsPerProduct + " must be >= 0");
        }
        if (shelfReportEveryMs < 0) {
            throw new IllegalArgumentException("shelfReportEveryMs=" + shelfReportEveryMs + " must be >= 0");
        }
        requireProbability("strayReadProbability", strayReadProbability);
        requireProbability("sightingDropProbability", sightingDropProbability);
        requireProbability("groupExitProbability", groupExitProbability);
        requireProbability("familyProbability", familyProbability);
        requireProbability("handOverProbability", handOverProbability);
        requireProbability("putBackElsewhereProbability", putBackElsewhereProbability);
        requireProbability("noAppProbability", noAppProbability);
        requireProbability("returnProbability", returnProbability);
    }

    Pace pace() {
        return new Pace(dwellMinMs, dwellMaxMs, Pace.REAL.sightingEveryMs(), Pace.REAL.entryMs(),
                Pace.REAL.approachMs(), Pace.REAL.walkOutMs());
    }

    private static void requireProbability(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + "=" + value + " must be between 0 and 1");
        }
    }
}
