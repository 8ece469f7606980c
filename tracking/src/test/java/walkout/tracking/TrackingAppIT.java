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
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;

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
                    new BeaconSighted(STORE, "c2", "b-exit", "EXIT", -60, t0 + 3_000), t0 + 3_000));
        }

        List<BasketClosed> baskets = basketsUntil(
                closed -> closed.stream().anyMatch(basket -> basket.visitId().equals("v2")));
        assertThat(baskets).extracting(BasketClosed::visitId).containsExactly("v1", "v2");
    }

    /** Every committed basket from the start of the topic, read until {@code done} holds for them. */
    private List<BasketClosed> basketsUntil(Predicate<List<BasketClosed>> done) {
        List<BasketClosed> baskets = new ArrayList<>();
        try (KafkaConsumer<String, BasketClosed> consumer = committedConsumer(Topics.BASKETS)) {
            // Nothing follows the exit sightings: only the wall-clock guard can close these baskets.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, BasketClosed> record : consumer.poll(Duration.ofMillis(200))) {
                    baskets.add(record.value());
                }
                return done.test(baskets);
            });
        }
        return baskets;
    }

    private static String epc(long serial) {
        Sgtin96Encoder encoder = new Sgtin96Encoder().encode(SOCKS, 7, 1, serial);
        return Epc.hex96(encoder.hi(), encoder.lo());
    }

    private static TagSeen read(String epc, PortalSide side, String zone, long atMillis) {
        return new TagSeen(STORE, "r:" + epc + ":" + atMillis, "r", side == PortalSide.OUTER ? 2 : 1, zone, side, epc,
                atMillis * 1000, atMillis * 1000, -5500, 1);
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
