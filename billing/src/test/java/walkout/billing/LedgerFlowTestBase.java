package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderFilter;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.OutboxMessage;
import walkout.billing.ledger.Payment;
import walkout.billing.ledger.Refund;
import walkout.billing.ledger.SalesSummary;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.ledger.Supplement;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.payment.PaymentGateway;
import walkout.billing.payment.PaymentResult;
import walkout.billing.pricing.BasketPricer;
import walkout.events.BadInput;
import walkout.events.BasketClosed;
import walkout.events.ItemReturned;
import walkout.events.ItemSold;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;

/**
 * The ledger and the basket flow against a real database. Subclasses give the JDBC URL: {@link H2LedgerFlowTest}
 * (an H2 file in a temp dir) and {@link PostgresLedgerFlowIT} (a fresh schema in a per-run database on
 * 127.0.0.1:5432) run every test here.
 */
public abstract class LedgerFlowTestBase {
    protected static final long NOW_MILLIS = 1_763_820_010_000L;

    @TempDir
    protected Path tempDir;

    protected Ledger ledger;
    protected SimpleMeterRegistry meters;
    protected BillingMetrics metrics;
    protected Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);

    /** A JDBC URL for an empty database this test may migrate and fill. */
    protected abstract String jdbcUrl(Path tempDir);

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(jdbcUrl(tempDir));
        ledger.migrate();
        meters = new SimpleMeterRegistry();
        metrics = new BillingMetrics(meters);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    /** A plain connection to the test database, for checks outside the ledger's API. */
    protected Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(tempDir), "sa", "");
    }

    protected BasketHandler handler(PaymentGateway gateway) {
        return new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger, gateway, metrics, clock);
    }

    protected BasketHandler houseHandler() {
        return handler(new HousePaymentGateway(ledger, clock));
    }

    protected void registerAda() {
        ledger.upsertCustomer(new Customer("c-ada", Fixtures.STORE, "Ada", "pm_card_visa", NOW_MILLIS - 60_000));
    }

    protected double count(String meter) {
        return meters.get(meter).counter().count();
    }

    @Test
    void shouldCreateEveryTableWhenMigrating() throws Exception {
        assertThat(ledger.migrate()).as("second migrate has nothing left to do").isZero();
        try (Connection c = connect()) {
            for (String table : List.of("customers", "orders", "order_lines", "payments", "alerts", "outbox",
                    "refunds", "supplements")) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertThat(rs.next()).as(table).isTrue();
                    assertThat(rs.getLong(1)).as(table).isZero();
                }
            }
        }
        assertThat(ledger.ping()).isTrue();
    }

    @Test
    void shouldChargeOnceWhenTheSameBasketArrivesTwice() {
        registerAda();
        BasketHandler handler = houseHandler();
        BasketClosed basket = Fixtures.basket("v-1", "c-ada", Fixtures.epc(Fixtures.SOCKS, 1),
                Fixtures.epc(Fixtures.APPLES, 2));

        assertThat(handler.onBasket(basket)).isEqualTo(BasketHandler.Outcome.CHARGED);
        assertThat(handler.onBasket(basket)).isEqualTo(BasketHandler.Outcome.DUPLICATE);

        List<Order> orders = ledger.orders(10);
        assertThat(orders).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(OrderStatus.CHARGED);
            assertThat(o.totalMinor()).isEqualTo(499 + 249);
            assertThat(o.chargedAtMillis()).isEqualTo(NOW_MILLIS);
            assertThat(o.paymentReference()).isEqualTo("house-" + o.orderId());
            assertThat(o.lines()).hasSize(2);
        });
        String orderId = orders.get(0).orderId();
        assertThat(ledger.payments(orderId)).singleElement().satisfies(p -> {
            assertThat(p.amountMinor()).isEqualTo(748);
            assertThat(p.idempotencyKey()).isEqualTo(orderId);
            assertThat(p.status()).isEqualTo("SUCCEEDED");
            assertThat(p.gateway()).isEqualTo("house");
        });
        assertThat(count("walkout.billing.baskets.charged")).isEqualTo(1);
        assertThat(count("walkout.billing.duplicates.ignored")).isEqualTo(1);
        assertThat(meters.get("walkout.billing.charge.latency").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldFilterOrdersAndSumTheDayWhenTheOverviewAsks() {
        registerAda();
        BasketHandler handler = houseHandler();
        String socks = Fixtures.epc(Fixtures.SOCKS, 41);
        handler.onBasket(Fixtures.basket("v-a", "c-ada", socks, Fixtures.epc(Fixtures.APPLES, 42)));
        handler.onBasket(Fixtures.basket("v-b", "c-ada", Fixtures.epc(Fixtures.COFFEE, 43)));
        ledger.insertAlert(new StoredAlert("a-open", Fixtures.STORE, "UNPAID_EXIT", socks, Fixtures.SOCKS,
                List.of(), NOW_MILLIS, false));
        ledger.insertAlert(new StoredAlert("a-done", Fixtures.STORE, "UNPAID_EXIT", socks, Fixtures.SOCKS,
                List.of(), NOW_MILLIS, false));
        ledger.closeAlert("a-done", "resolve", "Lin", NOW_MILLIS);

        assertThat(ledger.orders(new OrderFilter(null, socks, null, null), 10)).extracting(Order::visitId)
                .containsExactly("v-a");
        assertThat(ledger.orders(new OrderFilter("c-ada", null, NOW_MILLIS, NOW_MILLIS + 1), 10)).hasSize(2);
        assertThat(ledger.orders(new OrderFilter(null, null, NOW_MILLIS + 1, null), 10)).isEmpty();
        assertThat(ledger.orders(OrderFilter.ALL, 10)).hasSize(2);
        long total = ledger.orders(10).stream().mapToLong(Order::totalMinor).sum();
        assertThat(ledger.salesSummary(NOW_MILLIS - 1_000, NOW_MILLIS + 1_000))
                .isEqualTo(new SalesSummary(2, total, 1));
        assertThat(ledger.salesSummary(NOW_MILLIS + 1_000, NOW_MILLIS + 2_000)).isEqualTo(new SalesSummary(0, 0, 1));
    }

    @Test
    void shouldChargeOnceWhenASecondHandlerReplaysTheBasketAfterARestart() {
        registerAda();
        BasketClosed basket = Fixtures.basket("v-restart", "c-ada", Fixtures.epc(Fixtures.COFFEE, 9));
        houseHandler().onBasket(basket);
        ledger.close();

        ledger = Ledger.open(jdbcUrl(tempDir));
        assertThat(ledger.migrate()).isZero();
        assertThat(houseHandler().onBasket(basket)).isEqualTo(BasketHandler.Outcome.DUPLICATE);

        assertThat(ledger.orders(10)).hasSize(1);
        assertThat(ledger.payments(ledger.orders(10).get(0).orderId())).hasSize(1);
    }

    @Test
    void shouldRecordFlaggedLineWithoutChargingItWhenGtinIsUnknown() {
        registerAda();
        String unknown = Fixtures.epc(Fixtures.NOT_IN_CATALOG, 5);
        BasketClosed basket = Fixtures.basket("v-2", "c-ada", unknown, Fixtures.epc(Fixtures.COFFEE, 6));

        assertThat(houseHandler().onBasket(basket)).isEqualTo(BasketHandler.Outcome.CHARGED);

        Order order = ledger.orderByVisit("v-2").orElseThrow();
        assertThat(order.totalMinor()).isEqualTo(349);
        assertThat(order.lines()).hasSize(2);
        OrderLine flagged = order.lines().get(0);
        assertThat(flagged.epc()).isEqualTo(unknown);
        assertThat(flagged.flag()).isEqualTo("UNKNOWN_GTIN");
        assertThat(flagged.gtin()).isEqualTo(Fixtures.NOT_IN_CATALOG);
        assertThat(flagged.priceMinor()).isZero();
        assertThat(flagged.vatRate()).isNull();
        OrderLine coffee = order.lines().get(1);
        assertThat(coffee.priced()).isTrue();
        assertThat(coffee.vatRate()).isEqualByComparingTo(new BigDecimal("0.19"));
        assertThat(coffee.vatMinor()).isEqualTo(56);
        assertThat(coffee.evidenceJson()).contains("\"margin\":0.61");
        assertThat(ledger.payments(order.orderId())).singleElement()
                .satisfies(p -> assertThat(p.amountMinor()).isEqualTo(349));
        assertThat(itemsSold()).extracting(ItemSold::epc).containsExactly(coffee.epc());
        assertThat(count("walkout.billing.lines.unpriced")).isEqualTo(1);
    }

    @Test
    void shouldKeepMalformedEpcLinesFlaggedWhenTheyAreTooLongOrNotSgtin() {
        registerAda();
        String garbage = "X".repeat(100);

        houseHandler().onBasket(Fixtures.basket("v-bad", "c-ada", garbage, Fixtures.SSCC_EPC,
                Fixtures.epc(Fixtures.APPLES, 8)));

        Order order = ledger.orderByVisit("v-bad").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(order.totalMinor()).isEqualTo(249);
        assertThat(order.lines()).extracting(OrderLine::flag).containsExactly("MALFORMED_EPC", "NOT_SGTIN_96", null);
        assertThat(order.lines().get(0).epc()).isEqualTo("X".repeat(BasketPricer.MAX_EPC_CHARS));
        assertThat(order.lines().get(1).epc()).isEqualTo(Fixtures.SSCC_EPC);
        assertThat(itemsSold()).hasSize(1);
    }

    @Test
    void shouldWriteItemSoldOutboxRowsWhenTheOrderIsCharged() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 11);
        String apples = Fixtures.epc(Fixtures.APPLES, 12);

        houseHandler().onBasket(Fixtures.basket("v-3", "c-ada", socks, apples));

        Order order = ledger.orderByVisit("v-3").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        List<OutboxMessage> outbox = ledger.unsentOutbox(100);
        assertThat(outbox).hasSize(2).allSatisfy(m -> {
            assertThat(m.topic()).isEqualTo(Topics.ITEMS_SOLD.name());
            assertThat(m.key()).isEqualTo(Fixtures.STORE);
        });
        assertThat(itemsSold()).containsExactly(
                new ItemSold(Fixtures.STORE, socks, "v-3", order.orderId(), NOW_MILLIS),
                new ItemSold(Fixtures.STORE, apples, "v-3", order.orderId(), NOW_MILLIS));
    }

    @Test
    void shouldRecordZeroOrderWithoutCallingGatewayWhenBasketIsEmpty() {
        registerAda();
        AtomicInteger calls = new AtomicInteger();
        PaymentGateway counting = gatewayAnswering(calls, PaymentResult.succeeded("x"));

        assertThat(handler(counting).onBasket(Fixtures.basket("v-empty", "c-ada")))
                .isEqualTo(BasketHandler.Outcome.CHARGED);

        Order order = ledger.orderByVisit("v-empty").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(order.totalMinor()).isZero();
        assertThat(order.lines()).isEmpty();
        assertThat(calls).hasValue(0);
        assertThat(ledger.payments(order.orderId())).isEmpty();
        assertThat(ledger.unsentOutbox(10)).isEmpty();
    }

    @Test
    void shouldChargeOnceTheCustomerIsRecordedWhenTheBasketCameFirst() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(NOW_MILLIS);
        List<String> keys = new java.util.ArrayList<>();
        BasketHandler handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                scripted(keys, PaymentResult.succeeded("pi_1")), metrics, movable(now), 5, 30_000);

        BasketHandler.Outcome outcome = handler.onBasket(Fixtures.basket("v-4", "c-late",
                Fixtures.epc(Fixtures.SOCKS, 1)));

        assertThat(outcome).isEqualTo(BasketHandler.Outcome.PENDING);
        Order waiting = ledger.orderByVisit("v-4").orElseThrow();
        assertThat(waiting.status()).isEqualTo(OrderStatus.PENDING);
        now.addAndGet(1_000);
        assertThat(handler.resumePending()).as("still within the backoff").isZero();
        assertThat(handler.onCustomerRecorded("c-other")).as("someone else's registration").isZero();
        assertThat(keys).as("nobody to charge yet").isEmpty();

        ledger.upsertCustomer(new Customer("c-late", Fixtures.STORE, "Lou", "pm_card_visa", now.get()));
        assertThat(handler.onCustomerRecorded("c-late")).isEqualTo(1);

        Order charged = ledger.order(waiting.orderId()).orElseThrow();
        assertThat(charged.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(charged.paymentReference()).isEqualTo("pi_1");
        assertThat(keys).containsExactly(waiting.orderId());
        assertThat(itemsSold()).hasSize(1);
        assertThat(handler.onCustomerRecorded("c-late")).as("registered again: nothing left to charge").isZero();
        assertThat(ledger.alerts(10)).isEmpty();
    }

    @Test
    void shouldFailWithAChargeFailedAlertWhenTheCustomerNeverArrives() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(NOW_MILLIS);
        AtomicInteger calls = new AtomicInteger();
        BasketHandler handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                gatewayAnswering(calls, PaymentResult.succeeded("x")), metrics, movable(now), 3, 1_000);

        handler.onBasket(Fixtures.basket("v-4b", "c-nobody", Fixtures.epc(Fixtures.SOCKS, 2)));
        now.addAndGet(1_000);
        assertThat(handler.resumePending()).as("second wait").isZero();
        now.addAndGet(2_000);
        assertThat(handler.resumePending()).isEqualTo(1);

        Order order = ledger.orderByVisit("v-4b").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
        assertThat(order.failureReason()).startsWith("unknown customer c-nobody").endsWith("(3 tries)");
        assertThat(order.chargedAtMillis()).isNull();
        assertThat(calls).hasValue(0);
        assertThat(ledger.unsentOutbox(10)).isEmpty();
        assertThat(ledger.alerts(10)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(StoredAlert.CHARGE_FAILED);
            assertThat(a.orderId()).isEqualTo(order.orderId());
        });
        assertThat(count("walkout.billing.charge.failures")).isEqualTo(1);
    }

    @Test
    void shouldRecordFailedOrderAndPaymentWhenGatewayDeclines() {
        registerAda();
        AtomicInteger calls = new AtomicInteger();

        BasketHandler.Outcome outcome = handler(gatewayAnswering(calls, PaymentResult.declined("card_declined")))
                .onBasket(Fixtures.basket("v-5", "c-ada", Fixtures.epc(Fixtures.SOCKS, 1)));

        assertThat(outcome).isEqualTo(BasketHandler.Outcome.FAILED);
        Order order = ledger.orderByVisit("v-5").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
        assertThat(order.failureReason()).isEqualTo("declined: card_declined");
        assertThat(ledger.payments(order.orderId())).singleElement()
                .satisfies(p -> assertThat(p.status()).isEqualTo("DECLINED"));
        assertThat(ledger.unsentOutbox(10)).isEmpty();
    }

    @Test
    void shouldKeepOrderPendingAndChargeItOnceWhenGatewayFailsThenRecovers() {
        registerAda();
        AtomicInteger calls = new AtomicInteger();
        PaymentGateway flaky = new PaymentGateway() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public PaymentResult charge(String orderId, String key, String method, long amountMinor,
                                        String currency) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("connect timed out");
                }
                return PaymentResult.succeeded("flaky-" + key);
            }

            @Override
            public PaymentResult refund(String orderId, String key, String ref, long amountMinor, String currency) {
                throw new UnsupportedOperationException("not used here");
            }
        };
        BasketHandler handler = handler(flaky);
        BasketClosed basket = Fixtures.basket("v-6", "c-ada", Fixtures.epc(Fixtures.APPLES, 1));

        assertThat(handler.onBasket(basket)).isEqualTo(BasketHandler.Outcome.PENDING);
        assertThat(ledger.orderByVisit("v-6").orElseThrow().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(handler.resumePending()).as("backoff not over yet").isZero();
        clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS + BillingConfig.DEFAULT_CHARGE_RETRY_BACKOFF_MS),
                ZoneOffset.UTC);
        handler = handler(flaky);
        assertThat(handler.resumePending()).isEqualTo(1);
        assertThat(handler.onBasket(basket)).isEqualTo(BasketHandler.Outcome.DUPLICATE);

        Order order = ledger.orderByVisit("v-6").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(ledger.payments(order.orderId())).singleElement()
                .satisfies(p -> assertThat(p.reference()).isEqualTo("flaky-" + order.orderId()));
        assertThat(itemsSold()).hasSize(1);
        assertThat(calls).hasValue(2);
        assertThat(count("walkout.billing.gateway.errors")).isEqualTo(1);
    }

    @Test
    void shouldGiveTheSameResultWhenHouseGatewayIsCalledTwiceWithOneKey() {
        registerAda();
        Order pending = new Order("ord-x", Fixtures.STORE, "v-x", "c-ada", OrderStatus.PENDING, "EUR", 100, null,
                NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, null, List.of(), null);
        assertThat(ledger.insertOrder(pending, List.of())).isTrue();
        HousePaymentGateway house = new HousePaymentGateway(ledger, clock);

        PaymentResult first = house.charge("ord-x", "ord-x", "pm_card_visa", 100, "EUR");
        PaymentResult second = house.charge("ord-x", "ord-x", "pm_card_visa", 999, "EUR");

        assertThat(first).isEqualTo(PaymentResult.succeeded("house-ord-x")).isEqualTo(second);
        assertThat(ledger.payments("ord-x")).singleElement()
                .satisfies(p -> assertThat(p.amountMinor()).isEqualTo(100));
    }

    @Test
    void shouldDeclineWhenHouseGatewayHasNoSavedMethod() {
        Order pending = new Order("ord-y", Fixtures.STORE, "v-y", "c-ada", OrderStatus.PENDING, "EUR", 100, null,
                NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, null, List.of(), null);
        ledger.insertOrder(pending, List.of());

        PaymentResult result = new HousePaymentGateway(ledger, clock).charge("ord-y", "ord-y", " ", 100, "EUR");

        assertThat(result).isEqualTo(PaymentResult.declined("no saved payment method"));
        assertThat(ledger.payment("ord-y")).hasValueSatisfying(p -> assertThat(p.status()).isEqualTo("DECLINED"));
    }

    @Test
    void shouldRefuseSecondOrderForTheSameVisitWhenInsertedDirectly() {
        Order first = new Order("ord-a", Fixtures.STORE, "v-dup", "c-ada", OrderStatus.PENDING, "EUR", 100, null,
                NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, null, List.of(), null);
        Order second = new Order("ord-b", Fixtures.STORE, "v-dup", "c-ada", OrderStatus.PENDING, "EUR", 200, null,
                NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, null, List.of(), null);

        assertThat(ledger.insertOrder(first, List.of())).isTrue();
        assertThat(ledger.insertOrder(second, List.of(OutboxMessage.of("t", "k", "{}", NOW_MILLIS)))).isFalse();

        assertThat(ledger.orders(10)).extracting(Order::orderId).containsExactly("ord-a");
        assertThat(ledger.outbox()).isEmpty();
    }

    @Test
    void shouldUpsertCustomerWhenRegisteredAgain() {
        registerAda();
        ledger.upsertCustomer(new Customer("c-ada", Fixtures.STORE, "Ada L.", "pm_card_mastercard", NOW_MILLIS));

        assertThat(ledger.customer("c-ada")).hasValue(
                new Customer("c-ada", Fixtures.STORE, "Ada L.", "pm_card_mastercard", NOW_MILLIS));
        assertThat(ledger.customer("c-nobody")).isEmpty();
    }

    @Test
    void shouldInsertAlertOnceWhenDeliveredTwice() {
        StoredAlert alert = new StoredAlert("a-1", Fixtures.STORE, "AMBIGUOUS", Fixtures.epc(Fixtures.SOCKS, 3),
                Fixtures.SOCKS, List.of("v-1", "v-2"), NOW_MILLIS, false);

        assertThat(ledger.insertAlert(alert)).isTrue();
        assertThat(ledger.insertAlert(alert)).isFalse();

        assertThat(ledger.alerts(10)).containsExactly(alert);
    }

    @Test
    void shouldListOrdersNewestFirst() {
        registerAda();
        BasketHandler handler = houseHandler();
        handler.onBasket(Fixtures.basket("v-old", "c-ada", Fixtures.epc(Fixtures.SOCKS, 1)));
        clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS + 1_000), ZoneOffset.UTC);
        houseHandler().onBasket(Fixtures.basket("v-new", "c-ada", Fixtures.epc(Fixtures.SOCKS, 2)));

        assertThat(ledger.orders(10)).extracting(Order::visitId).containsExactly("v-new", "v-old");
        assertThat(ledger.orders(1)).extracting(Order::visitId).containsExactly("v-new");
    }

    @Test
    void shouldKeepTheFirstPaymentWhenRecordingTheSameKeyTwice() {
        Order pending = new Order("ord-p", Fixtures.STORE, "v-p", "c-ada", OrderStatus.PENDING, "EUR", 100, null,
                NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, null, List.of(), null);
        ledger.insertOrder(pending, List.of());
        Payment p = new Payment("ord-p", Payment.CHARGE, "test", "key-1", 100, "EUR", "SUCCEEDED", "r1", null,
                NOW_MILLIS);

        assertThat(ledger.recordPayment(p)).isEqualTo(p);
        assertThat(ledger.recordPayment(new Payment("ord-p", Payment.CHARGE, "test", "key-1", 5, "EUR", "DECLINED",
                null, "late", NOW_MILLIS))).isEqualTo(p);
        assertThat(ledger.payments("ord-p")).hasSize(1);
    }

    // ---- refunds ----

    protected RefundHandler refunds(PaymentGateway gateway, long windowMs) {
        return new RefundHandler(ledger, gateway, metrics, clock, windowMs);
    }

    protected RefundHandler houseRefunds() {
        return refunds(new HousePaymentGateway(ledger, clock), BillingConfig.DEFAULT_REFUND_WINDOW_MS);
    }

    @Test
    void shouldRefundLinesOnceAndMarkOrderPartiallyThenFullyRefunded() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 21);
        String apples = Fixtures.epc(Fixtures.APPLES, 22);
        houseHandler().onBasket(Fixtures.basket("v-r", "c-ada", socks, apples));
        String orderId = ledger.orderByVisit("v-r").orElseThrow().orderId();

        Refund first = houseRefunds().refund(orderId, List.of(socks.toLowerCase()), "eve", null);

        assertThat(first.status()).isEqualTo(Refund.SUCCEEDED);
        assertThat(first.amountMinor()).isEqualTo(499);
        assertThat(first.epcs()).containsExactly(socks);
        assertThat(first.requestedBy()).isEqualTo("eve");
        Order partly = ledger.order(orderId).orElseThrow();
        assertThat(partly.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
        assertThat(partly.lines()).extracting(OrderLine::refundedAtMillis).containsExactly(NOW_MILLIS, null);
        assertThat(houseRefunds().refund(orderId, List.of(socks), "eve", null))
                .as("the same request again is the same refund").isEqualTo(first);
        assertThat(itemsReturned()).as("one item-returned row, written with the refund, not again on a repeat")
                .containsExactly(new ItemReturned(Fixtures.STORE, socks, orderId, first.refundId(), NOW_MILLIS));

        Refund second = houseRefunds().refund(orderId, List.of(apples), "eve", "key-2");

        assertThat(second.status()).isEqualTo(Refund.SUCCEEDED);
        assertThat(ledger.order(orderId).orElseThrow().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(ledger.payments(orderId)).extracting(Payment::kind, Payment::amountMinor, Payment::idempotencyKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Payment.CHARGE, 748L, orderId),
                        org.assertj.core.groups.Tuple.tuple(Payment.REFUND, 499L, first.refundId()),
                        org.assertj.core.groups.Tuple.tuple(Payment.REFUND, 249L, second.refundId()));
        assertThat(itemsReturned()).extracting(ItemReturned::epc, ItemReturned::refundId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(socks, first.refundId()),
                org.assertj.core.groups.Tuple.tuple(apples, second.refundId()));
        assertThat(ledger.outbox()).extracting(OutboxMessage::topic, OutboxMessage::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Topics.ITEMS_SOLD.name(), Fixtures.STORE),
                org.assertj.core.groups.Tuple.tuple(Topics.ITEMS_SOLD.name(), Fixtures.STORE),
                org.assertj.core.groups.Tuple.tuple(Topics.ITEMS_RETURNED.name(), Fixtures.STORE),
                org.assertj.core.groups.Tuple.tuple(Topics.ITEMS_RETURNED.name(), Fixtures.STORE));
        assertThat(count("walkout.billing.refunds.succeeded")).isEqualTo(2);
    }

    @Test
    void shouldRefuseRefundNamingEpcsWhenTheLineIsUnknownOrAlreadyRefunded() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 31);
        String unknown = Fixtures.epc(Fixtures.NOT_IN_CATALOG, 32);
        houseHandler().onBasket(Fixtures.basket("v-r2", "c-ada", socks, unknown));
        String orderId = ledger.orderByVisit("v-r2").orElseThrow().orderId();
        RefundHandler refunds = houseRefunds();
        String other = Fixtures.epc(Fixtures.APPLES, 99);

        assertThatThrownBy(() -> refunds.refund(orderId, List.of(other), "staff", null))
                .isInstanceOf(BadInput.class).hasMessageStartingWith("epcs: " + other + " is not a charged line");
        assertThatThrownBy(() -> refunds.refund(orderId, List.of(unknown), "staff", null))
                .isInstanceOf(BadInput.class).hasMessageContaining("is not a charged line");
        assertThatThrownBy(() -> refunds.refund(orderId, List.of(), "staff", null))
                .isInstanceOf(BadInput.class).hasMessageStartingWith("epcs: ");
        refunds.refund(orderId, List.of(socks), "staff", "k-1");
        assertThatThrownBy(() -> refunds.refund(orderId, List.of(socks), "staff", "k-2"))
                .isInstanceOf(BadInput.class).hasMessageStartingWith("epcs: " + socks + " was already refunded");
        assertThatThrownBy(() -> refunds.refund("ord-nope", List.of(socks), "staff", null))
                .isInstanceOfSatisfying(ActionRefused.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(ledger.refunds(orderId)).hasSize(1);
    }

    @Test
    void shouldRefuseRefundWhenTheWindowHasClosed() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 41);
        houseHandler().onBasket(Fixtures.basket("v-r3", "c-ada", socks));
        String orderId = ledger.orderByVisit("v-r3").orElseThrow().orderId();
        clock = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS + 60_001), ZoneOffset.UTC);

        assertThatThrownBy(() -> refunds(new HousePaymentGateway(ledger, clock), 60_000)
                .refund(orderId, List.of(socks), "staff", null))
                .isInstanceOfSatisfying(ActionRefused.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("refund window of PT1M closed");
        assertThat(ledger.order(orderId).orElseThrow().status()).isEqualTo(OrderStatus.CHARGED);
    }

    @Test
    void shouldKeepRefundPendingThenSettleItOnceWhenTheGatewayRecovers() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 51);
        houseHandler().onBasket(Fixtures.basket("v-r4", "c-ada", socks));
        String orderId = ledger.orderByVisit("v-r4").orElseThrow().orderId();
        AtomicInteger calls = new AtomicInteger();
        HousePaymentGateway house = new HousePaymentGateway(ledger, clock);
        PaymentGateway flaky = new PaymentGateway() {
            @Override
            public String name() {
                return "house";
            }

            @Override
            public PaymentResult charge(String o, String key, String method, long amountMinor, String currency) {
                return house.charge(o, key, method, amountMinor, currency);
            }

            @Override
            public PaymentResult refund(String o, String key, String ref, long amountMinor, String currency) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("read timed out");
                }
                return house.refund(o, key, ref, amountMinor, currency);
            }
        };
        RefundHandler refunds = refunds(flaky, BillingConfig.DEFAULT_REFUND_WINDOW_MS);

        Refund pending = refunds.refund(orderId, List.of(socks), "staff", null);

        assertThat(pending.status()).isEqualTo(Refund.PENDING);
        assertThat(itemsReturned()).as("not returned while the gateway has not answered").isEmpty();
        assertThatThrownBy(() -> refunds.refund(orderId, List.of(socks), "staff", "other-key"))
                .as("a PENDING refund holds its lines")
                .isInstanceOfSatisfying(ActionRefused.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(refunds.resumePending()).isEqualTo(1);
        assertThat(refunds.resumePending()).isZero();
        assertThat(ledger.refund(pending.refundId()).orElseThrow().status()).isEqualTo(Refund.SUCCEEDED);
        assertThat(ledger.order(orderId).orElseThrow().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(ledger.payments(orderId)).filteredOn(p -> p.kind().equals(Payment.REFUND)).hasSize(1);
        assertThat(itemsReturned()).extracting(ItemReturned::epc, ItemReturned::refundId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(socks, pending.refundId()));
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldReleaseLinesWhenTheGatewayDeclinesARefund() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 61);
        houseHandler().onBasket(Fixtures.basket("v-r5", "c-ada", socks));
        String orderId = ledger.orderByVisit("v-r5").orElseThrow().orderId();
        AtomicInteger calls = new AtomicInteger();

        Refund declined = refunds(gatewayAnswering(calls, PaymentResult.declined("charge_disputed")),
                BillingConfig.DEFAULT_REFUND_WINDOW_MS).refund(orderId, List.of(socks), "staff", null);
        Refund retried = houseRefunds().refund(orderId, List.of(socks), "staff", null);

        assertThat(declined.status()).isEqualTo(Refund.FAILED);
        assertThat(declined.failureReason()).isEqualTo("declined: charge_disputed");
        assertThat(itemsReturned()).extracting(ItemReturned::refundId).as("only the refund that succeeded")
                .containsExactly(retried.refundId());
        assertThat(retried.refundId()).as("a retry after a decline is a new refund").isNotEqualTo(declined.refundId());
        assertThat(retried.status()).isEqualTo(Refund.SUCCEEDED);
        assertThat(ledger.order(orderId).orElseThrow().status()).isEqualTo(OrderStatus.REFUNDED);
    }

    // ---- held items ----

    protected HeldItemHandler heldItems(PaymentGateway gateway) {
        return new HeldItemHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger, gateway, metrics, clock);
    }

    protected StoredAlert ambiguous(String alertId, String epc, String... visitIds) {
        StoredAlert alert = new StoredAlert(alertId, Fixtures.STORE, "AMBIGUOUS", epc, Fixtures.COFFEE,
                List.of(visitIds), NOW_MILLIS - 5_000, false);
        ledger.insertAlert(alert);
        return alert;
    }

    @Test
    void shouldChargeHeldItemAsSupplementToTheAssignedVisitsOrder() {
        registerAda();
        houseHandler().onBasket(Fixtures.basket("v-h1", "c-ada", Fixtures.epc(Fixtures.SOCKS, 71)));
        String coffee = Fixtures.epc(Fixtures.COFFEE, 72);
        ambiguous("a-h1", coffee, "v-h1", "v-other");
        HeldItemHandler held = heldItems(new HousePaymentGateway(ledger, clock));

        Supplement sup = held.assign("a-h1", "v-h1", "eve");

        assertThat(sup.status()).isEqualTo(Supplement.CHARGED);
        assertThat(held.assign("a-h1", "v-h1", "eve")).as("assigning again is a no-op").isEqualTo(sup);
        Order order = ledger.orderByVisit("v-h1").orElseThrow();
        assertThat(order.totalMinor()).isEqualTo(499 + 349);
        assertThat(order.lines()).hasSize(2);
        OrderLine added = order.lines().get(1);
        assertThat(added.epc()).isEqualTo(coffee);
        assertThat(added.priceMinor()).isEqualTo(349);
        assertThat(added.vatMinor()).isEqualTo(56);
        assertThat(added.supplementId()).isEqualTo(sup.supplementId());
        assertThat(ledger.payments(order.orderId())).extracting(Payment::idempotencyKey, Payment::amountMinor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(order.orderId(), 499L),
                        org.assertj.core.groups.Tuple.tuple(sup.supplementId(), 349L));
        assertThat(itemsSold()).extracting(ItemSold::epc).containsExactly(Fixtures.epc(Fixtures.SOCKS, 71), coffee);
        StoredAlert alert = ledger.alert("a-h1").orElseThrow();
        assertThat(alert.resolved()).isTrue();
        assertThat(alert.action()).isEqualTo(StoredAlert.ASSIGNED);
        assertThat(alert.actionBy()).isEqualTo("eve");
        assertThat(alert.assignedVisitId()).isEqualTo("v-h1");
        assertThat(alert.actionAtMillis()).isEqualTo(NOW_MILLIS);
        assertThat(alert.resolvedAtMillis()).isEqualTo(NOW_MILLIS);
        assertThat(count("walkout.billing.supplements.charged")).isEqualTo(1);
    }

    @Test
    void shouldRefundAHeldItemFromItsOwnChargeAndABasketLineFromTheBasketsCharge() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 73);
        String coffee = Fixtures.epc(Fixtures.COFFEE, 74);
        houseHandler().onBasket(Fixtures.basket("v-h4", "c-ada", socks));
        ambiguous("a-h4", coffee, "v-h4");
        Supplement sup = heldItems(new HousePaymentGateway(ledger, clock)).assign("a-h4", "v-h4", "eve");
        String orderId = ledger.orderByVisit("v-h4").orElseThrow().orderId();
        List<String> refundedCharges = new java.util.ArrayList<>();
        HousePaymentGateway house = new HousePaymentGateway(ledger, clock);
        PaymentGateway recording = new PaymentGateway() {
            @Override
            public String name() {
                return house.name();
            }

            @Override
            public PaymentResult charge(String o, String key, String method, long amountMinor, String currency) {
                throw new UnsupportedOperationException("not used here");
            }

            @Override
            public PaymentResult refund(String o, String key, String ref, long amountMinor, String currency) {
                refundedCharges.add(ref + ":" + amountMinor);
                return house.refund(o, key, ref, amountMinor, currency);
            }
        };
        RefundHandler refunds = refunds(recording, BillingConfig.DEFAULT_REFUND_WINDOW_MS);

        assertThatThrownBy(() -> refunds.refund(orderId, List.of(socks, coffee), "eve", null))
                .isInstanceOf(BadInput.class)
                .hasMessageStartingWith("epcs: " + coffee + " and " + socks + " were paid by different charges");
        Refund held = refunds.refund(orderId, List.of(coffee), "eve", null);
        Refund basket = refunds.refund(orderId, List.of(socks), "eve", null);

        assertThat(refundedCharges).as("each line refunded from the charge that paid for it")
                .containsExactly("house-" + sup.supplementId() + ":349", "house-" + orderId + ":499");
        assertThat(List.of(held.status(), basket.status())).containsOnly(Refund.SUCCEEDED);
        assertThat(ledger.order(orderId).orElseThrow().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(itemsReturned()).extracting(ItemReturned::epc).containsExactly(coffee, socks);
    }

    @Test
    void shouldRefuseAssignmentNamingVisitIdWhenTheVisitIsNotACandidate() {
        registerAda();
        houseHandler().onBasket(Fixtures.basket("v-h2", "c-ada", Fixtures.epc(Fixtures.SOCKS, 81)));
        ambiguous("a-h2", Fixtures.epc(Fixtures.COFFEE, 82), "v-x", "v-y");
        HeldItemHandler held = heldItems(new HousePaymentGateway(ledger, clock));

        assertThatThrownBy(() -> held.assign("a-h2", "v-h2", "staff"))
                .isInstanceOf(BadInput.class).hasMessageStartingWith("visitId: v-h2 is not a candidate visit");
        assertThatThrownBy(() -> held.assign("a-none", "v-h2", "staff"))
                .isInstanceOfSatisfying(ActionRefused.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> held.assign("a-h2", "v-x", "staff"))
                .as("candidate without an order yet")
                .isInstanceOfSatisfying(ActionRefused.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(ledger.alert("a-h2").orElseThrow().action()).isNull();
        assertThat(ledger.orderByVisit("v-h2").orElseThrow().totalMinor()).isEqualTo(499);
    }

    @Test
    void shouldReopenAlertWhenTheSupplementIsDeclinedAndResumeAPendingOne() {
        registerAda();
        houseHandler().onBasket(Fixtures.basket("v-h3", "c-ada", Fixtures.epc(Fixtures.SOCKS, 91)));
        ambiguous("a-h3", Fixtures.epc(Fixtures.COFFEE, 92), "v-h3");
        AtomicInteger calls = new AtomicInteger();

        Supplement declined = heldItems(gatewayAnswering(calls, PaymentResult.declined("card_declined")))
                .assign("a-h3", "v-h3", "eve");

        assertThat(declined.status()).isEqualTo(Supplement.FAILED);
        assertThat(ledger.alert("a-h3").orElseThrow()).satisfies(a -> {
            assertThat(a.action()).isNull();
            assertThat(a.resolved()).isFalse();
        });
        HousePaymentGateway house = new HousePaymentGateway(ledger, clock);
        AtomicInteger flakyCalls = new AtomicInteger();
        PaymentGateway flaky = new PaymentGateway() {
            @Override
            public String name() {
                return "house";
            }

            @Override
            public PaymentResult charge(String o, String key, String method, long amountMinor, String currency) {
                if (flakyCalls.incrementAndGet() == 1) {
                    throw new IllegalStateException("connection reset");
                }
                return house.charge(o, key, method, amountMinor, currency);
            }

            @Override
            public PaymentResult refund(String o, String key, String ref, long amountMinor, String currency) {
                throw new UnsupportedOperationException("not used here");
            }
        };
        HeldItemHandler held = heldItems(flaky);
        Supplement pending = held.assign("a-h3", "v-h3", "bob");
        assertThat(pending.status()).isEqualTo(Supplement.PENDING);
        assertThat(pending.supplementId()).isNotEqualTo(declined.supplementId());
        assertThat(held.resumePending()).isEqualTo(1);

        assertThat(ledger.supplement(pending.supplementId()).orElseThrow().status()).isEqualTo(Supplement.CHARGED);
        assertThat(ledger.orderByVisit("v-h3").orElseThrow().totalMinor()).isEqualTo(499 + 349);
        assertThat(ledger.alert("a-h3").orElseThrow().actionBy()).isEqualTo("bob");
        assertThat(flakyCalls).hasValue(2);
    }

    @Test
    void shouldRecordWhoDismissedOrResolvedAnAlertAndRefuseASecondAction() {
        ambiguous("a-d", Fixtures.epc(Fixtures.COFFEE, 101), "v-1");
        ambiguous("a-r", Fixtures.epc(Fixtures.COFFEE, 102), "v-1");
        HeldItemHandler held = heldItems(new HousePaymentGateway(ledger, clock));

        StoredAlert dismissed = held.dismiss("a-d", "eve");
        StoredAlert resolved = held.resolve("a-r", "staff");

        assertThat(dismissed.action()).isEqualTo(StoredAlert.DISMISSED);
        assertThat(dismissed.actionBy()).isEqualTo("eve");
        assertThat(dismissed.resolved()).isTrue();
        assertThat(dismissed.resolvedAtMillis()).isEqualTo(NOW_MILLIS);
        assertThat(resolved.action()).isEqualTo(StoredAlert.RESOLVED);
        assertThatThrownBy(() -> held.resolve("a-d", "bob"))
                .isInstanceOfSatisfying(ActionRefused.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("already DISMISSED by eve");
        assertThatThrownBy(() -> held.assign("a-d", "v-1", "bob")).isInstanceOf(ActionRefused.class);
    }

    // ---- bounded charge retries ----

    /** A clock the test moves. */
    protected static Clock movable(java.util.concurrent.atomic.AtomicLong nowMillis) {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(nowMillis.get());
            }
        };
    }

    /** Answers with the given results in turn (a null entry: throws, as with no answer), recording keys. */
    protected static PaymentGateway scripted(List<String> keys, PaymentResult... answers) {
        AtomicInteger next = new AtomicInteger();
        return new PaymentGateway() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public PaymentResult charge(String orderId, String key, String method, long amountMinor,
                                        String currency) {
                keys.add(key);
                PaymentResult answer = answers[Math.min(next.getAndIncrement(), answers.length - 1)];
                if (answer == null) {
                    throw new IllegalStateException("read timed out");
                }
                return answer;
            }

            @Override
            public PaymentResult refund(String orderId, String key, String ref, long amountMinor, String currency) {
                throw new UnsupportedOperationException("not used here");
            }
        };
    }

    @Test
    void shouldRetryWithANewKeyAfterARetryableDeclineAndChargeOnce() {
        registerAda();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(NOW_MILLIS);
        List<String> keys = new java.util.ArrayList<>();
        BasketHandler handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                scripted(keys, PaymentResult.retryable("pi_1", "insufficient_funds"), null,
                        PaymentResult.succeeded("pi_3")), metrics, movable(now), 5, 1_000);

        assertThat(handler.onBasket(Fixtures.basket("v-7", "c-ada", Fixtures.epc(Fixtures.SOCKS, 7))))
                .isEqualTo(BasketHandler.Outcome.PENDING);
        String orderId = ledger.orderByVisit("v-7").orElseThrow().orderId();
        assertThat(handler.resumePending()).as("within the first backoff").isZero();
        now.addAndGet(1_000);
        assertThat(handler.resumePending()).as("no answer: still pending").isZero();
        now.addAndGet(1_999);
        assertThat(handler.resumePending()).as("second backoff is doubled").isZero();
        now.addAndGet(1);
        assertThat(handler.resumePending()).isEqualTo(1);

        assertThat(keys).containsExactly(orderId, orderId + "-r1", orderId + "-r1");
        Order order = ledger.order(orderId).orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(order.paymentReference()).isEqualTo("pi_3");
        assertThat(ledger.payments(orderId)).extracting(Payment::idempotencyKey, Payment::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(orderId, "RETRYABLE"),
                org.assertj.core.groups.Tuple.tuple(orderId + "-r1", "SUCCEEDED"));
        assertThat(itemsSold()).hasSize(1);
        assertThat(ledger.alerts(10)).isEmpty();
    }

    @Test
    void shouldFailWithAChargeFailedAlertAfterTheLastTry() {
        registerAda();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(NOW_MILLIS);
        List<String> keys = new java.util.ArrayList<>();
        BasketHandler handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                scripted(keys, (PaymentResult) null), metrics, movable(now), 3, 1_000);

        handler.onBasket(Fixtures.basket("v-8", "c-ada", Fixtures.epc(Fixtures.SOCKS, 8)));
        now.addAndGet(1_000);
        handler.resumePending();
        now.addAndGet(2_000);
        assertThat(handler.resumePending()).isEqualTo(1);

        Order order = ledger.orderByVisit("v-8").orElseThrow();
        assertThat(keys).as("no answer: always the same key").containsExactly(order.orderId(), order.orderId(),
                order.orderId());
        assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
        assertThat(order.failureReason()).contains("may or may not have happened").endsWith("(3 tries)");
        assertThat(ledger.alerts(10)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(StoredAlert.CHARGE_FAILED);
            assertThat(a.orderId()).isEqualTo(order.orderId());
            assertThat(a.visitIds()).containsExactly("v-8");
            assertThat(a.epc()).isNull();
            assertThat(a.resolved()).isFalse();
        });
        assertThat(ledger.unsentOutbox(10)).isEmpty();
        assertThat(count("walkout.billing.gateway.errors")).isEqualTo(3);
    }

    protected List<ItemSold> itemsSold() {
        return outboxEvents(Topics.ITEMS_SOLD);
    }

    protected List<ItemReturned> itemsReturned() {
        return outboxEvents(Topics.ITEMS_RETURNED);
    }

    /** The outbox rows for one topic, sent or not, in write order, decoded as that topic's consumers will. */
    private <V> List<V> outboxEvents(Topic<V> topic) {
        return ledger.outbox().stream()
                .filter(m -> m.topic().equals(topic.name()))
                .map(m -> topic.valueSerde().deserializer()
                        .deserialize(m.topic(), m.payload().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    protected static PaymentGateway gatewayAnswering(AtomicInteger calls, PaymentResult result) {
        return new PaymentGateway() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public PaymentResult charge(String orderId, String key, String method, long amountMinor,
                                        String currency) {
                calls.incrementAndGet();
                return result;
            }

            @Override
            public PaymentResult refund(String orderId, String key, String chargeReference, long amountMinor,
                                        String currency) {
                calls.incrementAndGet();
                return result;
            }
        };
    }
}
