package walkout.store.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A shopper's phone as a plan plays it: when it reports beacon sightings and how loud it hears each beacon.
 *
 * <p>{@link Physics#FIRST}: a sighting every {@code pace.sightingEveryMs()}, counted afresh from each arrival in a
 * zone; floor beacons at -60 +- 4 dBm, the exit beacon loudest as the shopper passes the portal
 * ({@link VisitPlan#exitSightingRssi}); silent between the entry scan and the first zone.
 *
 * <p>{@link Physics#SECOND}: a sighting every {@value #SECOND_PERIOD_MS} ms at the phone's own phase (a clock of its
 * own, not restarted by walking into a zone), every beacon, the exit's included, at a flat {@value #FLAT_RSSI_DBM}
 * +- 4 dBm, and the exit beacon heard between the entry scan and the first zone (the gate stands in the exit zone).
 * The event-time simulation then loses {@value #SECOND_LOSS_PERCENT}% of sightings (or the scenario's share, when
 * larger) and shifts each by up to +-{@value #JITTER_MS} ms.
 *
 * @param physics  the world the phone is in
 * @param periodMs time between two sightings
 * @param phaseMs  offset from the run's start of the phone's sighting clock (SECOND only)
 */
record Phone(Physics physics, long periodMs, long phaseMs) {
    static final long SECOND_PERIOD_MS = 1000;
    static final int FLAT_RSSI_DBM = -62;
    static final int SECOND_LOSS_PERCENT = 15;
    static final double SECOND_LOSS = SECOND_LOSS_PERCENT / 100.0;
    /** Most a sighting's event time moves from its period, either way. */
    static final long JITTER_MS = 150;

    Phone {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("periodMs=" + periodMs + " must be > 0");
        }
    }

    /** The phone of the first world, at the pace's sighting period. */
    static Phone first(Pace pace) {
        return new Phone(Physics.FIRST, pace.sightingEveryMs(), 0);
    }

    /** A phone of {@code physics}; in the second world its phase is drawn from {@code random}. */
    static Phone of(Physics physics, Pace pace, Random random) {
        return physics == Physics.FIRST ? first(pace)
                : new Phone(physics, SECOND_PERIOD_MS, random.nextInt((int) SECOND_PERIOD_MS));
    }

    /** Offsets in [{@code fromMs}, {@code untilMs}) at which the phone reports a sighting. */
    List<Long> times(long fromMs, long untilMs) {
        List<Long> times = new ArrayList<>();
        long first = physics == Physics.FIRST ? fromMs : fromMs + Math.floorMod(phaseMs - fromMs, periodMs);
        for (long t = first; t < untilMs; t += periodMs) {
            times.add(t);
        }
        return times;
    }

    /** Whether the phone hears the exit beacon between the entry scan and the first floor zone. */
    boolean hearsExitOnEntry() {
        return physics == Physics.SECOND;
    }

    /** RSSI of a floor zone's beacon. */
    int floorRssi(Random random) {
        return VisitPlan.withSightingNoise(physics == Physics.FIRST ? -60 : FLAT_RSSI_DBM, random);
    }

    /** RSSI of the exit beacon {@code sincePassMs} after the shopper passed the portal (negative: before). */
    int exitRssi(long sincePassMs, Random random) {
        return physics == Physics.FIRST ? VisitPlan.exitSightingRssi(sincePassMs, random)
                : VisitPlan.withSightingNoise(FLAT_RSSI_DBM, random);
    }
}
