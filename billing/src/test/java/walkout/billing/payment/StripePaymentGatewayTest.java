package walkout.billing.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StripePaymentGatewayTest {
    private FakeStripe stripe;
    private StripePaymentGateway gateway;

    @BeforeEach
    void start() throws Exception {
        stripe = new FakeStripe();
        gateway = new StripePaymentGateway(new StripeConfig("sk_test_walkout", stripe.baseUrl(), 2_000, 1_000));
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    @Test
    void shouldChargeOnceOffSessionWhenTheSameKeyIsUsedTwice() {
        PaymentResult first = gateway.charge("ord-1", "ord-1", "cus_ada/pm_card_visa", 748, "EUR");
        PaymentResult second = gateway.charge("ord-1", "ord-1", "cus_ada/pm_card_visa", 748, "EUR");

        assertThat(first.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
        assertThat(first.reference()).startsWith("pi_");
        assertThat(second).isEqualTo(first);
        assertThat(stripe.charged()).singleElement().satisfies(intent -> {
            assertThat(intent.getLong("amount")).isEqualTo(748);
            assertThat(intent.getString("currency")).isEqualTo("eur");
            assertThat(intent.getString("customer")).isEqualTo("cus_ada");
            assertThat(intent.getString("payment_method")).isEqualTo("pm_card_visa");
            assertThat(intent.getString("confirm")).isEqualTo("true");
            assertThat(intent.getString("off_session")).isEqualTo("true");
            assertThat(intent.getJsonObject("metadata").getString("walkout_order_id")).isEqualTo("ord-1");
        });
        assertThat(stripe.keysSeen()).containsExactly("ord-1", "ord-1");
    }

    @Test
    void shouldDeclineWhenTheKeyIsReusedWithOtherParameters() {
        gateway.charge("ord-2", "ord-2", "pm_card_visa", 100, "EUR");

        PaymentResult other = gateway.charge("ord-2", "ord-2", "pm_card_visa", 999, "EUR");

        assertThat(other.status()).isEqualTo(PaymentResult.Status.DECLINED);
        assertThat(stripe.charged()).hasSize(1);
    }

    @Test
    void shouldAnswerRetryableWhenTheCardIsDeclined() {
        stripe.then(FakeStripe.Next.DECLINE);

        PaymentResult result = gateway.charge("ord-3", "ord-3", "pm_card_visa", 100, "EUR");

        assertThat(result.status()).isEqualTo(PaymentResult.Status.RETRYABLE);
        assertThat(result.reason()).isEqualTo("insufficient_funds");
        assertThat(result.reference()).startsWith("pi_");
        assertThat(stripe.charged()).isEmpty();
    }

    @Test
    void shouldCancelTheIntentAndAnswerRetryableWhenItRequiresAction() {
        stripe.then(FakeStripe.Next.REQUIRE_ACTION);

        PaymentResult result = gateway.charge("ord-4", "ord-4", "pm_card_visa", 100, "EUR");

        assertThat(result.status()).isEqualTo(PaymentResult.Status.RETRYABLE);
        assertThat(result.reason()).isEqualTo("requires_action");
        assertThat(stripe.intent(result.reference()).getString("status")).isEqualTo("canceled");
        assertThat(stripe.keysSeen()).containsExactly("ord-4", "ord-4-cancel");
    }

    @Test
    void shouldThrowWhenStripeDoesNotAnswerAndGiveTheStoredAnswerOnRetry() {
        stripe.then(FakeStripe.Next.CHARGE_THEN_HANG);

        assertThatThrownBy(() -> gateway.charge("ord-5", "ord-5", "pm_card_visa", 100, "EUR"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ApiConnectionException");
        PaymentResult retried = gateway.charge("ord-5", "ord-5", "pm_card_visa", 100, "EUR");

        assertThat(retried.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
        assertThat(stripe.charged()).singleElement()
                .satisfies(i -> assertThat(i.getString("id")).isEqualTo(retried.reference()));
    }

    @Test
    void shouldRefundTheChargedIntentWithTheRefundIdAsKey() {
        PaymentResult charge = gateway.charge("ord-6", "ord-6", "pm_card_visa", 748, "EUR");

        PaymentResult refund = gateway.refund("ord-6", "rfd-1", charge.reference(), 499, "EUR");
        PaymentResult again = gateway.refund("ord-6", "rfd-1", charge.reference(), 499, "EUR");
        PaymentResult unknown = gateway.refund("ord-6", "rfd-2", "pi_nope", 1, "EUR");

        assertThat(refund.status()).isEqualTo(PaymentResult.Status.SUCCEEDED);
        assertThat(refund.reference()).startsWith("re_");
        assertThat(again).isEqualTo(refund);
        assertThat(unknown.status()).isEqualTo(PaymentResult.Status.DECLINED);
        assertThat(unknown.reason()).startsWith("resource_missing");
    }

    @Test
    void shouldRefuseAConfigWithoutKeyOrWithABadUrl() {
        assertThatThrownBy(() -> new StripeConfig(" ", "https://api.stripe.com", 1, 1))
                .hasMessage("stripe.apiKey must not be blank");
        assertThatThrownBy(() -> new StripeConfig("sk", "ftp://x", 1, 1))
                .hasMessageStartingWith("stripe.baseUrl=ftp://x");
        assertThat(StripeConfig.of("sk_live_secret").toString()).doesNotContain("sk_live_secret");
    }
}
