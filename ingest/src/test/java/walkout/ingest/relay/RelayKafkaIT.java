package walkout.ingest.relay;

import walkout.events.testing.TestKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.BeaconSighted;
import walkout.events.ShopperEvent;
import walkout.events.codec.DeviceTokenSigner;
import walkout.events.topic.Topics;
import walkout.ingest.IngestApp;
import walkout.ingest.IngestConfig;

/** Ingest against a real KRaft broker: relayed records arrive, and a broker outage loses nothing journaled. */
@ExtendWith(VertxExtension.class)
class RelayKafkaIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void postSightings(WebClient client, String token, long fromTs, int count) throws Exception {
        JsonArray sightings = new JsonArray();
        for (int i = 0; i < count; i++) {
            sightings.add(new JsonObject().put("beaconId", "b-a1").put("rssi", -60).put("ts", fromTs + i));
        }
        HttpResponse<?> response = result(client.post("/v1/sightings").bearerTokenAuthentication(token)
                .sendJsonObject(new JsonObject().put("sightings", sightings)));
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void shouldDeliverEveryJournaledEventWhenTheBrokerIsDownForAWhile(Vertx vertx) throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        try (TestKafka broker = new TestKafka(dir.resolve("broker")).start().createTopics()) {
            IngestConfig config = IngestConfig.defaults("store-1", List.of(), Map.of("b-a1", "A1"),
                    Set.of("g-entry"), dir.resolve("journal"), broker.bootstrap());
            Clock clock = Clock.systemUTC();
            // sightings far from now are refused: event times near the app's clock
            long base = clock.millis() - 10_000;
            IngestApp app = new IngestApp(vertx, config, new DeviceTokenSigner(
                    "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)), new SimpleMeterRegistry(), clock);
            Router root = Router.router(vertx);
            root.route().handler(BodyHandler.create());
            root.route("/*").subRouter(app.router());
            HttpServer server = result(vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1"));
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(server.actualPort()));
            result(app.start());
            try {
                HttpResponse<?> registered = result(client.post("/api/customers")
                        .sendJsonObject(new JsonObject().put("name", "Ada").put("paymentMethod", "pm_card_visa")));
                String token = registered.bodyAsJsonObject().getString("deviceToken");
                postSightings(client, token, base + 1_000, 5);
                await().atMost(WAIT).until(() -> app.journalRelayed() == 6);

                broker.stop();
                postSightings(client, token, base + 2_000, 5);
                assertThat(app.journalAppended()).isEqualTo(11);
                broker.start();

                try (KafkaConsumer<String, byte[]> consumer = consumer(broker.bootstrap())) {
                    TopicPartition partition = new TopicPartition(Topics.SHOPPER_EVENTS.name(), 0);
                    consumer.assign(List.of(partition));
                    consumer.seekToBeginning(List.of(partition));
                    List<Long> seen = new ArrayList<>();
                    await().atMost(WAIT).until(() -> {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            ShopperEvent event = Topics.SHOPPER_EVENTS.valueSerde().deserializer()
                                    .deserialize(record.topic(), record.value());
                            assertThat(record.key()).isEqualTo("store-1");
                            assertThat(record.timestamp()).isEqualTo(event.atMillis());
                            if (event instanceof BeaconSighted sighted && !seen.contains(sighted.atMillis())) {
                                seen.add(sighted.atMillis());
                            }
                        }
                        return seen.size() == 10;
                    });
                    assertThat(seen).containsExactlyInAnyOrder(base + 1_000, base + 1_001, base + 1_002,
                            base + 1_003, base + 1_004, base + 2_000, base + 2_001, base + 2_002, base + 2_003,
                            base + 2_004);
                }
                await().atMost(WAIT).until(app::relayUp);
            } finally {
                result(app.stop());
                client.close();
                result(server.close());
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }
}
