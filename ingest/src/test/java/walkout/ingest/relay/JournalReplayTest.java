package walkout.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.PortalSide;
import walkout.events.TagSeen;
import walkout.events.topic.Topics;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;

class JournalReplayTest {
    private static final List<ReaderConfig> READERS = List.of(new ReaderConfig("r-exit", "127.0.0.1", 5084,
            Map.of(1, new AntennaConfig("EXIT", PortalSide.INNER), 2, new AntennaConfig("EXIT", PortalSide.OUTER))));
    private static final long T0 = 1_763_820_000_000_000L;

    @TempDir
    Path dir;

    private static TagSeen tag(ProducerRecord<String, byte[]> record) {
        return Topics.TAG_READS.valueSerde().deserializer().deserialize("t", record.value());
    }

    @Test
    void shouldRepublishEveryRawReadOfARangeToTheNamedTopic() {
        try (Journal journal = Journal.open(dir)) {
            long first = journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 1, 1, -60, T0, T0, 1);
            long second = journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 1, 1, -55, T0 + 1_000, T0 + 1_000, 1);
            journal.appendShopperEntered("v-1", "c-1", "g-entry", T0 / 1000);
            journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 1, 9, -55, T0 + 2_000, T0 + 2_000, 1);
            long fourth = journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 1, 2, -50, T0 + 900_000,
                    T0 + 900_000, 3);
            journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 2, 2, -50, T0 + 950_000, T0 + 950_000, 1);
            JournalReplay replay = new JournalReplay("store-1", READERS, journal);

            MockProducer<String, byte[]> all = producer();
            assertThat(replay.replay(-1, -1, Long.MIN_VALUE, Long.MAX_VALUE, "audit", all)).isEqualTo(4);
            assertThat(all.history()).extracting(ProducerRecord::topic).containsOnly("audit");
            assertThat(all.history()).extracting(ProducerRecord::key).containsOnly("store-1");
            assertThat(tag(all.history().get(0))).isEqualTo(new TagSeen("store-1", "r-exit:" + first, "r-exit", 1,
                    "EXIT", PortalSide.INNER, "3074257BF7194E4000000001", T0, T0, -6000, 1));

            MockProducer<String, byte[]> range = producer();
            assertThat(replay.replay(second, fourth, Long.MIN_VALUE, Long.MAX_VALUE, "audit", range)).isEqualTo(2);
            assertThat(range.history()).extracting(r -> tag(r).recordId())
                    .containsExactly("r-exit:" + second, "r-exit:" + fourth);

            MockProducer<String, byte[]> window = producer();
            assertThat(replay.replay(-1, -1, T0 / 1000 + 500, Long.MAX_VALUE, "audit", window)).isEqualTo(2);
            assertThat(window.history()).extracting(ProducerRecord::timestamp)
                    .containsExactly((T0 + 900_000) / 1000, (T0 + 950_000) / 1000);
        }
    }

    private static MockProducer<String, byte[]> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }
}
