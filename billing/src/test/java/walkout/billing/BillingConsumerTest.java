package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.events.CustomerRegistered;
import walkout.events.ItemSold;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;

/** The consumer loop against Kafka's MockConsumer/MockProducer; the store's IT covers a real broker. */
class BillingConsumerTest {
    private static final TopicPartition CUSTOMERS = new TopicPartition(Topics.CUSTOMERS.name(), 0);
    private static final TopicPartition BASKETS = new TopicPartition(Topics.BASKETS.name(), 0);
    private static final TopicPartition ALERTS = new TopicPartition(Topics.ALERTS.name(), 0);

    @TempDir
    Path tempDir;

    private Ledger ledger;
    private SimpleMeterRegistry meters;
    private MockConsumer<String, byte[]> kafka;
    private MockProducer<String, byte[]> producer;
    private BillingConsumer consumer;
    private Thread thread;

    @BeforeEach
    void setUp() {
        ledger = Ledger.open("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath());
        ledger.migrate();
        meters = new SimpleMeterRegistry();
        BillingMetrics metrics = new BillingMetrics(meters);
        Clock clock = Clock.systemUTC();
        BasketHandler baskets = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                new HousePaymentGateway(ledger, clock), metrics, clock);
        kafka = new MockConsumer<>("earliest");
        kafka.updateBeginningOffsets(Map.of(CUSTOMERS, 0L, BASKETS, 0L, ALERTS, 0L));
        producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        consumer = new BillingConsumer(kafka, new RecordDispatcher(ledger, baskets, metrics, clock), baskets,
                new OutboxPublisher(ledger, producer, metrics, clock, 100), metrics, Duration.ofMillis(20), clock);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (thread != null) {
            consumer.stop();
            thread.join(10_000);
        }
        ledger.close();
    }

    private <V> ConsumerRecord<String, byte[]> record(Topic<V> topic, long offset, V value) {
        return new ConsumerRecord<>(topic.name(), 0, offset, Fixtures.STORE,
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    @Test
    void shouldChargeCommitAndPublishItemsSoldWhenABasketArrives() throws InterruptedException {
        String epc = Fixtures.epc(Fixtures.SOCKS, 42);
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(CUSTOMERS, BASKETS, ALERTS));
            kafka.addRecord(record(Topics.CUSTOMERS, 0,
                    new CustomerRegistered(Fixtures.STORE, "c-ada", "Ada", "pm_card_visa", 1L)));
            kafka.addRecord(new ConsumerRecord<>(Topics.BASKETS.name(), 0, 0, Fixtures.STORE,
                    "garbage".getBytes(StandardCharsets.UTF_8)));
            kafka.addRecord(record(Topics.BASKETS, 1, Fixtures.basket("v-1", "c-ada", epc)));
        });
        thread = new Thread(consumer, "billing-consumer-test");
        thread.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(kafka.committed(Set.of(BASKETS, CUSTOMERS)))
                    .containsEntry(BASKETS, new org.apache.kafka.clients.consumer.OffsetAndMetadata(2))
                    .containsEntry(CUSTOMERS, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1));
            assertThat(producer.history()).hasSize(1);
        });

        assertThat(ledger.orderByVisit("v-1").orElseThrow().status()).isEqualTo(OrderStatus.CHARGED);
        ItemSold sold = Topics.ITEMS_SOLD.valueSerde().deserializer()
                .deserialize(Topics.ITEMS_SOLD.name(), producer.history().get(0).value());
        assertThat(sold.epc()).isEqualTo(epc);
        assertThat(sold.visitId()).isEqualTo("v-1");
        assertThat(producer.history().get(0).key()).isEqualTo(Fixtures.STORE);
        assertThat(meters.get("walkout.billing.records.undecodable").counter().count()).isEqualTo(1);
        assertThat(consumer.healthy()).isTrue();

        consumer.stop();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(kafka.closed()).isTrue();
    }

    @Test
    void shouldDeferBasketInsteadOfFailingWhenItsCustomerIsStillUnreadOnTheCustomersTopic() {
        ConsumerRecord<String, byte[]> basket = record(Topics.BASKETS, 0,
                Fixtures.basket("v-late", "c-bob", Fixtures.epc(Fixtures.APPLES, 1)));
        kafka.schedulePollTask(() -> {
            kafka.rebalance(List.of(CUSTOMERS, BASKETS, ALERTS));
            kafka.updateEndOffsets(Map.of(CUSTOMERS, 1L));
            kafka.addRecord(basket);
        });
        kafka.schedulePollTask(() -> kafka.addRecord(record(Topics.CUSTOMERS, 0,
                new CustomerRegistered(Fixtures.STORE, "c-bob", "Bob", "pm_card_visa", 1L))));
        // MockConsumer forgets what it returned: hand the rewound basket back as the broker would after the seek.
        for (int i = 0; i < 3; i++) {
            kafka.schedulePollTask(() -> kafka.addRecord(basket));
        }
        thread = new Thread(consumer, "billing-consumer-test");
        thread.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ledger.orderByVisit("v-late")).hasValueSatisfying(
                        o -> assertThat(o.status()).isEqualTo(OrderStatus.CHARGED)));
        assertThat(ledger.payments(ledger.orderByVisit("v-late").orElseThrow().orderId())).hasSize(1);
        assertThat(meters.get("walkout.billing.charge.failures").counter().count()).isZero();
    }
}
