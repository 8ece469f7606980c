package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.events.AlertRaised;
import walkout.events.AlertType;
import walkout.events.CustomerRegistered;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;

class RecordDispatcherTest {
    private static final long NOW_MILLIS = 1_763_820_030_000L;

    @TempDir
    Path tempDir;

    private Ledger ledger;
    private SimpleMeterRegistry meters;
    private RecordDispatcher dispatcher;
    private long offset;

    @BeforeEach
    void setUp() {
        ledger = Ledger.open("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath());
        ledger.migrate();
        meters = new SimpleMeterRegistry();
        BillingMetrics metrics = new BillingMetrics(meters);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);
        BasketHandler baskets = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                new HousePaymentGateway(ledger, clock), metrics, clock);
        dispatcher = new RecordDispatcher(ledger, baskets, metrics, clock);
    }

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    private <V> ConsumerRecord<String, byte[]> record(Topic<V> topic, V value) {
        return new ConsumerRecord<>(topic.name(), 0, offset++, Fixtures.STORE,
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private ConsumerRecord<String, byte[]> raw(String topic, String json) {
        return new ConsumerRecord<>(topic, 0, offset++, Fixtures.STORE, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldChargeBasketWhenItsCustomerIsRecordedAfterIt() {
        dispatcher.dispatch(record(Topics.BASKETS,
                Fixtures.basket("v-2", "c-bob", Fixtures.epc(Fixtures.SOCKS, 2))));
        assertThat(ledger.orderByVisit("v-2")).hasValueSatisfying(
                o -> assertThat(o.status()).isEqualTo(OrderStatus.PENDING));

        dispatcher.dispatch(record(Topics.CUSTOMERS,
                new CustomerRegistered(Fixtures.STORE, "c-bob", "Bob", "pm_card_visa", NOW_MILLIS - 1_000)));

        assertThat(ledger.orderByVisit("v-2")).hasValueSatisfying(o -> {
            assertThat(o.status()).isEqualTo(OrderStatus.CHARGED);
            assertThat(o.totalMinor()).isEqualTo(499);
        });
    }

    @Test
    void shouldChargeBasketWhenCustomerWasRegisteredFirst() {
        dispatcher.dispatch(record(Topics.CUSTOMERS,
                new CustomerRegistered(Fixtures.STORE, "c-ada", "Ada", "pm_card_visa", NOW_MILLIS - 5_000)));
        dispatcher.dispatch(record(Topics.BASKETS,
                Fixtures.basket("v-1", "c-ada", Fixtures.epc(Fixtures.SOCKS, 1))));

        assertThat(ledger.customer("c-ada")).hasValue(
                new Customer("c-ada", Fixtures.STORE, "Ada", "pm_card_visa", NOW_MILLIS - 5_000));
        assertThat(ledger.orderByVisit("v-1")).hasValueSatisfying(o -> {
            assertThat(o.status()).isEqualTo(OrderStatus.CHARGED);
            assertThat(o.totalMinor()).isEqualTo(499);
        });
    }

    @Test
    void shouldCountAndSkipWhenRecordDoesNotDeserialize() {
        dispatcher.dispatch(raw(Topics.BASKETS.name(), "{not json"));
        dispatcher.dispatch(raw(Topics.CUSTOMERS.name(), "[1,2,3]"));
        dispatcher.dispatch(new ConsumerRecord<>(Topics.ALERTS.name(), 0, offset++, Fixtures.STORE, null));

        assertThat(meters.get("walkout.billing.records.undecodable").counter().count()).isEqualTo(3);
        assertThat(ledger.orders(10)).isEmpty();
        assertThat(ledger.alerts(10)).isEmpty();
    }

    @Test
    void shouldStoreAlertOnceWithItsGtinWhenDeliveredTwice() {
        String epc = Fixtures.epc(Fixtures.COFFEE, 77);
        AlertRaised alert = new AlertRaised(Fixtures.STORE, "a-1", AlertType.UNPAID_EXIT, epc, List.of(),
                NOW_MILLIS);

        dispatcher.dispatch(record(Topics.ALERTS, alert));
        dispatcher.dispatch(record(Topics.ALERTS, alert));
        dispatcher.dispatch(record(Topics.ALERTS, new AlertRaised(Fixtures.STORE, "a-2", AlertType.AMBIGUOUS,
                Fixtures.SSCC_EPC, List.of("v-1", "v-2"), NOW_MILLIS + 1)));

        assertThat(ledger.alerts(10)).satisfiesExactly(
                a -> {
                    assertThat(a.alertId()).isEqualTo("a-2");
                    assertThat(a.gtin()).isNull();
                    assertThat(a.visitIds()).containsExactly("v-1", "v-2");
                },
                a -> {
                    assertThat(a.alertId()).isEqualTo("a-1");
                    assertThat(a.type()).isEqualTo("UNPAID_EXIT");
                    assertThat(a.gtin()).isEqualTo(Fixtures.COFFEE);
                    assertThat(a.resolved()).isFalse();
                });
        assertThat(meters.get("walkout.billing.alerts.recorded").counter().count()).isEqualTo(2);
    }

    @Test
    void shouldSkipInsteadOfRetryingForeverWhenBasketCannotBeStored() {
        dispatcher.dispatch(record(Topics.BASKETS, Fixtures.basket("v-" + "9".repeat(80), "c-ada")));
        dispatcher.dispatch(raw(Topics.BASKETS.name(), "{\"storeId\":\"store-1\",\"visitId\":\"v-2\",\"lines\":[]}"));
        dispatcher.dispatch(raw(Topics.CUSTOMERS.name(), "{\"storeId\":\"store-1\",\"name\":\"No id\"}"));

        assertThat(ledger.orders(10)).isEmpty();
        assertThat(meters.get("walkout.billing.records.undecodable").counter().count()).isEqualTo(3);
    }

    @Test
    void shouldTakeStoreIdFromTheKeyWhenCustomerRecordLacksIt() {
        dispatcher.dispatch(raw(Topics.CUSTOMERS.name(),
                "{\"customerId\":\"c-k\",\"name\":\"Kim\",\"paymentMethod\":\"pm_x\",\"atMillis\":5}"));

        assertThat(ledger.customer("c-k")).hasValue(new Customer("c-k", Fixtures.STORE, "Kim", "pm_x", 5));
    }

    @Test
    void shouldSkipAlertWhenEpcIsNotHex() {
        dispatcher.dispatch(record(Topics.ALERTS, new AlertRaised(Fixtures.STORE, "a-3", AlertType.UNPAID_EXIT,
                "zz", List.of(), NOW_MILLIS)));

        assertThat(ledger.alerts(10)).isEmpty();
        assertThat(meters.get("walkout.billing.records.undecodable").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldStoreATimedOutVisitWithoutAnEpcButSkipAnItemAlertWithout() {
        dispatcher.dispatch(record(Topics.ALERTS, new AlertRaised(Fixtures.STORE, "VISIT_TIMED_OUT:v-7",
                AlertType.VISIT_TIMED_OUT, null, List.of("v-7"), NOW_MILLIS)));
        dispatcher.dispatch(record(Topics.ALERTS, new AlertRaised(Fixtures.STORE, "a-4", AlertType.UNPAID_EXIT,
                null, List.of(), NOW_MILLIS)));

        assertThat(ledger.alerts(10)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("VISIT_TIMED_OUT");
            assertThat(a.epc()).isNull();
            assertThat(a.visitIds()).containsExactly("v-7");
        });
        assertThat(meters.get("walkout.billing.records.undecodable").counter().count()).isEqualTo(1);
    }
}
