package walkout.store;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.Epc;
import walkout.events.PortalSide;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topics;
import walkout.ingest.journal.Journal;
import walkout.store.kafka.EmbeddedKafka;

class ReplayCommandIT {
    private static final long T0_MICROS = 1_795_000_000_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void shouldRepublishJournaledReadsInRangeToNamedTopic() {
        Sgtin96Encoder epc = new Sgtin96Encoder().encode("04012345000016", 7, 1, 42);
        try (Journal journal = Journal.open(dataDir.resolve("journal"))) {
            for (int i = 0; i < 3; i++) {
                journal.appendTagRead("r-a1", epc.hi(), epc.lo(), 1, -55, T0_MICROS + i * 1_000_000L, 0, 1);
            }
            journal.appendTagRead("r-exit", epc.hi(), epc.lo(), 2, -60, T0_MICROS + 10_000_000L, 0, 1);
        }

        int code = WalkoutCli.commandLine().execute("replay", "--data-dir", dataDir.toString(),
                "--from", "2026-11-18T11:06:41.500Z", "--topic", "audit");

        assertThat(code).isZero();
        List<TagSeen> replayed = readAll("audit", 2);
        assertThat(replayed).extracting(TagSeen::readerId).containsExactly("r-a1", "r-exit");
        assertThat(replayed.get(1).side()).isEqualTo(PortalSide.OUTER);
        assertThat(replayed).extracting(TagSeen::epc).containsOnly(Epc.hex96(epc.hi(), epc.lo()));
    }

    @Test
    void shouldRefuseRangeThatIsNeitherIndexNorTime() {
        int code = WalkoutCli.commandLine().execute("replay", "--data-dir", dataDir.toString(), "--from", "soon");

        assertThat(code).isEqualTo(WalkoutCli.EXIT_CONFIG);
    }

    private List<TagSeen> readAll(String topic, int expected) {
        List<TagSeen> out = new ArrayList<>();
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir)) {
            Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.start(),
                    ConsumerConfig.GROUP_ID_CONFIG, "replay-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, TagSeen> consumer = new KafkaConsumer<>(props,
                    Topics.TAG_READS.keySerde().deserializer(), Topics.TAG_READS.valueSerde().deserializer())) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    for (ConsumerRecord<String, TagSeen> r : consumer.poll(Duration.ofMillis(200))) {
                        out.add(r.value());
                    }
                    return out.size() >= expected;
                });
            }
        }
        return out;
    }
}
