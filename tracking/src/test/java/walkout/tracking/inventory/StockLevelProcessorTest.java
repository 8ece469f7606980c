package walkout.tracking.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.Epc;
import walkout.events.ItemSold;
import walkout.events.PortalSide;
import walkout.events.StockLevelChanged;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topics;
import walkout.tracking.TrackingConfig;
import walkout.tracking.TrackingTopology;
import walkout.tracking.query.StockLevelQuery;

class StockLevelProcessorTest {
    private static final String STORE = "store-1";
    private static final String SOCKS = "80614141123458";
    private static final String SHIRT = "80614141123465";
    private static final long T0 = 1_763_820_000_000L;
    /** Past the settling time after T0. */
    private static final long SETTLED = StockLevelProcessor.SETTLE_MS + 1_000;

    @TempDir
    Path stateDir;

    /** Socks' threshold, changeable mid-test as a catalog reload would. Shirts are never low (threshold 0). */
    private final AtomicInteger socksThreshold = new AtomicInteger(2);
    private TopologyTestDriver driver;
    private TestInputTopic<String, TagSeen> tagReads;
    private TestInputTopic<String, ItemSold> itemsSold;
    private TestOutputTopic<String, StockLevelChanged> signals;
    private long readSeq;

    @BeforeEach
    void startDriver() {
        TrackingConfig config = TrackingConfig.defaults("stock-test", "127.0.0.1:9", "EXIT")
                .withStockThresholds(gtin -> SOCKS.equals(gtin) ? socksThreshold.get() : 0);
        driver = new TopologyTestDriver(new TrackingTopology(config).build(),
                TrackingTopology.streamsProperties(config, stateDir), Instant.parse("2026-11-22T12:00:00Z"));
        tagReads = driver.createInputTopic(Topics.TAG_READS.name(), Topics.TAG_READS.keySerde().serializer(),
                Topics.TAG_READS.valueSerde().serializer());
        itemsSold = driver.createInputTopic(Topics.ITEMS_SOLD.name(), Topics.ITEMS_SOLD.keySerde().serializer(),
                Topics.ITEMS_SOLD.valueSerde().serializer());
        signals = driver.createOutputTopic(Topics.STOCK_LEVELS.name(), Topics.STOCK_LEVELS.keySerde().deserializer(),
                Topics.STOCK_LEVELS.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldSignalLowWhenFloorCountDropsBelowThresholdAndRecoveredWhenRestocked() {
        shelfRead(epc(SOCKS, 1), "A1", T0);
        shelfRead(epc(SOCKS, 2), "A1", T0 + 100);
        shelfRead(epc(SOCKS, 3), "A2", T0 + 200);
        advanceStreamTime(T0 + SETTLED);
        assertThat(signals.isEmpty()).as("3 socks on the floor, threshold 2: not low").isTrue();

        sell(epc(SOCKS, 1), T0 + 7_000);
        advanceStreamTime(T0 + 7_500);
        assertThat(signals.isEmpty()).as("2 socks left, threshold 2: not below").isTrue();

        sell(epc(SOCKS, 3), T0 + 8_000);
        advanceStreamTime(T0 + 8_500);
        StockLevelChanged low = signals.readValue();
        assertThat(low.gtin()).isEqualTo(SOCKS);
        assertThat(low.storeId()).isEqualTo(STORE);
        assertThat(low.low()).isTrue();
        assertThat(low.floorCount()).isEqualTo(1);
        assertThat(low.threshold()).isEqualTo(2);
        assertThat(low.atMillis()).isBetween(T0 + 8_000, T0 + 8_500);

        shelfRead(epc(SOCKS, 4), "A1", T0 + 9_000);
        advanceStreamTime(T0 + 10_000);
        StockLevelChanged recovered = signals.readValue();
        assertThat(recovered.low()).isFalse();
        assertThat(recovered.floorCount()).isEqualTo(2);
        assertThat(signals.isEmpty()).as("one signal per crossing").isTrue();
    }

    @Test
    void shouldNotSignalWhileFirstStockTakeBuildsUpTheCount() {
        shelfRead(epc(SOCKS, 1), "A1", T0);
        advanceStreamTime(T0 + 1_000);
        shelfRead(epc(SOCKS, 2), "A1", T0 + 2_000);
        shelfRead(epc(SOCKS, 3), "A1", T0 + 2_100);
        advanceStreamTime(T0 + SETTLED);

        assertThat(signals.isEmpty()).as("1 of 3 counted at first: no low, then no recovery").isTrue();
        assertThat(level(SOCKS).floorCount()).isEqualTo(3);
    }

    @Test
    void shouldSignalLowWhenStockedBelowThresholdAndKeepTheProductAtZeroWhenEmptied() {
        shelfRead(epc(SOCKS, 1), "A1", T0);
        advanceStreamTime(T0 + 1_000);
        assertThat(signals.isEmpty()).as("still settling").isTrue();
        advanceStreamTime(T0 + SETTLED);
        assertThat(signals.readValue().floorCount()).as("settled below threshold").isEqualTo(1);

        sell(epc(SOCKS, 1), T0 + 7_000);
        advanceStreamTime(T0 + 8_000);
        assertThat(signals.isEmpty()).as("still low: no new crossing").isTrue();
        assertThat(level(SOCKS).floorCount()).isZero();
        assertThat(level(SOCKS).reorderQuantity()).isEqualTo(4);
    }

    @Test
    void shouldApplyChangedThresholdOnWallClockWhenStoreIsQuiet() {
        shelfRead(epc(SOCKS, 1), "A1", T0);
        shelfRead(epc(SOCKS, 2), "A1", T0 + 100);
        advanceStreamTime(T0 + SETTLED);
        assertThat(signals.isEmpty()).isTrue();

        socksThreshold.set(5);
        driver.advanceWallClockTime(Duration.ofSeconds(3));

        StockLevelChanged low = signals.readValue();
        assertThat(low.low()).isTrue();
        assertThat(low.threshold()).isEqualTo(5);
        assertThat(level(SOCKS).reorderQuantity()).as("back to 2 x 5 from 2").isEqualTo(8);
    }

    @Test
    void shouldAnswerQueryWithOneLevelPerProductSummedOverZones() {
        shelfRead(epc(SOCKS, 1), "A1", T0);
        shelfRead(epc(SOCKS, 2), "A2", T0 + 100);
        shelfRead(epc(SOCKS, 3), "A2", T0 + 200);
        advanceStreamTime(T0 + 1_000);

        KeyValueStore<String, StockLevel> store = driver.getKeyValueStore(TrackingTopology.STOCK_LEVEL_STORE);
        List<StockLevel> levels = StockLevelQuery.levels(store);

        assertThat(levels).extracting(StockLevel::gtin).containsExactly(SOCKS, SHIRT);
        StockLevel socks = levels.get(0);
        assertThat(socks.floorCount()).isEqualTo(3);
        assertThat(socks.threshold()).isEqualTo(2);
        assertThat(socks.low()).isFalse();
        assertThat(socks.reorderQuantity()).isZero();
    }

    private StockLevel level(String gtin) {
        KeyValueStore<String, StockLevel> store = driver.getKeyValueStore(TrackingTopology.STOCK_LEVEL_STORE);
        return store.get(STORE + "|" + gtin);
    }

    private static String epc(String gtin14, long serial) {
        Sgtin96Encoder encoder = new Sgtin96Encoder().encode(gtin14, 7, 1, serial);
        return Epc.hex96(encoder.hi(), encoder.lo());
    }

    private void shelfRead(String epc, String zone, long atMillis) {
        String reader = "r-" + zone;
        tagReads.pipeInput(STORE, new TagSeen(STORE, reader + ":" + readSeq++, reader, 1, zone, PortalSide.NONE, epc,
                atMillis * 1000, atMillis * 1000 + 200_000, -5500, 1), atMillis);
    }

    private void sell(String epc, long atMillis) {
        itemsSold.pipeInput(STORE, new ItemSold(STORE, epc, "v1", "o1", atMillis), atMillis);
    }

    /** Moves stream time with a shelf read of a shirt, a product that is never low. */
    private void advanceStreamTime(long atMillis) {
        shelfRead(epc(SHIRT, 999), "A9", atMillis);
    }
}
