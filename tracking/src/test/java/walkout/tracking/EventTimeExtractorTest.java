package walkout.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import walkout.events.BeaconSighted;
import walkout.events.PortalSide;
import walkout.events.TagSeen;

class EventTimeExtractorTest {
    private final EventTimeExtractor extractor = new EventTimeExtractor();

    @Test
    void shouldUseFirstSeenWhenValueIsTagRead() {
        TagSeen read = new TagSeen("s", "r:1", "r", 1, "A1", PortalSide.NONE, "EPC", 5_000_123, 5_100_000, -60, 1);

        assertThat(extractor.extract(record(read, 99), 0)).isEqualTo(5_000);
    }

    @Test
    void shouldUseDeviceTimeWhenValueIsSighting() {
        BeaconSighted sighted = new BeaconSighted("s", "c1", "b", "A1", -60, 7_000);

        assertThat(extractor.extract(record(sighted, 99), 0)).isEqualTo(7_000);
    }

    @Test
    void shouldFallBackToRecordTimestampWhenValueIsUnknown() {
        assertThat(extractor.extract(record("text", 99), 0)).isEqualTo(99);
        assertThat(extractor.extract(record(null, -1), 42)).isEqualTo(42);
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("t", 0, 0, timestamp, TimestampType.CREATE_TIME, 0, 0, "store", value,
                new RecordHeaders(), Optional.empty());
    }
}
