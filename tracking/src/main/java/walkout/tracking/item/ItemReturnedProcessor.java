package walkout.tracking.item;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.ItemReturned;
import walkout.tracking.TrackingCounters;

/**
 * Takes refunded items out of SOLD: they become RETURNED, and the next floor read puts them back in stock (see
 * {@link ItemState#refunded()}). Neither SOLD nor RETURNED counts on the floor, so the inventory waits for that read.
 * A return of an item that is not SOLD (a repeated event, or an EPC tracking never saw sold) changes nothing.
 * Forwards nothing.
 */
public final class ItemReturnedProcessor implements Processor<String, ItemReturned, Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ItemReturnedProcessor.class);

    private final TrackingCounters counters;
    private KeyValueStore<String, ItemState> items;

    public ItemReturnedProcessor(TrackingCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        items = context.getStateStore(ItemState.STORE);
    }

    @Override
    public void process(Record<String, ItemReturned> record) {
        ItemReturned returned = record.value();
        if (returned == null || returned.storeId() == null || returned.epc() == null) {
            counters.invalidRecord();
            LOG.warn("item-returned skipped: storeId and epc are required, got {}", returned);
            return;
        }
        String epc = returned.epc().toUpperCase();
        ItemState item = items.get(epc);
        if (item == null || item.status() != ItemStatus.SOLD) {
            LOG.info("item-returned: epc={} order={} refund={} is {}, not SOLD: nothing to change", epc,
                    returned.orderId(), returned.refundId(), item == null ? "unknown" : item.status());
            return;
        }
        items.put(epc, item.refunded());
        LOG.debug("item returned: epc={} order={} refund={}", epc, returned.orderId(), returned.refundId());
    }
}
