package walkout.billing;

import walkout.events.testing.TestKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.AlertRaised;
import walkout.events.AlertType;
import walkout.events.BasketClosed;
import walkout.events.CustomerRegistered;
import walkout.events.ItemSold;
import walkout.events.codec.DeviceTokenSigner;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;

/**
 * Billing against a real (in-process KRaft) broker: read_committed skips an aborted basket, a replayed basket is
 * charged once, a poison record is skipped, items-sold events reach their topic once per charged line.
 */
@ExtendWith(VertxExtension.class)
class BillingAppIT {
    @TempDir
    Path tempDir;

    @Test
    void shouldChargeCommittedBasketsOnceAndPublishItemsSold(Vertx vertx) throws Exception {
        DeviceTokenSigner tokens =
                new DeviceTokenSigner("billing-it-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String socks = Fixtures.epc(Fixtures.SOCKS, 1);
        String apples = Fixtures.epc(Fixtures.APPLES, 2);
        try (TestKafka broker = new TestKafka(tempDir.resolve("kafka")).start().createTopics()) {
            BillingApp app = new BillingApp(vertx, BillingConfig.defaults(Fixtures.STORE, "EUR",
                    "jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath(), broker.bootstrap()),
                    Fixtures.demoCatalog(), tokens, meters, Clock.systemUTC());
            WebClient client = WebClient.create(vertx);
            HttpServer server = null;
            try {
                app.start().await();
                server = vertx.createHttpServer().requestHandler(app.router()).listen(0, "127.0.0.1").await();
                produce(broker.bootstrap(), socks, apples);

                await().atMost(Duration.ofSeconds(60)).until(() ->
                        meters.get("walkout.billing.duplicates.ignored").counter().count() >= 1
                                && meters.get("walkout.billing.alerts.recorded").counter().count() >= 1);

                int port = server.actualPort();
                JsonArray orders = client.get(port, "127.0.0.1", "/api/orders").send().await().bodyAsJsonArray();
                assertThat(orders).hasSize(1);
                assertThat(orders.getJsonObject(0).getString("visitId")).isEqualTo("v-1");
                assertThat(orders.getJsonObject(0).getString("status")).isEqualTo("CHARGED");
                assertThat(orders.getJsonObject(0).getLong("totalMinor")).isEqualTo(499 + 249);
                assertThat(meters.get("walkout.billing.records.undecodable").counter().count()).isEqualTo(1);
                assertThat(meters.get("walkout.billing.baskets.charged").counter().count()).isEqualTo(1);
                HttpResponse<Buffer> receipt = client.get(port, "127.0.0.1", "/v1/visits/v-1/receipt")
                        .putHeader("Authorization", "Bearer " + tokens.issue("c-ada")).send().await();
                assertThat(receipt.statusCode()).isEqualTo(200);
                assertThat(receipt.bodyAsJsonObject().getJsonArray("vatTotals")).hasSize(2);
                assertThat(client.get(port, "127.0.0.1", "/api/alerts").send().await().bodyAsJsonArray())
                        .hasSize(1);

                List<ItemSold> sold = readItemsSold(broker.bootstrap(), 2);
                assertThat(sold).extracting(ItemSold::epc).containsExactly(socks, apples);
                assertThat(sold).extracting(ItemSold::visitId).containsOnly("v-1");
                assertThat(app.running()).isTrue();
            } finally {
                client.close();
                if (server != null) {
                    server.close().await();
                }
                app.stop().await();
            }
            assertThat(app.running()).isFalse();
        }
    }

    private static void produce(String bootstrap, String socks, String apples) {
        Properties plain = new Properties();
        plain.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        plain.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        plain.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(plain)) {
            producer.send(record(Topics.CUSTOMERS,
                    new CustomerRegistered(Fixtures.STORE, "c-ada", "Ada", "pm_card_visa", 1L)));
            producer.send(new ProducerRecord<>(Topics.BASKETS.name(), Fixtures.STORE,
                    "{\"visitId\":".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        Properties tx = new Properties();
        tx.putAll(plain);
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "billing-it-tracking");
        BasketClosed basket = Fixtures.basket("v-1", "c-ada", socks, apples);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(tx)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(Topics.BASKETS, basket));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(record(Topics.BASKETS,
                    Fixtures.basket("v-aborted", "c-ada", Fixtures.epc(Fixtures.COFFEE, 3))));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(record(Topics.BASKETS, basket));
            producer.send(record(Topics.ALERTS, new AlertRaised(Fixtures.STORE, "a-1", AlertType.UNPAID_EXIT,
                    Fixtures.epc(Fixtures.COFFEE, 4), List.of(), 2L)));
            producer.commitTransaction();
        }
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<V> topic, V value) {
        return new ProducerRecord<>(topic.name(), Fixtures.STORE,
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private static List<ItemSold> readItemsSold(String bootstrap, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        TopicPartition tp = new TopicPartition(Topics.ITEMS_SOLD.name(), 0);
        List<ItemSold> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.key()).isEqualTo(Fixtures.STORE);
                    out.add(Topics.ITEMS_SOLD.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                }
                return out.size() >= expected;
            });
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(tp));
            assertThat(end.get(tp)).as("nothing published twice").isEqualTo(expected);
        }
        return out;
    }
}
