package walkout.billing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.payment.PaymentGateway;
import walkout.billing.payment.PaymentResult;
import walkout.billing.payment.StripeConfig;
import walkout.billing.payment.StripePaymentGateway;
import walkout.billing.pricing.BasketPricer;

/**
 * The billing steps of one basket in a child JVM that {@link CrashRecoveryIT} kills at a chosen point: it prints
 * {@code CRASH-POINT <point>} there and waits to be killed. Run again with point {@code none}, it recovers as
 * billing does at start (PENDING orders charged again with their key), handles the redelivered basket (the
 * consumer's offset was not committed), publishes the outbox and prints {@code DONE}.
 *
 * <p>Arguments: jdbcUrl, Stripe base URL, Kafka bootstrap, crash point ({@code before-call}, {@code after-call},
 * {@code after-commit}, {@code none}), visit id.
 */
public final class CrashingBilling {
    private CrashingBilling() {
    }

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String stripeUrl = args[1];
        String bootstrap = args[2];
        String crashPoint = args[3];
        String visitId = args[4];
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BillingMetrics metrics = new BillingMetrics(meters);
        Clock clock = Clock.systemUTC();
        try (Ledger ledger = Ledger.open(jdbcUrl)) {
            ledger.migrate();
            ledger.upsertCustomer(new Customer("c-ada", Fixtures.STORE, "Ada", "cus_ada/pm_card_visa", 0));
            PaymentGateway stripe = new StripePaymentGateway(new StripeConfig("sk_test_crash", stripeUrl, 2_000,
                    5_000));
            PaymentGateway gateway = new PaymentGateway() {
                @Override
                public String name() {
                    return stripe.name();
                }

                @Override
                public PaymentResult charge(String orderId, String key, String method, long amountMinor,
                                            String currency) {
                    crashIf(crashPoint, "before-call");
                    PaymentResult result = stripe.charge(orderId, key, method, amountMinor, currency);
                    crashIf(crashPoint, "after-call");
                    return result;
                }

                @Override
                public PaymentResult refund(String orderId, String key, String ref, long amountMinor,
                                            String currency) {
                    return stripe.refund(orderId, key, ref, amountMinor, currency);
                }
            };
            BasketHandler handler = new BasketHandler(new BasketPricer(Fixtures.demoCatalog(), "EUR"), ledger,
                    gateway, metrics, clock).onCharged(orderId -> crashIf(crashPoint, "after-commit"));
            handler.resumePending();
            handler.onBasket(Fixtures.basket(visitId, "c-ada", Fixtures.epc(Fixtures.SOCKS, 1),
                    Fixtures.epc(Fixtures.APPLES, 2)));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(bootstrap))) {
                new OutboxPublisher(ledger, producer, metrics, clock, 500).publishPending();
                producer.close(Duration.ofSeconds(10));
            }
        }
        System.out.println("DONE");
        System.out.flush();
    }

    private static void crashIf(String crashPoint, String here) {
        if (!crashPoint.equals(here)) {
            return;
        }
        System.out.println("CRASH-POINT " + here);
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to be killed at " + here, e);
        }
    }

    private static Properties producerProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
