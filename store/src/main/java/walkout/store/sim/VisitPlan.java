package walkout.store.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * What one simulated shopper will do, decided up front from the seed: when they enter, which zones they walk for how
 * long, which items they pick and put back, and when they walk out. Offsets are milliseconds from the start of the
 * run. Being plain data, a plan can be played in real time against a running store ({@link ShopperRun}) or, later,
 * in event time without one.
 *
 * @param index          0-based shopper number
 * @param name           the shopper's name, unique in the run
 * @param startOffsetMs  when they register and scan in at the entry gate
 * @param gateId         the entry gate they scan in at
 * @param stops          the floor zones they visit, in order
 * @param exitZone       the exit zone's id
 * @param exitBeaconId   the exit zone's beacon, or null when the layout has none
 * @param exitOffsetMs   when they walk through the exit portal (its inner antenna)
 */
record VisitPlan(int index, String name, long startOffsetMs, String gateId, List<Stop> stops, String exitZone,
                 String exitBeaconId, long exitOffsetMs) {

    /** The exit beacon's RSSI one metre away (an iBeacon's usual calibrated power). */
    static final double EXIT_BEACON_RSSI_AT_1M_DBM = -59;
    /** How far from the exit beacon a shopper walks through the portal: the middle of a one-metre lane. */
    static final double EXIT_BEACON_OFFSET_M = 0.5;
    static final double WALKING_SPEED_M_PER_S = 1.2;

    VisitPlan {
        stops = List.copyOf(stops);
    }

    /**
     * One floor zone of the visit.
     *
     * @param zone           floor zone id
     * @param beaconId       the zone's beacon, or null when the layout has none
     * @param arriveOffsetMs when the shopper gets there
     * @param dwellMs        how long they stay
     * @param picks          EPCs they take off the shelf here, in order
     * @param putBack        one of {@code picks} they put back on its shelf before leaving the zone, or null
     */
    record Stop(String zone, String beaconId, long arriveOffsetMs, long dwellMs, List<String> picks,
                String putBack) {
        Stop {
            picks = List.copyOf(picks);
        }
    }

    /** What a shopper does at one moment. */
    enum Action {
        /** Register as a customer and scan in at {@code ref} (the gate). */
        ENTER,
        /** Walk into zone {@code ref}. */
        MOVE,
        /** The phone hears beacon {@code ref} at {@code rssi}. */
        SIGHT,
        /** Take item {@code ref} off its shelf. */
        PICK,
        /** Put item {@code ref} back on the shelf of zone {@code zone}. */
        PUT_BACK,
        /** Walk through the exit portal. */
        WALK_OUT,
        /** Come back in through the exit portal carrying what was bought (event-time replays only). */
        WALK_IN,
        /** Out of range of the store: the visit is over. */
        GONE
    }

    /** One step of the plan, at an offset from the start of the run. */
    record Step(long atOffsetMs, Action action, String ref, String zone, int rssi) {
    }

    /** The EPCs the shopper will carry out, if everything goes to plan. */
    List<String> expectedOut() {
        List<String> out = new ArrayList<>();
        for (Stop stop : stops) {
            for (String epc : stop.picks()) {
                if (!epc.equals(stop.putBack())) {
                    out.add(epc);
                }
            }
        }
        return out;
    }

    /** The steps in time order (stable: steps at the same offset keep their logical order). */
    List<Step> steps(Pace pace, Random random) {
        return steps(pace, random, Phone.first(pace));
    }

    /** As {@link #steps(Pace, Random)}, with the sightings {@code phone} reports. */
    List<Step> steps(Pace pace, Random random, Phone phone) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(startOffsetMs, Action.ENTER, gateId, null, 0));
        long approach = exitOffsetMs - pace.approachMs();
        if (phone.hearsExitOnEntry() && exitBeaconId != null) {
            // The gate stands in the exit zone: the exit beacon is heard until the first aisle, never before the scan.
            long firstZone = stops.isEmpty() ? approach : stops.get(0).arriveOffsetMs();
            for (long t : phone.times(startOffsetMs + Phone.JITTER_MS, firstZone)) {
                steps.add(new Step(t, Action.SIGHT, exitBeaconId, exitZone, phone.exitRssi(t - exitOffsetMs, random)));
            }
        }
        for (Stop stop : stops) {
            long arrive = stop.arriveOffsetMs();
            steps.add(new Step(arrive, Action.MOVE, stop.zone(), stop.zone(), 0));
            int actions = stop.picks().size() + (stop.putBack() == null ? 0 : 1);
            List<Step> zoneSteps = new ArrayList<>();
            if (stop.beaconId() != null) {
                for (long t : phone.times(arrive, arrive + stop.dwellMs())) {
                    zoneSteps.add(new Step(t, Action.SIGHT, stop.beaconId(), stop.zone(), phone.floorRssi(random)));
                }
            }
            for (int k = 0; k < stop.picks().size(); k++) {
                long at = arrive + stop.dwellMs() * (k + 1) / (actions + 1);
                zoneSteps.add(new Step(at, Action.PICK, stop.picks().get(k), stop.zone(), 0));
            }
            if (stop.putBack() != null) {
                long at = arrive + stop.dwellMs() * actions / (actions + 1);
                zoneSteps.add(new Step(at, Action.PUT_BACK, stop.putBack(), stop.zone(), 0));
            }
            zoneSteps.sort(Comparator.comparingLong(Step::atOffsetMs));
            steps.addAll(zoneSteps);
        }
        steps.add(new Step(approach, Action.MOVE, exitZone, exitZone, 0));
        List<Step> exitSteps = new ArrayList<>();
        if (exitBeaconId != null) {
            for (long t : phone.times(approach, exitOffsetMs + pace.walkOutMs())) {
                exitSteps.add(new Step(t, Action.SIGHT, exitBeaconId, exitZone, phone.exitRssi(t - exitOffsetMs,
                        random)));
            }
        }
        exitSteps.add(new Step(exitOffsetMs, Action.WALK_OUT, exitZone, exitZone, 0));
        exitSteps.sort(Comparator.comparingLong(Step::atOffsetMs));
        steps.addAll(exitSteps);
        steps.add(new Step(exitOffsetMs + pace.walkOutMs(), Action.GONE, null, null, 0));
        return steps;
    }

    /**
     * RSSI of the exit beacon, mounted on the portal, {@code sincePassMs} after the shopper passed it (negative:
     * before): log-distance path loss in free space ({@value #EXIT_BEACON_RSSI_AT_1M_DBM} dBm at one metre,
     * 20 dB per decade) from a phone walking at {@value #WALKING_SPEED_M_PER_S} m/s along a line
     * {@value #EXIT_BEACON_OFFSET_M} m from the beacon, plus the same +-4 dB noise as any sighting. Loudest (about
     * -53 dBm) as the shopper passes, about 4 dB weaker half a second either side, -64 dBm 1.5 s after.
     */
    static int exitSightingRssi(long sincePassMs, Random random) {
        double alongM = WALKING_SPEED_M_PER_S * sincePassMs / 1000.0;
        double distanceM = Math.hypot(EXIT_BEACON_OFFSET_M, alongM);
        return withSightingNoise((int) Math.round(EXIT_BEACON_RSSI_AT_1M_DBM - 20 * Math.log10(distanceM)), random);
    }

    /** {@code meanDbm} plus the +-4 dB (uniform, whole dB) noise of every sighting. */
    static int withSightingNoise(int meanDbm, Random random) {
        return meanDbm - 4 + random.nextInt(9);
    }
}
