package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.Payment;
import walkout.billing.payment.FakeStripe;
import walkout.events.ItemSold;
import walkout.events.testing.TestKafka;
import walkout.events.topic.Topics;

/**
 * Exactly once across crashes: a child JVM running billing's steps for one basket is killed (SIGKILL) before the
 * gateway call, after the call but before the ledger commit, or after the commit but before the outbox is
 * published; a second run recovers. Stripe (a stand-in in this JVM, which outlives the child) must have charged
 * once, the ledger must hold one CHARGED order with one charge, and Kafka one item-sold event per line.
 */
class CrashRecoveryIT {
    @TempDir
    static Path shared;

    private static TestKafka kafka;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new TestKafka(shared.resolve("kafka")).start().createTopics();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-call", "after-call", "after-commit"})
    void shouldChargeOnceAndPublishOnceWhenKilledAndRestarted(String crashPoint) throws Exception {
        String jdbcUrl = "jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath();
        String visitId = "v-crash-" + crashPoint;
        try (FakeStripe stripe = new FakeStripe()) {
            List<String> first = run(jdbcUrl, stripe, crashPoint, visitId, true);
            assertThat(first).contains("CRASH-POINT " + crashPoint);
            String orderId = BasketHandler.orderIdFor(Fixtures.STORE, visitId);
            try (Ledger ledger = Ledger.open(jdbcUrl)) {
                Order crashed = ledger.order(orderId).orElseThrow();
                switch (crashPoint) {
                    case "before-call" -> {
                        assertThat(crashed.status()).isEqualTo(OrderStatus.PENDING);
                        assertThat(stripe.charged()).isEmpty();
                    }
                    case "after-call" -> {
                        assertThat(crashed.status()).as("charged at Stripe, not committed").isEqualTo(
                                OrderStatus.PENDING);
                        assertThat(stripe.charged()).hasSize(1);
                    }
                    default -> {
                        assertThat(crashed.status()).isEqualTo(OrderStatus.CHARGED);
                        assertThat(ledger.unsentOutbox(10)).hasSize(2);
                    }
                }
            }

            List<String> second = run(jdbcUrl, stripe, "none", visitId, false);

            assertThat(second).contains("DONE");
            assertThat(stripe.charged()).singleElement().satisfies(intent -> {
                assertThat(intent.getJsonObject("metadata").getString("walkout_order_id")).isEqualTo(orderId);
                assertThat(intent.getLong("amount")).isEqualTo(499 + 249);
            });
            try (Ledger ledger = Ledger.open(jdbcUrl)) {
                Order order = ledger.order(orderId).orElseThrow();
                assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
                assertThat(order.paymentReference()).isEqualTo(stripe.charged().get(0).getString("id"));
                assertThat(ledger.payments(orderId)).singleElement()
                        .satisfies(p -> assertThat(p.kind()).isEqualTo(Payment.CHARGE));
                assertThat(ledger.unsentOutbox(10)).isEmpty();
            }
            assertThat(itemsSold(orderId)).extracting(ItemSold::epc).containsExactlyInAnyOrder(
                    Fixtures.epc(Fixtures.SOCKS, 1), Fixtures.epc(Fixtures.APPLES, 2));
        }
    }

    /** Runs the child; when {@code killAtCrashPoint}, kills it (SIGKILL) once it reports its crash point. */
    private static List<String> run(String jdbcUrl, FakeStripe stripe, String crashPoint, String visitId,
                                    boolean killAtCrashPoint) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CrashingBilling.class.getName(), jdbcUrl,
                stripe.baseUrl(), kafka.bootstrap(), crashPoint, visitId)
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("reader failed: " + e);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (killAtCrashPoint) {
                await().atMost(Duration.ofSeconds(60)).until(() -> output.contains("CRASH-POINT " + crashPoint)
                        || !child.isAlive());
                child.destroyForcibly();
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child ended, output: %s", output).isTrue();
            reader.join(10_000);
            if (!killAtCrashPoint) {
                assertThat(child.exitValue()).as("child output: %s", output).isZero();
            }
            return new ArrayList<>(output);
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<ItemSold> itemsSold(String orderId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        TopicPartition tp = new TopicPartition(Topics.ITEMS_SOLD.name(), 0);
        List<ItemSold> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ItemSold sold = Topics.ITEMS_SOLD.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    if (sold.orderId().equals(orderId)) {
                        out.add(sold);
                    }
                }
                return consumer.position(tp) >= end;
            });
        }
        return out;
    }
}
