package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.Payment;
import walkout.billing.ledger.Refund;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.ledger.Supplement;
import walkout.billing.payment.FakeStripe;
import walkout.billing.payment.StripeConfig;
import walkout.billing.payment.StripePaymentGateway;
import walkout.billing.pricing.BasketPricer;

/** Baskets charged and refunded through the Stripe gateway, against a local stand-in for Stripe. */
class StripeBasketFlowTest {
    private static final long NOW_MILLIS = 1_763_820_010_000L;

    @TempDir
    Path tempDir;

    private FakeStripe stripe;
    private Ledger ledger;
    private final AtomicLong now = new AtomicLong(NOW_MILLIS);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private BasketHandler handler;
    private StripePaymentGateway gateway;

    @BeforeEach
    void start() throws Exception {
        stripe = new FakeStripe();
        ledger = Ledger.open("jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath());
        ledger.migrate();
        ledger.upsertCustomer(new Customer("c-ada", Fixtures.STORE, "Ada", "cus_ada/pm_card_visa", NOW_MILLIS));
        gateway = new StripePaymentGateway(new StripeConfig("sk_test_walkout", stripe.baseUrl(), 2_000, 1_000));
        handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger, gateway,
                new BillingMetrics(meters), LedgerFlowTestBase.movable(now), 3, 1_000);
    }

    @AfterEach
    void stop() {
        ledger.close();
        stripe.close();
    }

    @Test
    void shouldChargeOnceWhenTheResponseIsLostAndTheChargeIsRetriedWithTheSameKey() {
        stripe.then(FakeStripe.Next.CHARGE_THEN_HANG);

        assertThat(handler.onBasket(Fixtures.basket("v-1", "c-ada", Fixtures.epc(Fixtures.SOCKS, 1))))
                .isEqualTo(BasketHandler.Outcome.PENDING);
        now.addAndGet(1_000);
        assertThat(handler.resumePending()).isEqualTo(1);

        Order order = ledger.orderByVisit("v-1").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(stripe.charged()).singleElement()
                .satisfies(i -> assertThat(i.getString("id")).isEqualTo(order.paymentReference()));
        assertThat(stripe.keysSeen()).containsExactly(order.orderId(), order.orderId());
    }

    @Test
    void shouldChargeWithANewKeyAfterADeclineAndRefundThroughStripe() {
        stripe.then(FakeStripe.Next.DECLINE);

        handler.onBasket(Fixtures.basket("v-2", "c-ada", Fixtures.epc(Fixtures.SOCKS, 2),
                Fixtures.epc(Fixtures.APPLES, 3)));
        now.addAndGet(1_000);
        handler.resumePending();
        Order order = ledger.orderByVisit("v-2").orElseThrow();
        RefundHandler refunds = new RefundHandler(ledger, gateway, new BillingMetrics(meters),
                LedgerFlowTestBase.movable(now), BillingConfig.DEFAULT_REFUND_WINDOW_MS);
        Refund refund = refunds.refund(order.orderId(), List.of(Fixtures.epc(Fixtures.SOCKS, 2)), "eve", null);

        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(stripe.keysSeen()).startsWith(order.orderId(), order.orderId() + "-r1");
        assertThat(stripe.charged()).singleElement()
                .satisfies(i -> assertThat(i.getLong("amount")).isEqualTo(499 + 249));
        assertThat(refund.status()).isEqualTo(Refund.SUCCEEDED);
        assertThat(ledger.payment(refund.refundId()).map(Payment::reference).orElseThrow()).startsWith("re_");
        assertThat(stripe.keysSeen()).endsWith(refund.refundId());
        assertThat(ledger.order(order.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void shouldRefundAHeldItemFromItsOwnIntentAndTheBasketLineFromTheBasketsIntent() {
        String socks = Fixtures.epc(Fixtures.SOCKS, 4);
        String coffee = Fixtures.epc(Fixtures.COFFEE, 5);
        handler.onBasket(Fixtures.basket("v-4", "c-ada", socks));
        ledger.insertAlert(new StoredAlert("a-4", Fixtures.STORE, "AMBIGUOUS", coffee, Fixtures.COFFEE,
                List.of("v-4"), NOW_MILLIS, false));
        Clock clock = LedgerFlowTestBase.movable(now);
        BillingMetrics metrics = new BillingMetrics(meters);
        Supplement sup = new HeldItemHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger, gateway,
                metrics, clock).assign("a-4", "v-4", "eve");
        Order order = ledger.orderByVisit("v-4").orElseThrow();
        RefundHandler refunds = new RefundHandler(ledger, gateway, metrics, clock,
                BillingConfig.DEFAULT_REFUND_WINDOW_MS);

        Refund basketLine = refunds.refund(order.orderId(), List.of(socks), "eve", null);
        Refund heldItem = refunds.refund(order.orderId(), List.of(coffee), "eve", null);

        String supplementIntent = ledger.payment(sup.supplementId()).map(Payment::reference).orElseThrow();
        assertThat(supplementIntent).isNotEqualTo(order.paymentReference());
        assertThat(List.of(basketLine.status(), heldItem.status())).as("neither exceeds what its intent has left")
                .containsOnly(Refund.SUCCEEDED);
        assertThat(stripe.intent(order.paymentReference()).getLong("amount_refunded")).isEqualTo(499);
        assertThat(stripe.intent(supplementIntent).getLong("amount_refunded")).isEqualTo(349);
        assertThat(ledger.order(order.orderId()).orElseThrow().status()).isEqualTo(OrderStatus.REFUNDED);
    }

    @Test
    void shouldFailWithAnAlertWhenEveryTryNeedsAuthentication() {
        stripe.then(FakeStripe.Next.REQUIRE_ACTION, FakeStripe.Next.DECLINE, FakeStripe.Next.REQUIRE_ACTION);

        handler.onBasket(Fixtures.basket("v-3", "c-ada", Fixtures.epc(Fixtures.SOCKS, 4)));
        now.addAndGet(1_000);
        handler.resumePending();
        now.addAndGet(2_000);
        handler.resumePending();

        Order order = ledger.orderByVisit("v-3").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.FAILED);
        assertThat(order.failureReason()).isEqualTo("declined: requires_action (3 tries)");
        assertThat(stripe.charged()).isEmpty();
        assertThat(ledger.alerts(10)).singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo(StoredAlert.CHARGE_FAILED));
    }
}
