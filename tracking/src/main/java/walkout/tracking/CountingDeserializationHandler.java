package walkout.tracking;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips an input record that does not deserialize: one log line naming topic, partition and offset, and a count in
 * the {@link TrackingCounters} passed under {@link #COUNTERS_CONFIG} (a private one when absent). One bad record
 * must not stop the store.
 */
public final class CountingDeserializationHandler implements DeserializationExceptionHandler {
    /** Streams property carrying the {@link TrackingCounters} instance to count into. */
    public static final String COUNTERS_CONFIG = "walkout.tracking.counters";

    private static final Logger LOG = LoggerFactory.getLogger(CountingDeserializationHandler.class);

    private TrackingCounters counters = new TrackingCounters();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(COUNTERS_CONFIG) instanceof TrackingCounters shared) {
            counters = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        counters.undecodableRecord();
        LOG.warn("input record skipped: topic={} partition={} offset={}: {}", record.topic(), record.partition(),
                record.offset(), exception.getMessage());
        return Response.resume();
    }
}
