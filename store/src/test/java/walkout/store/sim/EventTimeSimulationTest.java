package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import walkout.events.BeaconSighted;
import walkout.events.Epc;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Decoder;

class EventTimeSimulationTest {
    private static final long START_MILLIS = 1_767_600_000_000L;
    /** Everything awkward, often, so one short run shows each behaviour. */
    private static final SimBehaviour AWKWARD = new SimBehaviour(5_000, 10_000, 24, 2000, 0.02, 0.2, 0.5, 0.3, 1.0,
            0.5, 0.5, 0.5);
    /** Calm shoppers, shelf tags reported every second rather than every round: fewer records to hold. */
    private static final SimBehaviour QUIET_SHELVES = new SimBehaviour(2500, 5000, 0, 1000, 0, 0, 0, 0, 0, 0, 0, 0);

    @Test
    void shouldReplaySameRunWhenSeedIsTheSame() {
        Recorded one = play(SimBehaviour.CALM, 3);
        Recorded two = play(SimBehaviour.CALM, 3);

        assertThat(one.reads).isNotEmpty();
        assertThat(one.reads).isEqualTo(two.reads);
        assertThat(one.events).isEqualTo(two.events);
    }

    @Test
    void shouldReadItemsInnerThenOuterWhenShoppersWalkOutCalmly() {
        Recorded run = play(SimBehaviour.CALM, 5);

        List<String> taken = run.sim.truth().stream().flatMap(t -> t.epcsOut().stream()).toList();
        assertThat(taken).isNotEmpty();
        Map<String, List<PortalSide>> portalSides = new HashMap<>();
        for (TagSeen read : run.reads) {
            if (read.side() != PortalSide.NONE) {
                portalSides.computeIfAbsent(read.epc(), epc -> new ArrayList<>()).add(read.side());
            }
        }
        for (String epc : taken) {
            List<PortalSide> sides = portalSides.getOrDefault(epc, List.of());
            assertThat(sides).as("portal reads of %s", epc).first().isEqualTo(PortalSide.INNER);
            assertThat(sides).contains(PortalSide.OUTER);
        }
        assertThat(run.sim.unpaidOut()).isEmpty();
        assertThat(run.sim.boughtOutAgain()).isEmpty();
        assertThat(run.reads).noneMatch(r -> r.side() == PortalSide.INNER && r.peakRssiCdbm() <= -7200);
    }

    @Test
    void shouldPlayEveryAwkwardBehaviourWhenAskedTo() {
        Recorded run = play(AWKWARD, 7);

        assertThat(run.sim.unpaidOut()).as("items carried out by people without the app").isNotEmpty();
        assertThat(run.sim.boughtOutAgain()).as("items carried out again after coming back in").isNotEmpty();
        assertThat(run.sim.walkedTogether()).as("families").isNotEmpty();
        assertThat(run.reads).as("stray reads on the inner antenna")
                .anyMatch(r -> r.side() == PortalSide.INNER && r.peakRssiCdbm() <= -7200);
        long entries = run.events.stream().filter(ShopperEntered.class::isInstance).count();
        assertThat(entries).as("returning shoppers scan in again").isGreaterThan(run.sim.truth().size());
        assertThat(run.events.stream().filter(BeaconSighted.class::isInstance).count()).isPositive();
    }

    @Test
    void shouldReplaySameRunWhenSeedIsTheSameInTheSecondWorld() {
        Recorded one = play(QUIET_SHELVES, 3, Physics.SECOND);
        Recorded two = play(QUIET_SHELVES, 3, Physics.SECOND);

        assertThat(one.sim.physics()).isEqualTo(Physics.SECOND);
        assertThat(one.reads).isNotEmpty().isEqualTo(two.reads);
        assertThat(one.events).isEqualTo(two.events);
        assertThat(one.ticks).isEqualTo(two.ticks);
        assertThat(one.reads).isNotEqualTo(play(QUIET_SHELVES, 3, Physics.FIRST).reads);
    }

    @Test
    void shouldDeliverReadsOutOfEventTimeOrderButAtMostOneHundredMillisLateWhenTheSecondWorldDelaysThem() {
        Recorded run = play(QUIET_SHELVES, 5, Physics.SECOND);

        long latestMillis = START_MILLIS;
        long overtaken = 0;
        for (TagSeen read : run.reads) {
            // Arrivals are ordered and each is 0..100 ms late, so no read is more than 100 ms behind one before it.
            assertThat(read.atMillis()).isGreaterThanOrEqualTo(latestMillis - LateDelivery.MAX_DELAY_MS);
            overtaken += read.atMillis() < latestMillis ? 1 : 0;
            latestMillis = Math.max(latestMillis, read.atMillis());
        }
        assertThat(overtaken).as("reads overtaken by later ones").isGreaterThan(run.reads.size() / 10);
        List<String> readers = run.reads.subList(0, 200).stream().map(TagSeen::readerId).toList();
        assertThat(readers).as("readers' reads mixed, not reader by reader").containsSubsequence("r-a1", "r-a2",
                "r-a1");
        // A tick follows every read that arrived by then, and no read arrives before it is seen.
        int checked = 0;
        for (int i = 0; i < run.ticks.size(); i++) {
            long tick = run.ticks.get(i);
            int before = run.readsBeforeTick.get(i);
            for (TagSeen read : run.reads.subList(checked, before)) {
                assertThat(read.atMillis()).isLessThanOrEqualTo(tick);
            }
            checked = before;
            if (before < run.reads.size()) {
                assertThat(run.reads.get(before).atMillis()).isGreaterThan(tick - LateDelivery.MAX_DELAY_MS);
            }
        }
        assertThat(run.readsBeforeTick.get(run.ticks.size() - 1)).isEqualTo(run.reads.size());
    }

    @Test
    void shouldReportSightingsAtAFlatRssiAboutOnceASecondWhenTheSecondWorldsPhonesListen() {
        Recorded run = play(QUIET_SHELVES, 6, Physics.SECOND);

        Map<String, List<BeaconSighted>> byCustomer = sightingsByCustomer(run);
        assertThat(byCustomer).hasSize(run.sim.truth().size());
        long gaps = 0;
        long periods = 0;
        for (List<BeaconSighted> sightings : byCustomer.values()) {
            assertThat(sightings).allSatisfy(b -> assertThat(b.rssiDbm()).isBetween(-66, -58));
            for (int k = 1; k < sightings.size(); k++) {
                long gapMs = sightings.get(k).atMillis() - sightings.get(k - 1).atMillis();
                // One phone clock: whole periods apart, give or take both sightings' jitter.
                long wholePeriods = Math.round(gapMs / 1000.0);
                assertThat(wholePeriods).isPositive();
                assertThat(Math.abs(gapMs - wholePeriods * 1000)).isLessThanOrEqualTo(2 * Phone.JITTER_MS);
                gaps++;
                periods += wholePeriods;
            }
        }
        assertThat(gaps / (double) periods).as("share of sightings kept").isBetween(0.78, 0.92);
        List<Integer> exitRssi = run.events.stream().filter(BeaconSighted.class::isInstance)
                .map(BeaconSighted.class::cast).filter(b -> b.zone().equals("EXIT")).map(BeaconSighted::rssiDbm)
                .toList();
        assertThat(exitRssi).isNotEmpty().allSatisfy(rssi -> assertThat(rssi).isBetween(-66, -58));
    }

    @Test
    void shouldHearTheExitBeaconAfterTheEntryScanBeforeAnyFloorBeaconWhenTheSecondWorldsShoppersWalkIn() {
        Recorded run = play(QUIET_SHELVES, 7, Physics.SECOND);

        Map<String, List<BeaconSighted>> byCustomer = sightingsByCustomer(run);
        int heardExitFirst = 0;
        for (ShopperEvent event : run.events) {
            if (!(event instanceof ShopperEntered entered)) {
                continue;
            }
            List<BeaconSighted> sightings = byCustomer.get(entered.customerId());
            int firstFloor = 0;
            while (sightings.get(firstFloor).zone().equals("EXIT")) {
                firstFloor++;
            }
            List<BeaconSighted> beforeFloor = sightings.subList(0, firstFloor);
            assertThat(beforeFloor).allSatisfy(b -> assertThat(b.atMillis())
                    .isBetween(entered.atMillis(), entered.atMillis() + 3000 + Phone.JITTER_MS));
            heardExitFirst += beforeFloor.isEmpty() ? 0 : 1;
        }
        assertThat(heardExitFirst).as("shoppers whose phone heard the exit beacon right after the scan")
                .isGreaterThanOrEqualTo(run.sim.truth().size() * 3 / 4);
    }

    @Test
    void shouldSilenceAnAisleReaderForTenSecondsWhenTheSecondWorldDropsIt() {
        Recorded run = play(QUIET_SHELVES, 8, Physics.SECOND);

        List<ReaderOutages.Outage> outages = run.sim.outages().outages();
        assertThat(outages).isNotEmpty();
        for (ReaderOutages.Outage outage : outages) {
            assertThat(outage.readerId()).isIn("r-a1", "r-a2", "r-a3");
            assertThat(outage.untilMillis() - outage.fromMillis()).isEqualTo(ReaderOutages.OUTAGE_MS);
            List<TagSeen> ofReader = run.reads.stream().filter(r -> r.readerId().equals(outage.readerId())).toList();
            assertThat(ofReader).noneMatch(r -> r.lastSeenMicros() / 1000 >= outage.fromMillis()
                    && r.firstSeenMicros() / 1000 < outage.untilMillis());
            assertThat(ofReader).as("reads in the 2 s before").anyMatch(r -> r.atMillis() < outage.fromMillis()
                    && r.atMillis() >= outage.fromMillis() - 2000);
            assertThat(ofReader).as("back within 2 s").anyMatch(r -> r.atMillis() >= outage.untilMillis()
                    && r.atMillis() < outage.untilMillis() + 2000);
        }
    }

    @Test
    void shouldSendJunkThatNamesNoStoreItemFromAFloorZoneWhenTheSecondWorldsJunkReaderReports() {
        Recorded run = play(QUIET_SHELVES, 9, Physics.SECOND);

        List<TagSeen> junk = run.reads.stream().filter(r -> r.readerId().equals(JunkReader.READER_ID)).toList();
        Set<String> storeEpcs = run.sim.initialStock().values().stream().flatMap(List::stream)
                .collect(Collectors.toSet());
        Sgtin96Decoder decoder = new Sgtin96Decoder();
        int notSgtin = 0;
        int foreign = 0;
        for (TagSeen read : junk) {
            assertThat(storeEpcs).doesNotContain(read.epc());
            assertThat(read.zone()).isIn("A1", "A2", "A3");
            assertThat(read.side()).isEqualTo(PortalSide.NONE);
            if (decoder.decode(Epc.hi(read.epc()), Epc.lo(read.epc())) != Sgtin96Decoder.Status.OK) {
                notSgtin++;
            } else {
                assertThat(SimFixtures.gtins()).doesNotContain(String.format("%014d", decoder.gtin14()));
                foreign++;
            }
        }
        assertThat(notSgtin).as("EPCs that are no SGTIN-96").isPositive();
        assertThat(foreign).as("SGTIN-96 of products the store does not sell").isPositive();
        assertThat(junk.stream().map(TagSeen::recordId).distinct().count()).as("records re-sent with their id")
                .isLessThan(junk.size());
        assertThat(run.reads.stream().filter(r -> !r.readerId().equals(JunkReader.READER_ID)))
                .allSatisfy(r -> assertThat(storeEpcs).contains(r.epc()));
    }

    private static Map<String, List<BeaconSighted>> sightingsByCustomer(Recorded run) {
        Map<String, List<BeaconSighted>> byCustomer = new HashMap<>();
        run.events.stream().filter(BeaconSighted.class::isInstance).map(BeaconSighted.class::cast)
                .sorted(Comparator.comparingLong(BeaconSighted::atMillis))
                .forEach(b -> byCustomer.computeIfAbsent(b.customerId(), c -> new ArrayList<>()).add(b));
        return byCustomer;
    }

    private static Recorded play(SimBehaviour behaviour, long seed) {
        return play(behaviour, seed, Physics.FIRST);
    }

    private static Recorded play(SimBehaviour behaviour, long seed, Physics physics) {
        SimConfig config = SimFixtures.config(12, 10 * 60_000L, seed);
        EventTimeSimulation sim = new EventTimeSimulation(config, behaviour, START_MILLIS, physics);
        Recorded recorded = new Recorded(sim);
        sim.run(new EventTimeSimulation.Sink() {
            @Override
            public void onTagSeen(TagSeen read) {
                recorded.reads.add(read);
            }

            @Override
            public void onShopperEvent(ShopperEvent event) {
                recorded.events.add(event);
            }

            @Override
            public void onTick(long atMillis) {
                recorded.ticks.add(atMillis);
                recorded.readsBeforeTick.add(recorded.reads.size());
            }
        });
        return recorded;
    }

    private static final class Recorded {
        final EventTimeSimulation sim;
        final List<TagSeen> reads = new ArrayList<>();
        final List<ShopperEvent> events = new ArrayList<>();
        final List<Long> ticks = new ArrayList<>();
        /** For each tick, how many reads the sink had been given before it. */
        final List<Integer> readsBeforeTick = new ArrayList<>();

        Recorded(EventTimeSimulation sim) {
            this.sim = sim;
        }
    }
}
