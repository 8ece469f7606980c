package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import walkout.events.Epc;
import walkout.events.codec.Sgtin96Decoder;

class WorldTest {
    private static final long T0 = 1_763_820_000_000L;
    private static final long PERIOD_MS = 200;
    private static final List<String> SHELF_READERS = List.of("r-a1", "r-a2", "r-a3");

    @Test
    void shouldStockAndReadTheSameWhenSeedIsTheSame() {
        World one = new World(SimFixtures.config(5, 60_000, 42));
        World two = new World(SimFixtures.config(5, 60_000, 42));

        assertThat(one.initialStock()).isEqualTo(two.initialStock());
        String epc = one.initialStock().get("A1").get(0);
        for (World w : List.of(one, two)) {
            w.moveShopper(0, "A1");
            w.pick(0, epc);
        }
        for (int round = 0; round < 20; round++) {
            long at = T0 + round * PERIOD_MS;
            for (String reader : List.of("r-a1", "r-a2", "r-a3", "r-exit")) {
                assertThat(one.read(reader, at, PERIOD_MS)).isEqualTo(two.read(reader, at, PERIOD_MS));
            }
        }
    }

    @Test
    void shouldStockDifferentSerialsWhenSeedDiffers() {
        Set<String> first = allEpcs(new World(SimFixtures.config(5, 60_000, 1)));
        Set<String> second = allEpcs(new World(SimFixtures.config(5, 60_000, 2)));

        assertThat(first).doesNotContainAnyElementsOf(second);
    }

    @Test
    void shouldStockEverySgtinOfTheCatalogWithDistinctSerialsWhenBuilt() {
        World world = new World(SimFixtures.config(5, 60_000, 7));
        Sgtin96Decoder decoder = new Sgtin96Decoder();
        Set<String> gtins = allEpcs(world).stream().map(epc -> {
            assertThat(decoder.decode(Epc.hi(epc), Epc.lo(epc))).isEqualTo(Sgtin96Decoder.Status.OK);
            assertThat(decoder.companyPrefixDigits()).isEqualTo(7);
            return String.format("%014d", decoder.gtin14());
        }).collect(Collectors.toSet());

        assertThat(gtins).containsExactlyInAnyOrderElementsOf(SimFixtures.gtins());
        assertThat(world.epcs()).doesNotHaveDuplicates().hasSize(allEpcs(world).size());
        assertThat(world.initialStock()).containsOnlyKeys("A1", "A2", "A3");
        world.initialStock().values().forEach(zone -> assertThat(zone).hasSizeGreaterThanOrEqualTo(6));
    }

    @Test
    void shouldReadOnShelfTagsOnlyByTheirZoneWithShelfRssiWhenNobodyTouchesThem() {
        World world = new World(SimFixtures.config(3, 60_000, 3));
        Map<String, List<String>> stock = world.initialStock();
        Set<String> a1 = Set.copyOf(stock.get("A1"));
        List<TagRead> reads = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            reads.addAll(world.read("r-a1", T0 + round * PERIOD_MS, PERIOD_MS));
        }

        assertThat(reads).isNotEmpty();
        assertThat(reads).allSatisfy(r -> {
            assertThat(a1).contains(Epc.hex96(r.epcHi(), r.epcLo()));
            assertThat(r.peakRssiDbm()).isBetween(World.SHELF_RSSI_WEAKEST_DBM, World.SHELF_RSSI_STRONGEST_DBM);
            assertThat(r.antenna()).isIn(1, 2);
            assertThat(r.firstSeenMicros()).isLessThanOrEqualTo(r.lastSeenMicros());
        });
        // Misses happen: not every tag on every antenna in every round.
        assertThat(reads).hasSizeLessThan(10 * 2 * a1.size());
        assertThat(reads.stream().map(r -> Epc.hex96(r.epcHi(), r.epcLo())).collect(Collectors.toSet()))
                .isEqualTo(a1);
    }

    @Test
    void shouldNotReadCarriedItemOnItsShelfButWeakerInCarriersZoneWhenPicked() {
        World world = new World(SimFixtures.config(3, 60_000, 4));
        String epc = world.initialStock().get("A1").get(0);
        world.moveShopper(0, "A1");
        world.pick(0, epc);
        world.moveShopper(0, "A2");

        List<TagRead> shelfA1 = new ArrayList<>();
        List<TagRead> inA2 = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            long at = T0 + round * PERIOD_MS;
            shelfA1.addAll(readsOf(world.read("r-a1", at, PERIOD_MS), epc));
            inA2.addAll(readsOf(world.read("r-a2", at, PERIOD_MS), epc));
        }

        assertThat(shelfA1).isEmpty();
        assertThat(inA2).isNotEmpty().hasSizeLessThan(50 * 2 / 2);
        assertThat(inA2).allSatisfy(r -> assertThat(r.peakRssiDbm())
                .isBetween(World.CARRIED_RSSI_WEAKEST_DBM, World.CARRIED_RSSI_STRONGEST_DBM));
        assertThat(world.state(epc)).isEqualTo(World.ItemState.CARRIED);
    }

    @Test
    void shouldReadItemOnShelfAgainWhenPutBack() {
        World world = new World(SimFixtures.config(3, 60_000, 5));
        String epc = world.initialStock().get("A3").get(2);
        world.moveShopper(0, "A3");
        world.pick(0, epc);
        world.putBack(0, epc, "A3");

        List<TagRead> shelf = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            shelf.addAll(readsOf(world.read("r-a3", T0 + round * PERIOD_MS, PERIOD_MS), epc));
        }

        assertThat(shelf).isNotEmpty().allSatisfy(r -> assertThat(r.peakRssiDbm())
                .isBetween(World.SHELF_RSSI_WEAKEST_DBM, World.SHELF_RSSI_STRONGEST_DBM));
        assertThat(world.walkOut(0, T0 + 5000)).isEmpty();
    }

    @Test
    void shouldReadLeavingItemsOnInnerAntennaBeforeOuterWhenShopperWalksOut() {
        World world = new World(SimFixtures.config(3, 60_000, 6));
        List<String> picked = world.initialStock().get("A2").subList(0, 3);
        world.moveShopper(0, "A2");
        picked.forEach(epc -> world.pick(0, epc));
        world.moveShopper(0, "EXIT");
        long exitAt = T0 + 10_000;

        List<String> out = world.walkOut(0, exitAt);

        assertThat(out).containsExactlyElementsOf(picked);
        List<TagRead> reads = new ArrayList<>();
        for (long at = exitAt - 1000; at <= exitAt + 3000; at += PERIOD_MS) {
            reads.addAll(world.read("r-exit", at, PERIOD_MS));
            SHELF_READERS.forEach(r -> picked.forEach(epc -> assertThat(readsOf(world.read(r, exitAt, PERIOD_MS),
                    epc)).isEmpty()));
        }
        for (String epc : picked) {
            List<TagRead> ofItem = readsOf(reads, epc);
            long firstInner = ofItem.stream().filter(r -> r.antenna() == 1).mapToLong(TagRead::firstSeenMicros)
                    .min().orElseThrow();
            long firstOuter = ofItem.stream().filter(r -> r.antenna() == 2).mapToLong(TagRead::firstSeenMicros)
                    .min().orElseThrow();
            assertThat(firstInner).isLessThan(firstOuter);
            assertThat(ofItem.stream().filter(r -> r.antenna() == 1)).allSatisfy(r -> assertThat(r.firstSeenMicros())
                    .isBetween(exitAt * 1000, (exitAt + World.FIRST_SIDE_UNTIL_MS) * 1000 - 1));
            assertThat(ofItem.stream().filter(r -> r.antenna() == 2)).allSatisfy(r -> assertThat(r.firstSeenMicros())
                    .isBetween((exitAt + World.SECOND_SIDE_FROM_MS) * 1000,
                            (exitAt + World.SECOND_SIDE_UNTIL_MS) * 1000 - 1));
            assertThat(world.state(epc)).isEqualTo(World.ItemState.GONE);
        }
    }

    @Test
    void shouldNeverReadOuterBeforeInnerWhenInnerMissesOften() {
        // Many seeds, so that some items miss their first inner rounds.
        for (long seed = 0; seed < 40; seed++) {
            World world = new World(SimFixtures.config(3, 60_000, seed));
            List<String> picked = world.initialStock().get("A1").subList(0, 3);
            picked.forEach(epc -> world.pick(0, epc));
            world.walkOut(0, T0);
            List<TagRead> reads = new ArrayList<>();
            for (long at = T0; at <= T0 + 2000; at += PERIOD_MS) {
                reads.addAll(world.read("r-exit", at, PERIOD_MS));
            }
            for (String epc : picked) {
                List<TagRead> ofItem = readsOf(reads, epc);
                long firstInner = ofItem.stream().filter(r -> r.antenna() == 1)
                        .mapToLong(TagRead::firstSeenMicros).min().orElse(Long.MAX_VALUE);
                ofItem.stream().filter(r -> r.antenna() == 2)
                        .forEach(r -> assertThat(r.firstSeenMicros()).isGreaterThan(firstInner));
            }
        }
    }

    @Test
    void shouldReadEnteringItemsOnOuterAntennaBeforeInnerWhenShopperWalksBackIn() {
        World world = new World(SimFixtures.config(3, 60_000, 9));
        List<String> bought = world.initialStock().get("A3").subList(0, 2);
        bought.forEach(epc -> world.pick(0, epc));
        world.walkOut(0, T0);
        world.read("r-exit", T0 + 5000, PERIOD_MS);
        bought.forEach(epc -> assertThat(world.state(epc)).isEqualTo(World.ItemState.GONE));
        long backAt = T0 + 60_000;

        world.walkIn(0, backAt, bought);

        List<TagRead> reads = new ArrayList<>();
        for (long at = backAt; at <= backAt + 2400; at += PERIOD_MS) {
            reads.addAll(world.read("r-exit", at, PERIOD_MS));
        }
        for (String epc : bought) {
            List<TagRead> ofItem = readsOf(reads, epc);
            long firstOuter = ofItem.stream().filter(r -> r.antenna() == 2).mapToLong(TagRead::firstSeenMicros)
                    .min().orElseThrow();
            long firstInner = ofItem.stream().filter(r -> r.antenna() == 1).mapToLong(TagRead::firstSeenMicros)
                    .min().orElseThrow();
            assertThat(firstOuter).isLessThan(firstInner);
            assertThat(world.state(epc)).isEqualTo(World.ItemState.CARRIED);
        }
        assertThat(world.walkOut(0, backAt + 10_000)).containsExactlyInAnyOrderElementsOf(bought);
    }

    @Test
    void shouldWalkOutWithTheReceiverWhenAnItemIsHandedOver() {
        World world = new World(SimFixtures.config(3, 60_000, 10));
        String epc = world.initialStock().get("A2").get(0);
        world.moveShopper(0, "A2");
        world.moveShopper(1, "A1");
        world.pick(0, epc);

        world.handOver(0, 1, epc);

        List<TagRead> inA1 = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            inA1.addAll(readsOf(world.read("r-a1", T0 + round * PERIOD_MS, PERIOD_MS), epc));
        }
        assertThat(inA1).isNotEmpty();
        assertThat(world.walkOut(0, T0 + 10_000)).isEmpty();
        assertThat(world.walkOut(1, T0 + 20_000)).containsExactly(epc);
    }

    @Test
    void shouldPutHeldItemsBackWhenShopperLeavesWithoutWalkingOut() {
        World world = new World(SimFixtures.config(3, 60_000, 8));
        String epc = world.initialStock().get("A1").get(1);
        world.pick(0, epc);

        world.leave(0);

        assertThat(world.state(epc)).isEqualTo(World.ItemState.ON_SHELF);
        assertThat(world.shelfZone(epc)).isEqualTo("A1");
    }

    @Test
    void shouldReadLeavingItemsOnBothPortalAntennasInterleavedWhenTheSecondWorldsFieldsOverlap() {
        boolean outerReadFirstOnce = false;
        List<TagRead> early = new ArrayList<>();
        List<TagRead> late = new ArrayList<>();
        for (long seed = 0; seed < 40; seed++) {
            World world = new World(SimFixtures.config(3, 60_000, seed), SimBehaviour.CALM, Physics.SECOND);
            List<String> picked = world.initialStock().get("A2").subList(0, 3);
            world.moveShopper(0, "A2");
            picked.forEach(epc -> world.pick(0, epc));
            world.moveShopper(0, "EXIT");
            long exitAt = T0 + 10_030;
            world.walkOut(0, exitAt);
            List<TagRead> reads = new ArrayList<>();
            for (long at = T0 + 9_000; at <= exitAt + 3000; at += PERIOD_MS) {
                reads.addAll(world.read("r-exit", at, PERIOD_MS));
            }

            List<Integer> sides = reads.stream().sorted(Comparator.comparingLong(TagRead::firstSeenMicros))
                    .map(TagRead::antenna).toList();
            assertThat(sides).as("seed %d: inner, outer, inner: the antennas take turns", seed)
                    .containsSubsequence(1, 2, 1);
            for (String epc : picked) {
                List<TagRead> ofItem = readsOf(reads, epc);
                assertThat(ofItem).extracting(TagRead::antenna).contains(1, 2);
                assertThat(ofItem).allSatisfy(r -> assertThat(r.firstSeenMicros())
                        .isBetween(exitAt * 1000, (exitAt + OverlappingPortal.PASS_MS) * 1000));
                TagRead first = ofItem.stream().min(Comparator.comparingLong(TagRead::firstSeenMicros)).orElseThrow();
                outerReadFirstOnce |= first.antenna() == 2;
                assertThat(world.state(epc)).isEqualTo(World.ItemState.GONE);
            }
            reads.forEach(r -> (r.firstSeenMicros() < (exitAt + OverlappingPortal.PASS_MS / 2) * 1000 ? early : late)
                    .add(r));
        }

        assertThat(outerReadFirstOnce).as("the outer antenna now and then reads an item first").isTrue();
        // Direction shows only in the trend: inner loud early and fading, outer the reverse.
        assertThat(meanRssi(early, 1)).isGreaterThan(meanRssi(late, 1) + 6);
        assertThat(meanRssi(late, 2)).isGreaterThan(meanRssi(early, 2) + 6);
        assertThat(meanRssi(early, 1)).isGreaterThan(meanRssi(early, 2) + 6);
        assertThat(countOn(early, 1)).isGreaterThan(countOn(early, 2) * 3 / 2);
        assertThat(countOn(late, 2)).isGreaterThan(countOn(late, 1) * 3 / 2);
        List<TagRead> all = new ArrayList<>(early);
        all.addAll(late);
        long faint = all.stream().filter(r -> r.peakRssiDbm() < -65).count();
        assertThat(faint).as("a few portal reads dip under tracking's -65 dBm floor").isPositive()
                .isLessThan(all.size() / 10);
    }

    @Test
    void shouldReadEnteringItemsLouderOnTheOuterAntennaFirstWhenShopperWalksBackInInTheSecondWorld() {
        List<TagRead> early = new ArrayList<>();
        List<TagRead> late = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            World world = new World(SimFixtures.config(3, 60_000, seed), SimBehaviour.CALM, Physics.SECOND);
            List<String> bought = world.initialStock().get("A3").subList(0, 2);
            bought.forEach(epc -> world.pick(0, epc));
            world.walkOut(0, T0);
            world.read("r-exit", T0 + 5000, PERIOD_MS);
            long backAt = T0 + 60_000;

            world.walkIn(0, backAt, bought);

            for (long at = backAt; at <= backAt + 2400; at += PERIOD_MS) {
                world.read("r-exit", at, PERIOD_MS).forEach(r -> (r.firstSeenMicros()
                        < (backAt + OverlappingPortal.PASS_MS / 2) * 1000 ? early : late).add(r));
            }
            bought.forEach(epc -> assertThat(world.state(epc)).isEqualTo(World.ItemState.CARRIED));
        }

        assertThat(meanRssi(early, 2)).isGreaterThan(meanRssi(early, 1) + 6);
        assertThat(meanRssi(late, 1)).isGreaterThan(meanRssi(late, 2) + 6);
    }

    @Test
    void shouldOverlapShelfAndCarriedRssiBandsWhenTheSecondWorldReadsTheFloor() {
        World world = new World(SimFixtures.config(3, 60_000, 11), SimBehaviour.CALM, Physics.SECOND);
        String epc = world.initialStock().get("A1").get(0);
        Set<String> shelfA2 = Set.copyOf(world.initialStock().get("A2"));
        world.moveShopper(0, "A1");
        world.pick(0, epc);
        world.moveShopper(0, "A2");
        List<TagRead> carried = new ArrayList<>();
        List<TagRead> shelf = new ArrayList<>();
        int rounds = 400;
        for (int round = 0; round < rounds; round++) {
            long at = T0 + round * PERIOD_MS;
            List<TagRead> reads = world.read("r-a2", at, PERIOD_MS);
            carried.addAll(readsOf(reads, epc));
            reads.stream().filter(r -> shelfA2.contains(Epc.hex96(r.epcHi(), r.epcLo()))).forEach(shelf::add);
            assertThat(readsOf(reads, epc)).allSatisfy(r -> assertThat(r.firstSeenMicros())
                    .isBetween((at - PERIOD_MS) * 1000 + 1, at * 1000));
        }

        assertThat(shelf).allSatisfy(r -> assertThat(r.peakRssiDbm())
                .isBetween(World.SECOND_SHELF_RSSI_WEAKEST_DBM, World.SECOND_SHELF_RSSI_STRONGEST_DBM));
        assertThat(carried).allSatisfy(r -> assertThat(r.peakRssiDbm())
                .isBetween(World.SECOND_CARRIED_RSSI_WEAKEST_DBM, World.SECOND_CARRIED_RSSI_STRONGEST_DBM));
        assertThat(shelf).as("shelf tags heard under -65 dBm").anyMatch(r -> r.peakRssiDbm() < -65);
        assertThat(carried).as("carried tags heard over -65 dBm").anyMatch(r -> r.peakRssiDbm() > -65);
        // Two antennas cover A2: 0.25 per antenna and round.
        assertThat(carried.size() / (2.0 * rounds)).isBetween(0.18, 0.32);
    }

    private static double meanRssi(List<TagRead> reads, int antenna) {
        return reads.stream().filter(r -> r.antenna() == antenna).mapToInt(TagRead::peakRssiDbm).average()
                .orElseThrow();
    }

    private static long countOn(List<TagRead> reads, int antenna) {
        return reads.stream().filter(r -> r.antenna() == antenna).count();
    }

    private static Set<String> allEpcs(World world) {
        return world.initialStock().values().stream().flatMap(List::stream).collect(Collectors.toSet());
    }

    private static List<TagRead> readsOf(List<TagRead> reads, String epc) {
        long hi = Epc.hi(epc);
        int lo = Epc.lo(epc);
        return reads.stream().filter(r -> r.epcHi() == hi && r.epcLo() == lo).toList();
    }
}
