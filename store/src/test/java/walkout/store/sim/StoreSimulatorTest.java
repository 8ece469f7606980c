package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import walkout.events.Epc;
import walkout.ingest.llrp.MessageType;

class StoreSimulatorTest {
    private static final String STAFF_KEY = "staff-secret";
    private static final long NOW_MS = 1_763_820_000_000L;
    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);
    /** Quick shoppers; the portal still takes its real 1.8 s, so walking out keeps its real 2 s. */
    private static final Pace QUICK = new Pace(100, 200, 50, 50, 50, 2000);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void shouldPlayEveryShopperThroughTheDeviceApiWhenRun() throws IOException {
        FakeStore store = store();
        StoreSimulator sim = simulator(3, 21, FIXED, 5000);

        CompletableFuture<Void> done = sim.runShoppers(store.url(), STAFF_KEY, progress::add);
        await().atMost(WAIT).until(done::isDone);

        assertThat(done).isCompleted();
        assertThat(progress.get(0)).startsWith("3 shoppers; the last one is through the exit in about ");
        assertThat(store.customers).containsExactly("Ada", "Grace", "Alan");
        assertThat(store.visitByToken).hasSize(3);
        List<ShopperTruth> truth = sim.truth();
        assertThat(truth).extracting(ShopperTruth::walkedOut).containsOnly(true);
        assertThat(truth).extracting(ShopperTruth::visitId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(store.visitByToken.values());
        for (int i = 0; i < truth.size(); i++) {
            VisitPlan plan = sim.plans().get(i);
            ShopperTruth t = truth.get(i);
            assertThat(t.epcsOut()).containsExactlyInAnyOrderElementsOf(plan.expectedOut());
            String token = store.visitByToken.entrySet().stream().filter(e -> e.getValue().equals(t.visitId()))
                    .findFirst().orElseThrow().getKey();
            Set<String> beacons = store.sightings.stream().filter(s -> s.token().equals(token))
                    .map(FakeStore.Sighting::beaconId).collect(Collectors.toSet());
            Set<String> expectedBeacons = plan.stops().stream().map(s -> "b-" + s.zone().toLowerCase())
                    .collect(Collectors.toSet());
            expectedBeacons.add("b-exit");
            assertThat(beacons).isEqualTo(expectedBeacons);
            assertThat(progress).contains("shopper " + (i + 1) + "/3 " + plan.name() + " walked out with "
                    + plan.expectedOut().size() + (plan.expectedOut().size() == 1 ? " item" : " items"));
        }
        assertThat(store.sightings).allSatisfy(s -> {
            assertThat(s.ts()).isEqualTo(NOW_MS);
            // Floor beacons: flat -60 +-4 dBm; the exit beacon: -53 dBm at the portal to -67 dBm 2 s after, +-4 dB.
            boolean exit = s.beaconId().equals("b-exit");
            assertThat(s.rssi()).isBetween(exit ? -71 : -64, exit ? -49 : -56);
        });
        truth.forEach(t -> t.epcsOut().forEach(epc -> assertThat(sim.world().state(epc))
                .isIn(World.ItemState.LEAVING, World.ItemState.GONE)));
        assertThat(sim.failedSightings()).isZero();
    }

    @Test
    void shouldReportPerfectWhenTheStoreChargedExactlyTheTruth() throws IOException {
        FakeStore store = store();
        StoreSimulator sim = simulator(3, 22, FIXED);
        CompletableFuture<Void> done = sim.runShoppers(store.url(), STAFF_KEY, progress::add);
        await().atMost(WAIT).until(done::isDone);
        sim.truth().forEach(t -> store.charge(t.visitId(), "CHARGED", t.epcsOut()));
        store.charge("v-from-yesterday", "CHARGED", List.of("303400000000000000000999"));

        SimReport report = sim.report(store.url(), STAFF_KEY);

        int taken = sim.truth().stream().mapToInt(t -> t.epcsOut().size()).sum();
        assertThat(report.allSettled()).isTrue();
        assertThat(report.perfect()).isTrue();
        assertThat(report.totalTaken()).isEqualTo(taken).isPositive();
        assertThat(report.totalCorrect()).isEqualTo(taken);
        assertThat(report.render()).contains("Ada", "Grace", "Alan", "perfect: yes");
    }

    @Test
    void shouldReportMissedAndUnsettledWhenTheStoreChargedLess() throws IOException {
        FakeStore store = store();
        StoreSimulator sim = simulator(2, 23, FIXED);
        CompletableFuture<Void> done = sim.runShoppers(store.url(), STAFF_KEY, progress::add);
        await().atMost(WAIT).until(done::isDone);
        ShopperTruth first = sim.truth().get(0);
        store.charge(first.visitId(), "CHARGED", first.epcsOut().subList(1, first.epcsOut().size()));

        SimReport report = sim.report(store.url(), STAFF_KEY);

        assertThat(report.allSettled()).isFalse();
        assertThat(report.perfect()).isFalse();
        assertThat(report.shoppers().get(0).missed()).isEqualTo(1);
        assertThat(report.totalMissed()).isEqualTo(1 + sim.truth().get(1).epcsOut().size());
    }

    @Test
    void shouldGiveUpTheVisitWhenTheStoreRefusesRegistration() throws IOException {
        FakeStore store = store();
        StoreSimulator sim = simulator(1, 24, FIXED);

        CompletableFuture<Void> done = sim.runShoppers(store.url(), "wrong-key", progress::add);
        await().atMost(WAIT).until(done::isDone);

        assertThat(done).isCompleted();
        assertThat(sim.truth()).singleElement().satisfies(t -> {
            assertThat(t.walkedOut()).isFalse();
            assertThat(t.visitId()).isNull();
        });
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("shopper 1/1 Ada gave up")
                .contains("401"));
        sim.plans().get(0).expectedOut().forEach(epc -> assertThat(sim.world().state(epc))
                .isEqualTo(World.ItemState.ON_SHELF));
    }

    @Test
    void shouldSayInOneLineWhenTheRunCannotFitTheDuration() throws IOException {
        FakeStore store = store();
        SimConfig config = new SimConfig(SimFixtures.layout(), SimFixtures.gtins(), 2, 1000, 28, 50, 300);
        StoreSimulator sim = new StoreSimulator(config, FIXED, QUICK);
        toClose.add(sim);

        CompletableFuture<Void> done = sim.runShoppers(store.url(), STAFF_KEY, progress::add);
        await().atMost(WAIT).until(done::isDone);

        assertThat(progress.get(0)).startsWith("2 shoppers with exits 0.3 s apart need ")
                .endsWith("more than the 1.0 s asked for: the run will take longer");
        assertThat(progress.stream().filter(line -> line.contains("asked for"))).hasSize(1);
    }

    @Test
    void shouldStartOneReaderPerLayoutReaderWhenAsked() throws IOException {
        StoreSimulator sim = simulator(1, 25, FIXED);

        Map<String, InetSocketAddress> readers = sim.startReaders();

        assertThat(readers).containsOnlyKeys("r-a1", "r-a2", "r-a3", "r-exit");
        assertThat(readers.values()).extracting(InetSocketAddress::getPort).doesNotHaveDuplicates();
        for (InetSocketAddress address : readers.values()) {
            try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                socket.setSoTimeout((int) WAIT.toMillis());
                LlrpReaderEmulatorTest.Client client = new LlrpReaderEmulatorTest.Client(socket);
                assertThat(client.read().type()).isEqualTo(MessageType.READER_EVENT_NOTIFICATION);
            }
        }
    }

    @Test
    void shouldReadEveryItemTakenOutOnInnerThenOuterAntennaWhenShoppersWalkOut() throws Exception {
        FakeStore store = store();
        StoreSimulator sim = simulator(3, 26, Clock.systemUTC());
        InetSocketAddress exit = sim.startReaders().get("r-exit");
        Socket socket = new Socket(exit.getAddress(), exit.getPort());
        toClose.add(socket);
        socket.setSoTimeout((int) WAIT.toMillis());
        LlrpReaderEmulatorTest.Client client = new LlrpReaderEmulatorTest.Client(socket);
        client.read();
        client.send(MessageType.START_ROSPEC, 1, new byte[0]);
        List<TagRead> reads = new CopyOnWriteArrayList<>();
        Thread collector = new Thread(() -> {
            try {
                while (true) {
                    LlrpReaderEmulatorTest.Frame frame = client.read();
                    if (frame.type() == MessageType.RO_ACCESS_REPORT) {
                        reads.addAll(LlrpReaderEmulatorTest.tags(frame));
                    }
                }
            } catch (IOException e) {
                // The test closed the socket: collection is over.
            }
        }, "test-exit-collector");
        collector.start();

        CompletableFuture<Void> done = sim.runShoppers(store.url(), STAFF_KEY, progress::add);
        await().atMost(WAIT).until(done::isDone);

        Set<String> out = sim.truth().stream().flatMap(t -> t.epcsOut().stream()).collect(Collectors.toSet());
        assertThat(out).isNotEmpty();
        await().atMost(WAIT).until(() -> firstSeenBy(reads, 2).keySet().containsAll(out));
        Map<String, Long> inner = firstSeenBy(reads, 1);
        Map<String, Long> outer = firstSeenBy(reads, 2);
        assertThat(inner.keySet()).isEqualTo(out);
        assertThat(outer.keySet()).isEqualTo(out);
        out.forEach(epc -> assertThat(inner.get(epc)).isLessThan(outer.get(epc)));
        socket.close();
        collector.join(WAIT.toMillis());
        assertThat(collector.isAlive()).isFalse();
    }

    @Test
    void shouldCancelTheRunWhenClosedEarly() throws IOException {
        FakeStore store = store();
        StoreSimulator sim = new StoreSimulator(SimFixtures.config(3, 60_000, 27), FIXED);
        toClose.add(sim);
        CompletableFuture<Void> done = sim.runShoppers(store.url(), STAFF_KEY, progress::add);
        await().atMost(WAIT).until(() -> store.visitByToken.size() >= 1);

        sim.close();

        assertThat(done).isCompletedExceptionally();
        assertThat(sim.truth()).extracting(ShopperTruth::walkedOut).containsOnly(false);
    }

    private static Map<String, Long> firstSeenBy(List<TagRead> reads, int antenna) {
        Map<String, Long> first = new HashMap<>();
        for (TagRead r : reads) {
            if (r.antenna() == antenna) {
                first.merge(Epc.hex96(r.epcHi(), r.epcLo()), r.firstSeenMicros(), Math::min);
            }
        }
        return first;
    }

    private FakeStore store() throws IOException {
        FakeStore store = new FakeStore(STAFF_KEY);
        toClose.add(store);
        return store;
    }

    private StoreSimulator simulator(int shoppers, long seed, Clock clock) {
        return simulator(shoppers, seed, clock, 3000);
    }

    private StoreSimulator simulator(int shoppers, long seed, Clock clock, long durationMs) {
        SimConfig config = new SimConfig(SimFixtures.layout(), SimFixtures.gtins(), shoppers, durationMs, seed, 50,
                300);
        StoreSimulator sim = new StoreSimulator(config, clock, QUICK);
        toClose.add(sim);
        return sim;
    }
}
