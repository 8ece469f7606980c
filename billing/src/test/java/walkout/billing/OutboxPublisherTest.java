package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.OutboxMessage;
import walkout.billing.ledger.Refund;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.events.ItemReturned;
import walkout.events.topic.Topics;

class OutboxPublisherTest {
    private static final long NOW_MILLIS = 1_763_820_020_000L;

    @TempDir
    Path tempDir;

    private Ledger ledger;
    private SimpleMeterRegistry meters;
    private BillingMetrics metrics;
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath());
        ledger.migrate();
        meters = new SimpleMeterRegistry();
        metrics = new BillingMetrics(meters);
        Order zero = new Order("ord-1", Fixtures.STORE, "v-1", "c-1", OrderStatus.CHARGED, "EUR", 0, null,
                NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, List.of(), null);
        ledger.insertOrder(zero, List.of(
                OutboxMessage.of(Topics.ITEMS_SOLD.name(), Fixtures.STORE, "{\"n\":1}", NOW_MILLIS),
                OutboxMessage.of(Topics.ITEMS_SOLD.name(), Fixtures.STORE, "{\"n\":2}", NOW_MILLIS)));
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void shouldSendInOrderAndMarkSentWhenBrokerAcknowledges() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        OutboxPublisher publisher = new OutboxPublisher(ledger, producer, metrics, clock, 100);

        assertThat(publisher.publishPending()).isEqualTo(2);
        assertThat(publisher.publishPending()).as("nothing left to send").isZero();

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly(Topics.ITEMS_SOLD.name());
        assertThat(sent).extracting(ProducerRecord::key).containsOnly(Fixtures.STORE);
        assertThat(sent).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(ledger.unsentOutbox(10)).isEmpty();
        assertThat(meters.get("walkout.billing.outbox.sent").counter().count()).isEqualTo(2);
    }

    @Test
    void shouldKeepRowsUnsentWhenTheFirstIsNotAcknowledged() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                errorNext(new TimeoutException("broker unreachable"));
                super.flush();
            }
        };
        OutboxPublisher publisher = new OutboxPublisher(ledger, producer, metrics, clock, 100);

        assertThat(publisher.publishPending()).isZero();

        assertThat(ledger.unsentOutbox(10)).hasSize(2);
        assertThat(meters.get("walkout.billing.outbox.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldSendItemReturnedOnceWhenARefundSucceeded() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        OutboxPublisher publisher = new OutboxPublisher(ledger, producer, metrics, clock, 100);
        ledger.upsertCustomer(new Customer("c-ada", Fixtures.STORE, "Ada", "pm_card_visa", NOW_MILLIS));
        HousePaymentGateway house = new HousePaymentGateway(ledger, clock);
        String socks = Fixtures.epc(Fixtures.SOCKS, 1);
        new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger, house, metrics, clock)
                .onBasket(Fixtures.basket("v-2", "c-ada", socks));
        String orderId = ledger.orderByVisit("v-2").orElseThrow().orderId();
        RefundHandler refunds = new RefundHandler(ledger, house, metrics, clock,
                BillingConfig.DEFAULT_REFUND_WINDOW_MS);
        Refund refund = refunds.refund(orderId, List.of(socks), "eve", null);

        assertThat(publisher.publishPending()).as("2 setup rows, item sold, item returned").isEqualTo(4);
        refunds.refund(orderId, List.of(socks), "eve", null);
        assertThat(publisher.publishPending()).as("a repeated refund request writes nothing new").isZero();

        List<ProducerRecord<String, byte[]>> returned = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.ITEMS_RETURNED.name()))
                .toList();
        assertThat(returned).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(Fixtures.STORE);
            assertThat(Topics.ITEMS_RETURNED.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                    .isEqualTo(new ItemReturned(Fixtures.STORE, socks, orderId, refund.refundId(), NOW_MILLIS));
        });
        assertThat(producer.history()).extracting(ProducerRecord::topic).as("sold goes out before returned")
                .containsSubsequence(Topics.ITEMS_SOLD.name(), Topics.ITEMS_RETURNED.name());
    }

    @Test
    void shouldSendAtMostOneBatchPerCall() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        OutboxPublisher publisher = new OutboxPublisher(ledger, producer, metrics, clock, 1);

        assertThat(publisher.publishPending()).isEqualTo(1);
        assertThat(ledger.unsentOutbox(10)).singleElement()
                .satisfies(m -> assertThat(m.payload()).isEqualTo("{\"n\":2}"));
    }
}
