package walkout.tracking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import walkout.events.ItemReturned;
import walkout.events.ItemSold;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;

/**
 * Event time from the event itself (reader or device clock), whatever timestamp the producer set, so stream time
 * and every decision follow the store's own clocks. Falls back to the record's timestamp, then to the partition's
 * time, for anything else.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long eventMillis = eventMillis(record.value());
        if (eventMillis >= 0) {
            return eventMillis;
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }

    private static long eventMillis(Object value) {
        if (value instanceof TagSeen read) {
            return read.atMillis();
        }
        if (value instanceof ShopperEvent event) {
            return event.atMillis();
        }
        if (value instanceof ItemSold sold) {
            return sold.atMillis();
        }
        if (value instanceof ItemReturned returned) {
            return returned.atMillis();
        }
        return -1L;
    }
}
