package walkout.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
import walkout.events.Evidence;
import walkout.events.ItemSold;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;
import walkout.tracking.inventory.FloorCount;
import walkout.tracking.item.ItemState;
import walkout.tracking.item.ItemStatus;
import walkout.tracking.item.PendingExit;
import walkout.tracking.item.TravelSegment;
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
    private TestOutputTopic<String, BasketClosed> baskets;
    private TestOutputTopic<String, AlertRaised> alerts;
    private long readSeq;

    @BeforeEach
    void startDriver() {
        Properties props = TrackingTopology.streamsProperties(config, stateDir);
        props.put(CountingDeserializationHandler.COUNTERS_CONFIG, counters);
        driver = new TopologyTestDriver(new TrackingTopology(config, counters).build(), props, wallStart);
        tagReads = input(Topics.TAG_READS);
        shopperEvents = input(Topics.SHOPPER_EVENTS);
        itemsSold = input(Topics.ITEMS_SOLD);
        baskets = driver.createOutputTopic(Topics.BASKETS.name(), Topics.BASKETS.keySerde().deserializer(),
                Topics.BASKETS.valueSerde().deserializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
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
        assertThat(line.evidence().zones()).containsExactly("A1", EXIT);
        assertThat(line.evidence().reads()).isEqualTo(3);
        assertThat(line.evidence().score()).isCloseTo(0.6, within(1e-9));
        assertThat(line.evidence().margin()).isCloseTo(0.6, within(1e-9));
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
        double winner = 1.0 - 100.0 / 1500;
        double runnerUp = 1.0 - 1_100.0 / 1500;
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
        assertThat(visit.trail()).containsExactly(EXIT, "A2");
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
    void shouldNotMoveItemOnLoneInnerRead() {
        String socks = epc(SOCKS, 8);
        read(socks, PortalSide.NONE, "A1", T0 + 100);
        read(socks, PortalSide.INNER, EXIT, T0 + 1_000);
        advanceStreamTime(T0 + 4_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 4_200);

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
        read(socks2, PortalSide.NONE, "A2", T0 + 1_000);
        read(socks3, PortalSide.INNER, EXIT, T0 + 2_000);
        read(socks3, PortalSide.OUTER, EXIT, T0 + 2_200);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, shirt2, "v0", "o0", T0 + 2_500), T0 + 2_500);

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
        assertThat(visitStore().get("v2").trail()).containsExactly("A2");
    }

    @Test
    void shouldRaiseUnpaidExitWithinOneSecondWhenNobodyIsAtExit() {
        String socks = epc(SOCKS, 26);
        enter("v1", "c1", T0);
        sight("c1", "A1", T0 + 5_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 9_000);
        read(socks, PortalSide.OUTER, EXIT, T0 + 9_400);

        advanceStreamTime(T0 + 10_400);

        List<AlertRaised> raised = alerts.readValuesToList();
        assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.UNPAID_EXIT);
        assertThat(raised.get(0).atMillis()).isEqualTo(T0 + 9_400);
        assertThat(keys(TrackingTopology.PENDING_EXIT_STORE)).isEmpty();
    }

    @Test
    void shouldWaitWholeWindowBeforeUnpaidExitWhenSomeoneIsAtExit() {
        String socks = epc(SOCKS, 27);
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 7_500);
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

        List<AlertRaised> raised = alerts.readValuesToList();
        assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.AMBIGUOUS);
        assertThat(raised.get(0).visitIds()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(baskets.readValuesToList()).allSatisfy(basket -> assertThat(basket.lines()).isEmpty());
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
        enter("v1", "c1", T0);
        sight("c1", EXIT, T0 + 10_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 10_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 10_600);
        advanceStreamTime(T0 + 13_500);
        assertThat(onlyBasket().lines()).extracting(BasketLine::epc).containsExactly(socks);
        itemsSold.pipeInput(STORE, new ItemSold(STORE, socks, "v1", "o1", T0 + 14_000), T0 + 14_000);

        read(socks, PortalSide.OUTER, EXIT, T0 + 30_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 30_500);
        enter("v2", "c1", T0 + 31_000);
        sight("c1", "A1", T0 + 32_000);
        carry(socks, "A1", T0 + 32_000, T0 + 38_000);
        sight("c1", EXIT, T0 + 40_000);
        read(socks, PortalSide.INNER, EXIT, T0 + 40_100);
        read(socks, PortalSide.OUTER, EXIT, T0 + 40_600);
        advanceStreamTime(T0 + 44_000);

        BasketClosed again = onlyBasket();
        assertThat(again.visitId()).isEqualTo("v2");
        assertThat(again.lines()).isEmpty();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(item(socks).status()).isEqualTo(ItemStatus.SOLD);
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
        int antenna = side == PortalSide.OUTER ? 2 : 1;
        String reader = side == PortalSide.NONE ? "r-" + zone : "r-exit";
        TagSeen read = new TagSeen(STORE, reader + ":" + readSeq++, reader, antenna, zone, side, epc,
                atMillis * 1000, atMillis * 1000 + 200_000, rssiCdbm, 1);
        tagReads.pipeInput(STORE, read, atMillis);
    }

    /** Weak reads of a carried item by the antennas of {@code zone}, every second from {@code fromMillis}. */
    private void carry(String epc, String zone, long fromMillis, long untilMillis) {
        for (long t = fromMillis; t <= untilMillis; t += 1_000) {
            read(epc, PortalSide.NONE, zone, t, CARRIED_RSSI);
        }
    }

    private void enter(String visitId, String customerId, long atMillis) {
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
