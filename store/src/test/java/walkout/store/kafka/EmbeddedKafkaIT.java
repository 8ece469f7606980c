package walkout.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.topic.Topics;

class EmbeddedKafkaIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepRecordsAcrossRestartWhenDataDirIsReused() throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir)) {
            String bootstrap = kafka.start();
            TopicCreator.createMissing(bootstrap, 30_000);
            produce(bootstrap, "before-restart");
        }
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir)) {
            String bootstrap = kafka.start();
            TopicCreator.createMissing(bootstrap, 30_000);
            produce(bootstrap, "after-restart");

            assertThat(readAll(bootstrap, 2)).containsExactly("before-restart", "after-restart");
        }
        assertThat(dataDir.resolve("kafka-cluster-id")).exists();
    }

    private static void produce(String bootstrap, String value) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), "store-1", value)).get();
        }
    }

    private static List<String> readAll(String bootstrap, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
