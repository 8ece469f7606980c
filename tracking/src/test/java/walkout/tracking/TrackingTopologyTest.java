package walkout.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.AlertRaised;
import walkout.events.AlertType;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.BeaconSighted;
import walkout.events.Epc;
import walkout.events.EpcisObjectEvent;
import walkout.events.Evidence;
import walkout.events.ItemReturned;
import walkout.events.ItemSold;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;
import walkout.tracking.epcis.EpcisEvents;
import walkout.tracking.epcis.EpcisSchema;
import walkout.tracking.inventory.FloorCount;
import walkout.tracking.item.ItemState;
import walkout.tracking.item.ItemStatus;
import walkout.tracking.item.PendingExit;
import walkout.tracking.item.TravelSegment;
import walkout.tracking.query.EpcisQuery;
import walkout.tracking.query.InventoryQuery;
import walkout.tracking.visit.Visit;

class TrackingTopologyTest {
    private static final String STORE = "store-1";
    private static final String EXIT = "EXIT";
    private static final String SOCKS = "80614141123458";
    private static final String SHIRT = "80614141123465";
    /** A carried item's read: weaker than the default carried threshold, the body shields it. */
    private static final int CARRIED_RSSI = -7200;
    /** Stream time starts here; every test's story happens after it. */
    private static final long T0 = 1_763_820_000_000L;

    @TempDir
    Path stateDir;

    private final TrackingConfig config = TrackingConfig.defaults("tracking-test", "127.0.0.1:9", EXIT);
    private final TrackingCounters counters = new TrackingCounters();
    private final Instant wallStart = Instant.parse("2026-11-22T12:00:00Z");
    private TopologyTestDriver driver;
    private TestInputTopic<String, TagSeen> tagReads;
    private TestInputTopic<String, ShopperEvent> shopperEvents;
    private TestInputTopic<String, ItemSold> itemsSold;
    private TestInputTopic<String, ItemReturned> itemsReturned;
    private TestOutputTopic<String, BasketClosed> baskets;
    private TestOutputTopic<String, AlertRaised> alerts;
    private TestOutputTopic<String, EpcisObjectEvent> epcisEvents;
    private long readSeq;

    @BeforeEach
    void startDriver() {
        Properties props = TrackingTopology.streamsProperties(config, stateDir);
        props.put(CountingDeserializationHandler.COUNTERS_CONFIG, counters);
        driver = new TopologyTestDriver(new TrackingTopology(config, counters).build(), props, wallStart);
        tagReads = input(Topics.TAG_READS);
        shopperEvents = input(Topics.SHOPPER_EVENTS);
        itemsSold = input(Topics.ITEMS_SOLD);
        itemsReturned = input(Topics.ITEMS_RETURNED);
        baskets = driver.createOutputTopic(Topics.BASKETS.name(), Topics.BASKETS.keySerde().deserializer(),
                Topics.BASKETS.valueSerde().deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        epcisEvents = driver.createOutputTopic(Topics.EPCIS_EVENTS.name(),
                Topics.EPCIS_EVENTS.keySerde().deserializer(), Topics.EPCIS_EVENTS.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldChargeVisitAtExitWhenItemLeavesInnerThenOuter() {
        String socks = epc(SOCKS, 1);
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 1_000);
        read(socks, PortalSide.NONE, "A1", T0 + 1_500);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_600);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_900);

        advanceStreamTime(T0 + 13_100);

        BasketClosed basket = onlyBasket();
        assertThat(basket.visitId()).isEqualTo("v1");
        assertThat(basket.customerId()).isEqualTo("c1");
        assertThat(basket.exitedAtMillis()).isEqualTo(T0 + 10_000);
        assertThat(basket.lines()).extracting(BasketLine::epc).containsExactly(socks);
        BasketLine line = basket.lines().get(0);
        assertThat(line.exitedAtMillis()).isEqualTo(T0 + 10_600);
        assertThat(line.evidence().exitInnerMillis()).isEqualTo(T0 + 10_100);
        assertThat(line.evidence().exitOuterMillis()).isEqualTo(T0 + 10_600);
        assertThat(line.evidence().visitExitMillis()).isEqualTo(T0 + 10_000);
        assertThat(line.evidence().phonePassedMillis()).as("one sighting cannot tell the pass").isNull();
        assertThat(line.evidence().zones()).containsExactly("A0", "A1", EXIT);
        assertThat(line.evidence().reads()).as("every read up to the end of its pass").isEqualTo(4);
        // 600 ms from the sighting, less 500 ms of slack for a phone heard once at the exit.
        assertThat(line.evidence().score()).isCloseTo(1 - 100 / 1_500.0, within(1e-9));
        assertThat(line.evidence().margin()).isCloseTo(1 - 100 / 1_500.0, within(1e-9));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(item(socks).status()).isEqualTo(ItemStatus.EXITED);
        assertThat(item(socks).exitedAtMillis()).isEqualTo(T0 + 10_600);
        assertThat(keys(TrackingTopology.VISIT_STORE)).isEmpty();
        assertThat(keys(TrackingTopology.OPEN_VISIT_BY_CUSTOMER_STORE)).isEmpty();
        assertThat(keys(TrackingTopology.PENDING_EXIT_STORE)).isEmpty();
    }

    @Test
    void shouldNotExitItemWhenReadOuterThenInner() {
        String socks = epc(SOCKS, 2);
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_100);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_500);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_700);
        read(socks, PortalSide.INNER, EXIT, T0 + 11_000);

        advanceStreamTime(T0 + 13_100);

        assertThat(onlyBasket().lines()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(item(socks).exitedAtMillis()).isEqualTo(ItemState.NONE);
        assertThat(counters.itemExits()).isZero();
    }

    @Test
    void shouldRaiseUnpaidExitWhenNoVisitNearExit() {
        String socks = epc(SOCKS, 3);
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 5_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 9_400);

        advanceStreamTime(T0 + 11_000);

        List<AlertRaised> raised = alerts.readValuesToList();
        assertThat(raised).hasSize(1);
        AlertRaised alert = raised.get(0);
        assertThat(alert.type()).isEqualTo(AlertType.UNPAID_EXIT);
        assertThat(alert.epc()).isEqualTo(socks);
        assertThat(alert.visitIds()).isEmpty();
        assertThat(alert.atMillis()).isEqualTo(T0 + 9_400);
        assertThat(alert.alertId()).isEqualTo("UNPAID_EXIT:" + socks + ":" + (T0 + 9_400));
        assertThat(alert.storeId()).isEqualTo(STORE);
        assertThat(onlyBasket().lines()).isEmpty();
        assertThat(keys(TrackingTopology.PENDING_EXIT_STORE)).isEmpty();
        assertThat(counters.unpaidExits()).isEqualTo(1);
    }

    @Test
    void shouldHoldItemAsAmbiguousWhenTwoShoppersExitTogether() {
        String socks = epc(SOCKS, 4);
        enter("v1", "c1", T0);
        enter("v2", "c2", T0 + 100);
        sight("c1", EXIT, T0 + 10_000);
        sight("c2", EXIT, T0 + 10_200);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_800);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_100);

        advanceStreamTime(T0 + 13_500);

        List<AlertRaised> raised = alerts.readValuesToList();
        assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.AMBIGUOUS);
        assertThat(raised.get(0).visitIds()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(raised.get(0).alertId()).isEqualTo("AMBIGUOUS:" + socks + ":" + (T0 + 10_100));
        List<BasketClosed> closed = baskets.readValuesToList();
        assertThat(closed).extracting(BasketClosed::visitId).containsExactlyInAnyOrder("v1", "v2");
        assertThat(closed).allSatisfy(basket -> assertThat(basket.lines()).isEmpty());
    }

    @Test
    void shouldChargeCloserShopperWhenMarginIsClear() {
        String socks = epc(SOCKS, 5);
        enter("v1", "c1", T0);
        enter("v2", "c2", T0 + 100);
        sight("c1", EXIT, T0 + 10_000);
        sight("c2", EXIT, T0 + 11_200);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_800);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_100);

        advanceStreamTime(T0 + 14_500);

        List<BasketClosed> closed = baskets.readValuesToList();
        assertThat(closed).extracting(BasketClosed::visitId).containsExactly("v1", "v2");
        assertThat(closed.get(0).lines()).extracting(BasketLine::epc).containsExactly(socks);
        // One sighting each: 500 ms of slack (the phones' reporting gap is unknown).
        double winner = 1.0;
        double runnerUp = 1.0 - 600.0 / 1500;
        assertThat(closed.get(0).lines().get(0).evidence().score()).isCloseTo(winner, within(1e-9));
        assertThat(closed.get(0).lines().get(0).evidence().margin()).isCloseTo(winner - runnerUp, within(1e-9));
        assertThat(closed.get(1).lines()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldAttributeItemWhenExitSightingArrivesAfterTheItemLeft() {
        String socks = epc(SOCKS, 6);
        enter("v1", "c1", T0);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_300);
        advanceStreamTime(T0 + 11_000);
        sight("c1", EXIT, T0 + 10_800);

        advanceStreamTime(T0 + 14_000);

        assertThat(onlyBasket().lines()).extracting(BasketLine::epc).containsExactly(socks);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldWithdrawItemFromBasketWhenShopperBringsItBackInside() {
        String socks = epc(SOCKS, 31);
        enter("v1", "c1", T0);
        read(socks, PortalSide.NONE, "A1", T0 + 500);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_300);
        advanceStreamTime(T0 + 11_900);
        assertThat(visitStore().get("v1").lines()).extracting(BasketLine::epc).containsExactly(socks);
        assertThat(item(socks).attributedVisitId()).isEqualTo("v1");

        sight("c1", "A1", T0 + 12_000);
        read(socks, PortalSide.NONE, "A1", T0 + 12_500);
        sight("c1", EXIT, T0 + 20_000);
        advanceStreamTime(T0 + 23_100);

        assertThat(onlyBasket().lines()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(item(socks).attributedVisitId()).isNull();
        assertThat(floorCounts()).containsExactly(new InventoryCount(SOCKS, "A1", 1));
        assertThat(counters.itemsReturned()).isEqualTo(1);
    }

    @Test
    void shouldNotAlarmWhenItemComesBackInsideBeforeDecision() {
        String socks = epc(SOCKS, 32);
        read(socks, PortalSide.NONE, "A1", T0 + 500);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_300);
        read(socks, PortalSide.NONE, "A1", T0 + 10_900);

        advanceStreamTime(T0 + 15_000);

        assertThat(alerts.isEmpty()).isTrue();
        assertThat(keys(TrackingTopology.PENDING_EXIT_STORE)).isEmpty();
        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);
    }

    @Test
    void shouldIgnoreSoldItemPassingExit() {
        String socks = epc(SOCKS, 7);
        read(socks, PortalSide.NONE, "A1", T0 + 500);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, socks, "v0", "o0", T0 + 1_000), T0 + 1_000);
        enter("v1", "c1", T0 + 2_000);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_300);

        advanceStreamTime(T0 + 13_500);

        assertThat(onlyBasket().lines()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(item(socks).status()).isEqualTo(ItemStatus.SOLD);
        assertThat(keys(TrackingTopology.PENDING_EXIT_STORE)).isEmpty();
        assertThat(counters.soldItemsIgnoredAtExit()).isEqualTo(1);
        assertThat(floorCounts()).isEmpty();
    }

    @Test
    void shouldCloseBasketAfterGraceOnStreamTime() {
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);

        advanceStreamTime(T0 + 12_750);
        assertThat(baskets.isEmpty()).isTrue();
        assertThat(keys(TrackingTopology.VISIT_STORE)).containsExactly("v1");

        advanceStreamTime(T0 + 13_000);
        BasketClosed basket = onlyBasket();
        assertThat(basket.visitId()).isEqualTo("v1");
        assertThat(basket.closedAtMillis()).isEqualTo(T0 + 13_000);
        assertThat(basket.enteredAtMillis()).isEqualTo(T0);
        assertThat(keys(TrackingTopology.VISIT_STORE)).isEmpty();

        advanceStreamTime(T0 + 20_000);
        assertThat(baskets.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepVisitOpenWhenShopperGoesBackInsideFromExit() {
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);
        sight("c1", "A2", T0 + 11_000);

        advanceStreamTime(T0 + 30_000);

        assertThat(baskets.isEmpty()).isTrue();
        Visit visit = visitStore().get("v1");
        assertThat(visit.atExit()).isFalse();
        assertThat(visit.trail()).containsExactly("A0", EXIT, "A2");
        assertThat(visit.exitSightingsMillis()).containsExactly(T0 + 10_000);
    }

    @Test
    void shouldCloseBasketOnWallClockWhenStoreIsQuiet() {
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);

        driver.advanceWallClockTime(Duration.ofMillis(1_000));
        assertThat(baskets.isEmpty()).isTrue();

        for (int i = 0; i < 6 && baskets.isEmpty(); i++) {
            driver.advanceWallClockTime(Duration.ofMillis(1_000));
        }

        BasketClosed basket = onlyBasket();
        assertThat(basket.visitId()).isEqualTo("v1");
        assertThat(basket.closedAtMillis()).isGreaterThanOrEqualTo(T0 + 13_000);
        assertThat(keys(TrackingTopology.VISIT_STORE)).isEmpty();
    }

    @Test
    void shouldNotCloseBasketOnWallClockWhileStreamTimeAdvances() {
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);

        // A fast replay: much wall time passes, but stream time moves on every step and never reaches the grace.
        for (int i = 1; i <= 10; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(1_000));
            advanceStreamTime(T0 + 10_000 + i * 100L);
        }

        assertThat(baskets.isEmpty()).isTrue();
        assertThat(keys(TrackingTopology.VISIT_STORE)).containsExactly("v1");
    }

    @Test
    void shouldNotMoveItemWhenALoneInnerReadIsFollowedByAFloorRead() {
        String socks = epc(SOCKS, 8);
        read(socks, PortalSide.NONE, "A1", T0 + 100);
        read(socks, PortalSide.INNER, EXIT, T0 + 1_000);
        read(socks, PortalSide.NONE, "A1", T0 + 3_000);

        advanceStreamTime(T0 + 10_000);

        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(item(socks).zone()).isEqualTo("A1");
        assertThat(keys(TrackingTopology.PENDING_EXIT_STORE)).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(floorCounts()).contains(new InventoryCount(SOCKS, "A1", 1));
    }

    @Test
    void shouldCountInventoryPerGtinAndZone() {
        String socks1 = epc(SOCKS, 11);
        String socks2 = epc(SOCKS, 12);
        String socks3 = epc(SOCKS, 13);
        String shirt1 = epc(SHIRT, 21);
        String shirt2 = epc(SHIRT, 22);
        read(socks1, PortalSide.NONE, "A1", T0 + 100);
        read(socks2, PortalSide.NONE, "A1", T0 + 110);
        read(socks3, PortalSide.NONE, "A1", T0 + 120);
        read(shirt1, PortalSide.NONE, "A2", T0 + 130);
        read(shirt2, PortalSide.NONE, "A2", T0 + 140);
        // Its A1 shelf has been quiet for 1.9 s: past the mobility profile's margin, an equal read elsewhere moves it.
        read(socks2, PortalSide.NONE, "A2", T0 + 2_000);
        read(socks3, PortalSide.INNER, EXIT, T0 + 2_000);
        read(socks3, PortalSide.OUTER, EXIT, T0 + 2_200);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, shirt2, "v0", "o0", T0 + 2_500), T0 + 2_500);
        // The pass is decided once it is over.
        advanceStreamTime(T0 + 4_000);

        assertThat(floorCounts()).containsExactly(
                new InventoryCount(SOCKS, "A1", 1),
                new InventoryCount(SOCKS, "A2", 1),
                new InventoryCount(SHIRT, "A2", 1));
    }

    @Test
    void shouldSkipNonSgtinTagWhenItLeaves() {
        String gid = "350000000000000000000001";
        read(gid, PortalSide.NONE, "A1", T0 + 100);
        read(gid, PortalSide.INNER, EXIT, T0 + 1_000);
        read(gid, PortalSide.OUTER, EXIT, T0 + 1_300);

        advanceStreamTime(T0 + 5_000);

        assertThat(alerts.isEmpty()).isTrue();
        assertThat(itemStore().get(gid)).isNull();
        assertThat(counters.nonSgtinReads()).isEqualTo(3);
        assertThat(floorCounts()).isEmpty();
    }

    @Test
    void shouldSkipUndecodableRecordAndKeepProcessing() {
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.TAG_READS.name(), new StringSerializer(),
                new ByteArraySerializer());
        raw.pipeInput(STORE, "{not json".getBytes(StandardCharsets.UTF_8), T0);
        String socks = epc(SOCKS, 9);
        read(socks, PortalSide.NONE, "A1", T0 + 100);

        assertThat(counters.undecodableRecords()).isEqualTo(1);
        assertThat(item(socks).zone()).isEqualTo("A1");
    }

    @Test
    void shouldCloseSupersededVisitWhenCustomerEntersAgain() {
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 1_000);
        enter("v2", "c1", T0 + 5_000);
        sight("c1", "A2", T0 + 6_000);

        advanceStreamTime(T0 + 8_500);

        BasketClosed basket = onlyBasket();
        assertThat(basket.visitId()).isEqualTo("v1");
        assertThat(basket.exitedAtMillis()).isEqualTo(T0 + 5_000);
        assertThat(keys(TrackingTopology.VISIT_STORE)).containsExactly("v2");
        assertThat(visitStore().get("v2").trail()).containsExactly("A0", "A2");
    }

    @Test
    void shouldRaiseUnpaidExitWithinTwoSecondsOfTheLastPortalReadWhenNobodyIsAtExit() {
        String socks = epc(SOCKS, 26);
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 5_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 9_400);

        // The pass is over 1 s after its last read, decided 0.5 s later for reads still on their way; its exit
        // (9.4 s) is then past its attribution window.
        advanceStreamTime(T0 + 10_800);
        assertThat(alerts.isEmpty()).isTrue();
        advanceStreamTime(T0 + 11_400);

        List<AlertRaised> raised = alerts.readValuesToList();
        assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.UNPAID_EXIT);
        assertThat(raised.get(0).atMillis()).isEqualTo(T0 + 9_400);
        assertThat(keys(TrackingTopology.PENDING_EXIT_STORE)).isEmpty();
    }

    @Test
    void shouldRaiseUnpaidExitWhenTheOnlyVisitAtTheExitWasThereTooEarly() {
        String socks = epc(SOCKS, 27);
        enter("v1", "c1", T0);
        // 2.1 s before the item: more than the window and the 0.5 s slack of a phone heard once.
        sight("c1", EXIT, T0 + 7_300);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 9_400);

        advanceStreamTime(T0 + 10_400);
        assertThat(alerts.isEmpty()).isTrue();

        advanceStreamTime(T0 + 11_000);
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::type).containsExactly(AlertType.UNPAID_EXIT);
    }

    @Test
    void shouldIgnoreStrayReadNearExit() {
        String socks = epc(SOCKS, 20);
        read(socks, PortalSide.NONE, "A3", T0);
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_000, -7600);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_400, -7800);

        advanceStreamTime(T0 + 14_000);

        assertThat(onlyBasket().lines()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(counters.itemExits()).isZero();
        assertThat(counters.strayPortalReads()).isEqualTo(2);
        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(item(socks).zone()).isEqualTo("A3");
    }

    @Test
    void shouldMarkItemMovingWhenReadWeakerThanOnShelfAndBackOnShelfWhenPutDownElsewhere() {
        String socks = epc(SOCKS, 21);
        read(socks, PortalSide.NONE, "A1", T0);
        assertThat(floorCounts()).extracting(InventoryCount::zone).containsExactly("A1");

        read(socks, PortalSide.NONE, "A1", T0 + 1_000, CARRIED_RSSI);
        read(socks, PortalSide.NONE, "A2", T0 + 3_000, CARRIED_RSSI);
        read(socks, PortalSide.NONE, "A2", T0 + 3_400, CARRIED_RSSI);

        assertThat(item(socks).status()).isEqualTo(ItemStatus.MOVING);
        assertThat(item(socks).travel()).containsExactly(new TravelSegment("A1", T0 + 1_000, T0 + 1_000, 1),
                new TravelSegment("A2", T0 + 3_000, T0 + 3_400, 2));
        assertThat(floorCounts()).isEmpty();

        read(socks, PortalSide.NONE, "A2", T0 + 5_000);
        assertThat(item(socks).status()).as("a shelf-strength read soon after a carried one: still carried")
                .isEqualTo(ItemStatus.MOVING);

        read(socks, PortalSide.NONE, "A2", T0 + 3_400 + config.settleMs());

        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(item(socks).travel()).isEmpty();
        assertThat(floorCounts()).extracting(InventoryCount::zone).containsExactly("A2");
    }

    @Test
    void shouldChargeCarrierWhenShoppersWhoShoppedApartExitTogether() {
        String socks = epc(SOCKS, 22);
        enter("v1", "c1", T0);
        enter("v2", "c2", T0 + 100);
        sight("c1", "A1", T0 + 1_000);
        sight("c2", "A2", T0 + 1_000);
        read(socks, PortalSide.NONE, "A1", T0 + 500);
        carry(socks, "A1", T0 + 2_000, T0 + 8_000);
        sight("c1", EXIT, T0 + 9_500);
        sight("c2", EXIT, T0 + 9_700);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_800);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_100);

        advanceStreamTime(T0 + 13_500);

        List<BasketClosed> closed = baskets.readValuesToList();
        assertThat(closed).extracting(BasketClosed::visitId).containsExactly("v1", "v2");
        assertThat(closed.get(0).lines()).extracting(BasketLine::epc).containsExactly(socks);
        assertThat(closed.get(1).lines()).isEmpty();
        Evidence evidence = closed.get(0).lines().get(0).evidence();
        assertThat(evidence.zones()).containsExactly("A1", EXIT);
        assertThat(evidence.reads()).isEqualTo(7);
        assertThat(evidence.margin()).isGreaterThanOrEqualTo(config.minMargin());
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldHoldItemAsAmbiguousWhenFamilyWalkedTogether() {
        String socks = epc(SOCKS, 23);
        enter("v1", "c1", T0);
        enter("v2", "c2", T0 + 100);
        sight("c1", "A1", T0 + 1_000);
        sight("c2", "A1", T0 + 1_200);
        carry(socks, "A1", T0 + 2_000, T0 + 8_000);
        sight("c1", EXIT, T0 + 9_500);
        sight("c2", EXIT, T0 + 9_700);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_800);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_100);

        advanceStreamTime(T0 + 13_500);

        assertThat(heldAsAmbiguousWithEmptyBaskets().visitIds()).containsExactlyInAnyOrder("v1", "v2");
    }

    @Test
    void shouldHoldItemWhenOnlyShopperAtExitDidNotTravelWithIt() {
        String socks = epc(SOCKS, 24);
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 1_000);
        carry(socks, "A2", T0 + 2_000, T0 + 8_000);
        sight("c1", EXIT, T0 + 9_500);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_800);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_100);

        advanceStreamTime(T0 + 13_500);

        List<AlertRaised> raised = alerts.readValuesToList();
        assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.AMBIGUOUS);
        assertThat(raised.get(0).visitIds()).containsExactly("v1");
        assertThat(onlyBasket().lines()).isEmpty();
    }

    @Test
    void shouldNotChargeSoldItemCarriedBackIn() {
        String socks = epc(SOCKS, 25);
        sellAtExit(socks);

        read(socks, PortalSide.OUTER, EXIT, T0 + 30_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 30_500);
        carryOut(socks, "v2", "c1", T0 + 31_000);

        BasketClosed again = onlyBasket();
        assertThat(again.visitId()).isEqualTo("v2");
        assertThat(again.lines()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(item(socks).status()).isEqualTo(ItemStatus.SOLD);
    }

    @Test
    void shouldPlaceOpenVisitsInTheirLastZoneWhenQueried() {
        enter("v1", "c1", T0);
        enterOnly("v2", "c2", T0 + 100);
        sight("c1", "A1", T0 + 1_000);
        sight("c1", "A2", T0 + 2_000);

        List<ShopperPosition> shoppers = walkout.tracking.query.VisitQuery.positions(visitStore());

        assertThat(shoppers).containsExactly(new ShopperPosition("v1", "c1", "A2", T0),
                new ShopperPosition("v2", "c2", null, T0 + 100));
    }

    @Test
    void shouldChargeRefundedItemAgainOnlyAfterItIsBackOnAShelfAndTakenOut() {
        String socks = epc(SOCKS, 26);
        sellAtExit(socks);
        // Brought back: carried in through the portal (outer then inner) to the service desk in A2, still sold.
        read(socks, PortalSide.OUTER, EXIT, T0 + 20_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 20_500);
        read(socks, PortalSide.NONE, "A2", T0 + 21_000);
        assertThat(item(socks).status()).isEqualTo(ItemStatus.SOLD);
        assertThat(floorCounts()).as("a sold item is not stock").isEmpty();

        itemsReturned.pipeInput(STORE, new ItemReturned(STORE, socks.toLowerCase(), "o1", "rfd-1", T0 + 22_000),
                T0 + 22_000);
        itemsReturned.pipeInput(STORE, new ItemReturned(STORE, socks, "o1", "rfd-1", T0 + 22_000), T0 + 22_000);

        assertThat(item(socks).status()).isEqualTo(ItemStatus.RETURNED);
        assertThat(floorCounts()).as("returned, not on a shelf yet").isEmpty();
        epcisEvents.readValuesToList();
        read(socks, PortalSide.NONE, "A1", T0 + 25_000);
        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(floorCounts()).containsExactly(new InventoryCount(SOCKS, "A1", 1));
        assertThat(epcisEvents.readValuesToList()).as("back on sale: stocked again").extracting(
                EpcisObjectEvent::bizStep, EpcisObjectEvent::disposition, EpcisObjectEvent::eventTime,
                event -> event.readPoint().id()).containsExactly(tuple("stocking", "sellable_accessible",
                Instant.ofEpochMilli(T0 + 25_000).toString(), "urn:walkout:store:store-1:zone:A1"));

        carryOut(socks, "v2", "c2", T0 + 30_000);

        BasketClosed again = onlyBasket();
        assertThat(again.visitId()).isEqualTo("v2");
        assertThat(again.lines()).extracting(BasketLine::epc).containsExactly(socks);
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(floorCounts()).isEmpty();
    }

    @Test
    void shouldAlarmReturnedItemLeavingWithNobodyAndIgnoreAReturnOfAnUnsoldItem() {
        String socks = epc(SOCKS, 27);
        String shirt = epc(SHIRT, 28);
        read(socks, PortalSide.NONE, "A1", T0 + 500);
        read(shirt, PortalSide.NONE, "A1", T0 + 500);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, socks, "v0", "o0", T0 + 1_000), T0 + 1_000);
        itemsReturned.pipeInput(STORE, new ItemReturned(STORE, shirt, "o0", "rfd-0", T0 + 1_500), T0 + 1_500);
        assertThat(item(shirt).status()).as("never sold: a return changes nothing").isEqualTo(ItemStatus.ON_FLOOR);
        itemsReturned.pipeInput(STORE, new ItemReturned(STORE, socks, "o0", "rfd-1", T0 + 2_000), T0 + 2_000);

        // Returned but never back on a shelf, it leaves with no shopper: the same as any unsold item.
        read(socks, PortalSide.INNER, EXIT, T0 + 10_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_300);
        advanceStreamTime(T0 + 15_000);

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::type, AlertRaised::epc)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.UNPAID_EXIT, socks));
        assertThat(item(socks).status()).isEqualTo(ItemStatus.EXITED);
    }

    @Test
    void shouldChargeFamilyMemberWhosePhonePassedThePortalWithTheItem() {
        String socks = epc(SOCKS, 80);
        walkTogether(socks);
        walkThroughPortal("c1", T0 + 10_000);
        walkThroughPortal("c2", T0 + 11_200);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_100);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_500);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_700);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_900);

        advanceStreamTime(T0 + 16_000);

        assertThat(alerts.readValuesToList()).isEmpty();
        Map<String, BasketClosed> closed = new HashMap<>();
        baskets.readValuesToList().forEach(basket -> closed.put(basket.visitId(), basket));
        assertThat(closed.get("v1").lines()).extracting(BasketLine::epc).containsExactly(socks);
        assertThat(closed.get("v2").lines()).isEmpty();
        // The evidence names when v1's phone passed the portal: its loudest exit sighting, its neighbours level.
        assertThat(closed.get("v1").lines().get(0).evidence().visitExitMillis()).isEqualTo(T0 + 10_000);
        assertThat(closed.get("v1").lines().get(0).evidence().phonePassedMillis()).isEqualTo(T0 + 10_000);
    }

    @Test
    void shouldHoldWhenPassTimesAreTooClose() {
        String socks = epc(SOCKS, 81);
        walkTogether(socks);
        walkThroughPortal("c1", T0 + 10_000);
        walkThroughPortal("c2", T0 + 10_400);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_900);

        advanceStreamTime(T0 + 16_000);

        assertThat(heldAsAmbiguousWithEmptyBaskets().visitIds()).containsExactly("v1", "v2");
    }

    @Test
    void shouldKeepExitSightingsWithTheirRssiInTheVisit() {
        enter("v1", "c1", T0);
        walkThroughPortal("c1", T0 + 10_000);

        Visit visit = visitStore().get("v1");
        assertThat(visit.exitSightingsMillis()).containsExactly(T0 + 9_500, T0 + 10_000, T0 + 10_500, T0 + 11_000,
                T0 + 11_500);
        assertThat(visit.exitSightingsRssiDbm()).containsExactly(-57, -53, -57, -61, -64);
    }

    /** Asserts the one alert raised is AMBIGUOUS and every basket closed without lines; returns that alert. */
    @Test
    void shouldChargeOnceWhenInnerAndOuterReadsInterleaveWithinOnePass() {
        // As seen in a store that is not our simulator: two inner/outer pairs 200 ms apart, the second inner read
        // delivered after the first outer one although it is older.
        String socks = epc(SOCKS, 80);
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 1_000);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_234);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_521);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_506);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_793);
        sight("c1", EXIT, T0 + 11_000);

        advanceStreamTime(T0 + 16_000);

        assertThat(onlyBasket().lines()).extracting(BasketLine::epc).containsExactly(socks);
        assertThat(counters.itemExits()).isEqualTo(1);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldExitAtMostOncePerPassWhateverTheOrderOfPortalReads() {
        Random random = new Random(14);
        int passes = 150;
        int rightWay = 0;
        for (int n = 0; n < passes; n++) {
            long start = T0 + n * 60_000L;
            boolean leaving = random.nextBoolean();
            String socks = epc(SOCKS, 1_000 + n);
            String visitId = "v-" + n;
            String customerId = "c-" + n;
            enter(visitId, customerId, start);
            if (leaving) {
                read(socks, PortalSide.NONE, "A1", start + 500);
            }
            sight(customerId, "A1", start + 1_000);
            sight(customerId, EXIT, start + 9_500);
            sight(customerId, EXIT, start + 11_000);
            long exitsBefore = counters.itemExits();
            for (TagSeen read : shuffledWithin100Ms(portalBurst(socks, start + 10_000, leaving, random), random)) {
                tagReads.pipeInput(STORE, read, read.atMillis());
            }
            advanceStreamTime(start + 20_000);

            long exits = counters.itemExits() - exitsBefore;
            List<BasketLine> lines = baskets.readValuesToList().stream().flatMap(b -> b.lines().stream()).toList();
            alerts.readValuesToList();
            assertThat(exits).as("pass %d (%s): exits", n, leaving ? "out" : "in").isLessThanOrEqualTo(1);
            assertThat(lines).as("pass %d: lines", n).hasSizeLessThanOrEqualTo(1);
            rightWay += (lines.size() == 1) == leaving ? 1 : 0;
        }
        assertThat(rightWay).as("passes told the right way out of %d", passes).isGreaterThanOrEqualTo(passes - 3);
    }

    @Test
    void shouldKeepTheVisitOpenWhenThePhoneHearsTheExitBeaconWhileEntering() {
        String socks = epc(SOCKS, 81);
        enterOnly("v1", "c1", T0);
        sight("c1", EXIT, T0 + 100);
        sight("c1", EXIT, T0 + 900);
        advanceStreamTime(T0 + 8_000);
        assertThat(baskets.isEmpty()).as("entering is not leaving").isTrue();

        sight("c1", "A1", T0 + 9_000);
        carry(socks, "A1", T0 + 9_000, T0 + 14_000);
        sight("c1", EXIT, T0 + 20_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 20_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 20_500);
        advanceStreamTime(T0 + 25_000);

        assertThat(onlyBasket().lines()).extracting(BasketLine::epc).containsExactly(socks);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldNotMakeAShopperWalkingInACandidateForAnItemLeavingThen() {
        String socks = epc(SOCKS, 82);
        carryOut(socks, "v1", "c1", T0);
        String sweater = epc(SOCKS, 83);
        enter("v2", "c2", T0 + 20_000);
        sight("c2", "A1", T0 + 21_000);
        carry(sweater, "A1", T0 + 21_000, T0 + 27_000);
        sight("c2", EXIT, T0 + 29_000);
        enterOnly("v3", "c3", T0 + 29_000);
        sight("c3", EXIT, T0 + 29_200);
        read(sweater, PortalSide.INNER, EXIT, T0 + 29_100);
        read(sweater, PortalSide.OUTER, EXIT, T0 + 29_600);
        advanceStreamTime(T0 + 34_000);

        assertThat(baskets.readValuesToList()).extracting(BasketClosed::visitId, b -> b.lines().size())
                .containsExactly(tuple("v1", 1), tuple("v2", 1));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(keys(TrackingTopology.VISIT_STORE)).containsExactly("v3");
    }

    @Test
    void shouldTreatAnItemAsLeftWhenTheOuterAntennaMissesIt() {
        String socks = epc(SOCKS, 84);
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 1_000);
        carry(socks, "A1", T0 + 1_000, T0 + 7_000);
        sight("c1", EXIT, T0 + 9_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_100);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_300);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_500);
        sight("c1", EXIT, T0 + 9_600);

        advanceStreamTime(T0 + 13_000);
        assertThat(baskets.isEmpty()).as("the basket waits for the item's pass to be decided").isTrue();
        advanceStreamTime(T0 + 20_000);

        assertThat(onlyBasket().lines()).extracting(BasketLine::epc, BasketLine::exitedAtMillis)
                .containsExactly(tuple(socks, T0 + 9_500));
        assertThat(counters.missedOuterExits()).isEqualTo(1);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldRaiseUnpaidExitWhenTheOuterAntennaMissesAnItemNobodyTook() {
        String socks = epc(SOCKS, 85);
        read(socks, PortalSide.NONE, "A1", T0);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_100);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_300, -6300);

        advanceStreamTime(T0 + 16_000);

        assertThat(alerts.readValuesToList()).extracting(AlertRaised::type, AlertRaised::epc)
                .containsExactly(tuple(AlertType.UNPAID_EXIT, socks));
    }

    @Test
    void shouldCloseASilentVisitWithAnAlertWhenItTimesOut() {
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 1_000);

        advanceStreamTime(T0 + 1_000 + config.visitTimeoutMs() - 1_000);
        assertThat(baskets.isEmpty()).isTrue();
        advanceStreamTime(T0 + 1_000 + config.visitTimeoutMs() + 500);

        assertThat(onlyBasket().visitId()).isEqualTo("v1");
        assertThat(alerts.readValuesToList()).extracting(AlertRaised::type, AlertRaised::visitIds)
                .containsExactly(tuple(AlertType.VISIT_TIMED_OUT, List.of("v1")));
        assertThat(counters.visitsTimedOut()).isEqualTo(1);
    }

    private AlertRaised heldAsAmbiguousWithEmptyBaskets() {
        List<AlertRaised> raised = alerts.readValuesToList();
        assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.AMBIGUOUS);
        assertThat(baskets.readValuesToList()).allSatisfy(basket -> assertThat(basket.lines()).isEmpty());
        return raised.get(0);
    }

    /** Shopper c1 (visit v1) leaves with the item at T0 + 10.6 s; its basket closes and billing sells it (o1). */
    private void sellAtExit(String epc) {
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);
        read(epc, PortalSide.INNER, EXIT, T0 + 10_100);
        read(epc, PortalSide.OUTER, EXIT, T0 + 10_600);
        advanceStreamTime(T0 + 13_500);
        assertThat(onlyBasket().lines()).extracting(BasketLine::epc).containsExactly(epc);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, epc, "v1", "o1", T0 + 14_000), T0 + 14_000);
    }

    /** A shopper enters at {@code fromMillis}, carries the item in A1 and leaves with it; stream time passes grace. */
    private void carryOut(String epc, String visitId, String customerId, long fromMillis) {
        enter(visitId, customerId, fromMillis);
        sight(customerId, "A1", fromMillis + 1_000);
        carry(epc, "A1", fromMillis + 1_000, fromMillis + 7_000);
        sight(customerId, EXIT, fromMillis + 9_000);
        read(epc, PortalSide.INNER, EXIT, fromMillis + 9_100);
        read(epc, PortalSide.OUTER, EXIT, fromMillis + 9_600);
        advanceStreamTime(fromMillis + 13_000);
    }

    @Test
    void shouldKeepItemOnShelfWhenNeighbouringShelfReadsItWeakerAndMoveItWhenStrongerReadsPersist() {
        String socks = epc(SOCKS, 70);
        for (long t = T0; t <= T0 + 10_000; t += 1_000) {
            read(socks, PortalSide.NONE, "A1", t, -5500);
        }
        read(socks, PortalSide.NONE, "A2", T0 + 2_200, -6000);
        read(socks, PortalSide.NONE, "A2", T0 + 5_200, -6000);
        assertThat(item(socks).zone()).isEqualTo("A1");
        assertThat(item(socks).status()).isEqualTo(ItemStatus.ON_FLOOR);

        read(socks, PortalSide.NONE, "A2", T0 + 10_100, -5000);
        assertThat(item(socks).zone()).as("one stronger read within the hold-off").isEqualTo("A1");
        assertThat(floorCounts()).extracting(InventoryCount::zone).containsExactly("A1");

        read(socks, PortalSide.NONE, "A2", T0 + 10_600, -5000);
        read(socks, PortalSide.NONE, "A2", T0 + 11_100, -5000);

        assertThat(item(socks).zone()).isEqualTo("A2");
        assertThat(item(socks).zoneAtMillis()).isEqualTo(T0 + 11_100);
        assertThat(floorCounts()).extracting(InventoryCount::zone).containsExactly("A2");
    }

    @Test
    void shouldCountReadOnceWhenRelayResendsItAfterCrash() {
        String socks = epc(SOCKS, 80);
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 1_000);
        read(socks, PortalSide.NONE, "A1", T0 + 1_500);
        TagSeen carried = tagSeen(socks, PortalSide.NONE, "A1", T0 + 2_000, CARRIED_RSSI);
        for (int copy = 0; copy < 3; copy++) {
            tagReads.pipeInput(STORE, carried, T0 + 2_000);
        }
        carry(socks, "A1", T0 + 3_000, T0 + 4_000);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_600);
        tagReads.pipeInput(STORE, carried, T0 + 10_700);

        advanceStreamTime(T0 + 13_700);

        BasketLine line = onlyBasket().lines().get(0);
        assertThat(line.epc()).isEqualTo(socks);
        assertThat(line.evidence().reads()).as("three distinct carried reads").isEqualTo(3);
        assertThat(counters.resentReads()).isEqualTo(3);
        assertThat(item(socks).reads()).isEqualTo(6);
    }

    @Test
    void shouldEmitEpcisEventsWhenItemIsStockedSoldAndLeavesUnpaid() {
        String socks = epc(SOCKS, 40);
        String shirt = epc(SHIRT, 41);
        read(socks, PortalSide.NONE, "A1", T0);
        read(socks, PortalSide.NONE, "A1", T0 + 1_000);
        read(shirt, PortalSide.NONE, "A2", T0 + 500);
        enter("v1", "c1", T0 + 2_000);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_600);
        advanceStreamTime(T0 + 13_700);
        assertThat(onlyBasket().lines()).extracting(BasketLine::epc).containsExactly(socks);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, socks, "v1", "o1", T0 + 14_000), T0 + 14_000);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, socks, "v1", "o1", T0 + 14_000), T0 + 14_000);
        read(shirt, PortalSide.INNER, EXIT, T0 + 30_000);
        read(shirt, PortalSide.OUTER, EXIT, T0 + 30_400);
        advanceStreamTime(T0 + 32_000);

        List<KeyValue<String, EpcisObjectEvent>> published = epcisEvents.readKeyValuesToList().stream()
                .filter(kv -> !kv.value.readPoint().id().endsWith(":zone:A9")).toList();
        assertThat(published).extracting(kv -> kv.key).containsOnly(STORE);
        List<EpcisObjectEvent> events = published.stream().map(kv -> kv.value).toList();
        assertThat(events).extracting(EpcisObjectEvent::bizStep, EpcisObjectEvent::disposition,
                EpcisObjectEvent::eventTime, event -> event.readPoint().id()).containsExactly(
                tuple("stocking", "sellable_accessible", Instant.ofEpochMilli(T0).toString(),
                        "urn:walkout:store:store-1:zone:A1"),
                tuple("stocking", "sellable_accessible", Instant.ofEpochMilli(T0 + 500).toString(),
                        "urn:walkout:store:store-1:zone:A2"),
                tuple("retail_selling", "retail_sold", Instant.ofEpochMilli(T0 + 14_000).toString(),
                        "urn:walkout:store:store-1:zone:EXIT"),
                tuple("entering_exiting", "stolen", Instant.ofEpochMilli(T0 + 30_400).toString(),
                        "urn:walkout:store:store-1:zone:EXIT"));
        assertThat(events.get(2).epcList()).containsExactly(new EpcisEvents().epcUri(socks));
        for (EpcisObjectEvent event : events) {
            assertThat(EpcisSchema.errors(event)).as(event.bizStep()).isEmpty();
        }
        EpcisQuery.EpcisPage stored = EpcisQuery.page(driver.getKeyValueStore(TrackingTopology.EPCIS_STORE),
                T0, null, EpcisQuery.MAX_LIMIT);
        assertThat(stored.events()).containsAll(events);
        assertThat(EpcisSchema.errors(EpcisQuery.document(stored.events(), wallStart))).isEmpty();
    }

    @Test
    void shouldPageEpcisEventsBySinceAndTokenWhenMoreThanLimit() {
        for (int i = 0; i < 6; i++) {
            read(epc(SOCKS, 50 + i), PortalSide.NONE, "A1", T0 + i * 1_000L);
        }
        KeyValueStore<String, EpcisObjectEvent> store = driver.getKeyValueStore(TrackingTopology.EPCIS_STORE);

        EpcisQuery.EpcisPage first = EpcisQuery.page(store, T0 + 1_000, null, 2);
        EpcisQuery.EpcisPage second = EpcisQuery.page(store, T0 + 1_000, first.nextPageToken(), 2);
        EpcisQuery.EpcisPage last = EpcisQuery.page(store, T0 + 1_000, second.nextPageToken(), 2);

        assertThat(first.events()).extracting(EpcisObjectEvent::eventTimeMillis).containsExactly(T0 + 1_000,
                T0 + 2_000);
        assertThat(second.events()).extracting(EpcisObjectEvent::eventTimeMillis).containsExactly(T0 + 3_000,
                T0 + 4_000);
        assertThat(second.nextPageToken()).isNotNull();
        assertThat(last.events()).extracting(EpcisObjectEvent::eventTimeMillis).containsExactly(T0 + 5_000);
        assertThat(last.nextPageToken()).isNull();
    }

    @Test
    void shouldPruneEpcisEventsOlderThanRetention() {
        read(epc(SOCKS, 60), PortalSide.NONE, "A1", T0);
        read(epc(SOCKS, 61), PortalSide.NONE, "A1", T0 + 1_000);
        assertThat(keys(TrackingTopology.EPCIS_STORE)).hasSize(2);

        advanceStreamTime(T0 + config.epcisRetentionMs() + 500);

        List<EpcisObjectEvent> left = EpcisQuery.page(driver.getKeyValueStore(TrackingTopology.EPCIS_STORE), 0,
                null, EpcisQuery.MAX_LIMIT).events();
        assertThat(left).extracting(EpcisObjectEvent::eventTimeMillis)
                .allMatch(t -> t >= T0 + 500);
        assertThat(left).extracting(EpcisObjectEvent::eventTimeMillis).contains(T0 + 1_000);
    }

    private <V> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static String epc(String gtin14, long serial) {
        Sgtin96Encoder encoder = new Sgtin96Encoder().encode(gtin14, 7, 1, serial);
        return Epc.hex96(encoder.hi(), encoder.lo());
    }

    private void read(String epc, PortalSide side, String zone, long atMillis) {
        read(epc, side, zone, atMillis, -5500);
    }

    private void read(String epc, PortalSide side, String zone, long atMillis, int rssiCdbm) {
        tagReads.pipeInput(STORE, tagSeen(epc, side, zone, atMillis, rssiCdbm), atMillis);
    }

    /** A smoothed read as the relay sends it, with a fresh record id. */
    private TagSeen tagSeen(String epc, PortalSide side, String zone, long atMillis, int rssiCdbm) {
        int antenna = side == PortalSide.OUTER ? 2 : 1;
        String reader = side == PortalSide.NONE ? "r-" + zone : "r-exit";
        return new TagSeen(STORE, reader + ":" + readSeq++, reader, antenna, zone, side, epc,
                atMillis * 1000, atMillis * 1000 + 200_000, rssiCdbm, 1);
    }

    /** Weak reads of a carried item by the antennas of {@code zone}, every second from {@code fromMillis}. */
    private void carry(String epc, String zone, long fromMillis, long untilMillis) {
        for (long t = fromMillis; t <= untilMillis; t += 1_000) {
            read(epc, PortalSide.NONE, zone, t, CARRIED_RSSI);
        }
    }

    /** Two shoppers (v1/c1, v2/c2) walk aisle A1 together while the item is carried there: co-travel is equal. */
    private void walkTogether(String epc) {
        enter("v1", "c1", T0);
        enter("v2", "c2", T0 + 100);
        sight("c1", "A1", T0 + 1_000);
        sight("c2", "A1", T0 + 1_000);
        carry(epc, "A1", T0 + 1_500, T0 + 7_500);
    }

    /**
     * The phone of {@code customerId} hears the portal's exit beacon every half second from half a second before it
     * passes the portal at {@code passMillis} to 1.5 s after, loudest as it passes.
     */
    private void walkThroughPortal(String customerId, long passMillis) {
        int[] rssiDbm = {-57, -53, -57, -61, -64};
        for (int k = 0; k < rssiDbm.length; k++) {
            long atMillis = passMillis - 500 + k * 500L;
            shopperEvents.pipeInput(STORE, new BeaconSighted(STORE, customerId, "b-" + EXIT, EXIT, rssiDbm[k],
                    atMillis), atMillis);
        }
    }

    /**
     * One pass of an item through a portal whose two antennas' fields overlap: over 1.5 s both read it, the antenna it
     * walks away from more often and louder early, the one it walks towards later.
     */
    private List<TagSeen> portalBurst(String epc, long startMillis, boolean leaving, Random random) {
        List<TagSeen> burst = new ArrayList<>();
        for (long t = 0; t <= 1_500; t += 100) {
            double progress = t / 1_500.0;
            double nearFirst = 0.9 - 0.6 * progress;
            double nearSecond = 0.3 + 0.6 * progress;
            PortalSide first = leaving ? PortalSide.INNER : PortalSide.OUTER;
            PortalSide second = leaving ? PortalSide.OUTER : PortalSide.INNER;
            if (random.nextDouble() < nearFirst) {
                burst.add(tagSeen(epc, first, EXIT, startMillis + t, (int) (-5000 - 1400 * progress)));
            }
            if (random.nextDouble() < nearSecond) {
                burst.add(tagSeen(epc, second, EXIT, startMillis + t, (int) (-6400 + 1400 * progress)));
            }
        }
        return burst;
    }

    /** The reads in the order they arrive when each is delivered up to 100 ms late. */
    private static List<TagSeen> shuffledWithin100Ms(List<TagSeen> reads, Random random) {
        Map<TagSeen, Long> arrival = new HashMap<>();
        reads.forEach(read -> arrival.put(read, read.atMillis() + random.nextInt(101)));
        return reads.stream().sorted((a, b) -> Long.compare(arrival.get(a), arrival.get(b))).toList();
    }

    /** The shopper scans in, and their phone hears the first floor zone's beacon right after. */
    private void enter(String visitId, String customerId, long atMillis) {
        enterOnly(visitId, customerId, atMillis);
        sight(customerId, "A0", atMillis + 1);
    }

    private void enterOnly(String visitId, String customerId, long atMillis) {
        shopperEvents.pipeInput(STORE, new ShopperEntered(STORE, visitId, customerId, "g-entry", atMillis), atMillis);
    }

    private void sight(String customerId, String zone, long atMillis) {
        shopperEvents.pipeInput(STORE, new BeaconSighted(STORE, customerId, "b-" + zone, zone, -60, atMillis),
                atMillis);
    }

    /** Moves stream time with a shelf read of an item that plays no part in the story. */
    private void advanceStreamTime(long atMillis) {
        read(epc(SHIRT, 999), PortalSide.NONE, "A9", atMillis);
    }

    private BasketClosed onlyBasket() {
        List<BasketClosed> closed = baskets.readValuesToList();
        assertThat(closed).hasSize(1);
        return closed.get(0);
    }

    private ItemState item(String epc) {
        ItemState item = itemStore().get(epc);
        assertThat(item).as("item state of %s", epc).isNotNull();
        return item;
    }

    private KeyValueStore<String, ItemState> itemStore() {
        return driver.getKeyValueStore(TrackingTopology.ITEM_STORE);
    }

    private KeyValueStore<String, Visit> visitStore() {
        return driver.getKeyValueStore(TrackingTopology.VISIT_STORE);
    }

    /** Floor counts without the stream-time ticker's zone. */
    private List<InventoryCount> floorCounts() {
        KeyValueStore<String, FloorCount> counts = driver.getKeyValueStore(TrackingTopology.INVENTORY_STORE);
        return InventoryQuery.floorCounts(counts).stream().filter(count -> !count.zone().equals("A9")).toList();
    }

    private List<String> keys(String storeName) {
        KeyValueStore<String, Object> store = driver.getKeyValueStore(storeName);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Object> entry = it.next();
                keys.add(entry.key);
            }
        }
        return keys;
    }
}
