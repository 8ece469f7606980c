package walkout.tracking;

import walkout.events.testing.TestKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.BeaconSighted;
import walkout.events.Epc;
import walkout.events.EpcisObjectEvent;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;
import walkout.tracking.epcis.EpcisEvents;
import walkout.tracking.query.EpcisQuery;

/** The tracking app against a real single-node broker: exactly_once_v2, RocksDB stores, the quiet-store guard. */
class TrackingAppIT {
    private static final String STORE = "store-1";
    private static final String SOCKS = "80614141123458";

    @TempDir
    Path dir;

    private TestKafka broker;
    private TrackingApp app;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new TestKafka(dir).start().createTopics();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        broker.close();
    }

    @Test
    void shouldEmitBasketAndServeInventoryWhenShopperWalksOutOfQuietStore() {
        TrackingConfig config = TrackingConfig.defaults("tracking-it", broker.bootstrap(), "EXIT");
        app = new TrackingApp(config, dir.resolve("state"));
        app.start();
        await().atMost(Duration.ofSeconds(60)).until(app::running);

        String taken = epc(1);
        String left = epc(2);
        long t0 = System.currentTimeMillis();
        try (KafkaProducer<String, TagSeen> reads = producer(Topics.TAG_READS);
             KafkaProducer<String, ShopperEvent> shoppers = producer(Topics.SHOPPER_EVENTS)) {
            shoppers.send(record(Topics.SHOPPER_EVENTS, new ShopperEntered(STORE, "v1", "c1", "g-entry", t0), t0));
            reads.send(record(Topics.TAG_READS, read(taken, PortalSide.NONE, "A1", t0 + 100), t0 + 100));
            reads.send(record(Topics.TAG_READS, read(left, PortalSide.NONE, "A1", t0 + 110), t0 + 110));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c1", "b-a1", "A1", -60, t0 + 500), t0 + 500));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c1", "b-exit", "EXIT", -60, t0 + 2_000), t0 + 2_000));
            reads.send(record(Topics.TAG_READS, read(taken, PortalSide.INNER, "EXIT", t0 + 2_100), t0 + 2_100));
            reads.send(record(Topics.TAG_READS, read(taken, PortalSide.OUTER, "EXIT", t0 + 2_500), t0 + 2_500));
        }

        List<BasketClosed> baskets = basketsUntil(closed -> !closed.isEmpty());
        assertThat(baskets).hasSize(1);
        assertThat(baskets.get(0).visitId()).isEqualTo("v1");
        assertThat(baskets.get(0).lines()).extracting(BasketLine::epc).containsExactly(taken);
        await().atMost(Duration.ofSeconds(30))
                .until(app::inventory, counts -> counts.contains(new InventoryCount(SOCKS, "A1", 1)));
        assertThat(app.inventory()).containsExactly(new InventoryCount(SOCKS, "A1", 1));
        assertThat(app.counters().itemsAttributed()).isEqualTo(1);

        app.close();
        assertThat(app.running()).isFalse();
    }

    @Test
    void shouldNeitherLoseNorRepeatBasketsWhenRestarted() {
        TrackingConfig config = TrackingConfig.defaults("tracking-it", broker.bootstrap(), "EXIT");
        long t0 = System.currentTimeMillis();
        app = new TrackingApp(config, dir.resolve("state"));
        app.start();
        try (KafkaProducer<String, ShopperEvent> shoppers = producer(Topics.SHOPPER_EVENTS)) {
            shoppers.send(record(Topics.SHOPPER_EVENTS, new ShopperEntered(STORE, "v1", "c1", "g-entry", t0), t0));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c1", "b-a1", "A1", -60, t0 + 900), t0 + 900));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c1", "b-exit", "EXIT", -60, t0 + 1_000), t0 + 1_000));
        }
        basketsUntil(closed -> closed.stream().anyMatch(basket -> basket.visitId().equals("v1")));
        app.close();

        app = new TrackingApp(config, dir.resolve("state"));
        app.start();
        try (KafkaProducer<String, ShopperEvent> shoppers = producer(Topics.SHOPPER_EVENTS)) {
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new ShopperEntered(STORE, "v2", "c2", "g-entry", t0 + 2_000), t0 + 2_000));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c2", "b-a1", "A1", -60, t0 + 2_900), t0 + 2_900));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c2", "b-exit", "EXIT", -60, t0 + 3_000), t0 + 3_000));
        }

        List<BasketClosed> baskets = basketsUntil(
                closed -> closed.stream().anyMatch(basket -> basket.visitId().equals("v2")));
        assertThat(baskets).extracting(BasketClosed::visitId).containsExactly("v1", "v2");
    }

    @Test
    void shouldKeepOpenVisitsPendingExitsAndEpcisEventsWhenRestartedMidVisitWithLocalStateLost() {
        // Only stream time decides here (the quiet-store guard is ten minutes away), so the restart falls exactly
        // between the item's exit and its decision, with visit v1 still open.
        TrackingConfig config = new TrackingConfig("tracking-it", broker.bootstrap(), "EXIT", 600, 1500, 0.25,
                3000, 600_000, 250);
        String taken = epc(10);
        long t0 = System.currentTimeMillis();
        app = new TrackingApp(config, dir.resolve("state-before"));
        app.start();
        try (KafkaProducer<String, TagSeen> reads = producer(Topics.TAG_READS);
             KafkaProducer<String, ShopperEvent> shoppers = producer(Topics.SHOPPER_EVENTS)) {
            shoppers.send(record(Topics.SHOPPER_EVENTS, new ShopperEntered(STORE, "v0", "c0", "g-entry", t0), t0));
            // v0 is at the exit 2.3 s before the item leaves: too early to be a candidate, so its basket closes.
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c0", "b-a1", "A1", -60, t0 + 100), t0 + 100));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c0", "b-exit", "EXIT", -60, t0 + 200), t0 + 200));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new ShopperEntered(STORE, "v1", "c1", "g-entry", t0 + 100), t0 + 100));
            reads.send(record(Topics.TAG_READS, read(taken, PortalSide.NONE, "A1", t0 + 200), t0 + 200));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c1", "b-a1", "A1", -60, t0 + 600), t0 + 600));
            reads.send(record(Topics.TAG_READS, carried(taken, "A1", t0 + 700), t0 + 700));
            reads.send(record(Topics.TAG_READS, carried(taken, "A1", t0 + 1_200), t0 + 1_200));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c1", "b-exit", "EXIT", -60, t0 + 2_000), t0 + 2_000));
            reads.send(record(Topics.TAG_READS, read(taken, PortalSide.INNER, "EXIT", t0 + 2_100), t0 + 2_100));
            reads.send(record(Topics.TAG_READS, read(taken, PortalSide.OUTER, "EXIT", t0 + 2_500), t0 + 2_500));
            // Stream time t0 + 3.9 s: the item's pass was decided (over at t0 + 3.1 s, decided 0.5 s later for late
            // reads), v0's basket closes (due at t0 + 3.2 s); the item's attribution is due at t0 + 4 s.
            reads.send(record(Topics.TAG_READS, read(epc(11), PortalSide.NONE, "A9", t0 + 3_900), t0 + 3_900));
        }
        assertThat(basketsUntil(closed -> !closed.isEmpty())).extracting(BasketClosed::visitId).containsExactly("v0");
        app.close();

        app = new TrackingApp(config, dir.resolve("state-after"));
        app.start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                () -> app.epcisEvents(t0, null, EpcisQuery.MAX_LIMIT).events(),
                events -> events.stream().anyMatch(event -> event.epcList().contains(uri(taken))));
        try (KafkaProducer<String, TagSeen> reads = producer(Topics.TAG_READS);
             KafkaProducer<String, ShopperEvent> shoppers = producer(Topics.SHOPPER_EVENTS)) {
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new ShopperEntered(STORE, "v2", "c2", "g-entry", t0 + 4_000), t0 + 4_000));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c2", "b-a1", "A1", -60, t0 + 4_400), t0 + 4_400));
            shoppers.send(record(Topics.SHOPPER_EVENTS,
                    new BeaconSighted(STORE, "c2", "b-exit", "EXIT", -60, t0 + 4_500), t0 + 4_500));
            reads.send(record(Topics.TAG_READS, read(epc(12), PortalSide.NONE, "A9", t0 + 6_000), t0 + 6_000));
            reads.send(record(Topics.TAG_READS, read(epc(13), PortalSide.NONE, "A9", t0 + 8_000), t0 + 8_000));
        }

        // One partition: a basket emitted twice would be on the topic before v2's, which closes last.
        List<BasketClosed> baskets = basketsUntil(
                closed -> closed.stream().anyMatch(basket -> basket.visitId().equals("v2")));
        assertThat(baskets).extracting(BasketClosed::visitId).containsExactly("v0", "v1", "v2");
        assertThat(baskets.get(1).lines()).extracting(BasketLine::epc).containsExactly(taken);
        // Every read counted once across the restart: shelf, two carried, inner, outer.
        assertThat(baskets.get(1).lines().get(0).evidence().reads()).isEqualTo(5);
        List<EpcisObjectEvent> published = committedUntil(Topics.EPCIS_EVENTS, events -> events.size() >= 4);
        assertThat(published).extracting(EpcisObjectEvent::bizStep).containsOnly("stocking");
        assertThat(published).extracting(event -> event.epcList().get(0))
                .containsExactlyInAnyOrder(uri(taken), uri(epc(11)), uri(epc(12)), uri(epc(13)));
    }

    /** Every committed basket from the start of the topic, read until {@code done} holds for them. */
    private List<BasketClosed> basketsUntil(Predicate<List<BasketClosed>> done) {
        return committedUntil(Topics.BASKETS, done);
    }

    /** Every committed value of {@code topic} from its start, read until {@code done} holds for them. */
    private <V> List<V> committedUntil(Topic<V> topic, Predicate<List<V>> done) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = committedConsumer(topic)) {
            // Nothing follows the exit sightings in some tests: only the wall-clock guard can close those baskets.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return done.test(values);
            });
        }
        return values;
    }

    private static String epc(long serial) {
        Sgtin96Encoder encoder = new Sgtin96Encoder().encode(SOCKS, 7, 1, serial);
        return Epc.hex96(encoder.hi(), encoder.lo());
    }

    private static TagSeen read(String epc, PortalSide side, String zone, long atMillis) {
        return read(epc, side, zone, atMillis, -5500);
    }

    /** A read of a carried item: weaker than a shelf read. */
    private static TagSeen carried(String epc, String zone, long atMillis) {
        return read(epc, PortalSide.NONE, zone, atMillis, -7200);
    }

    private static TagSeen read(String epc, PortalSide side, String zone, long atMillis, int rssiCdbm) {
        return new TagSeen(STORE, "r:" + epc + ":" + atMillis, "r", side == PortalSide.OUTER ? 2 : 1, zone, side, epc,
                atMillis * 1000, atMillis * 1000, rssiCdbm, 1);
    }

    private static String uri(String epc) {
        return new EpcisEvents().epcUri(epc);
    }

    private static <V> ProducerRecord<String, V> record(Topic<V> topic, V value, long atMillis) {
        return new ProducerRecord<>(topic.name(), null, atMillis, STORE, value);
    }

    private <V> KafkaProducer<String, V> producer(Topic<V> topic) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
                new StringSerializer(), topic.valueSerde().serializer());
    }

    private <V> KafkaConsumer<String, V> committedConsumer(Topic<V> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tracking-it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }
}
