package walkout.tracking.item;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.EpcisObjectEvent;
import walkout.events.ItemSold;
import walkout.events.codec.Sgtin96Decoder;
import walkout.tracking.TrackingCounters;
import walkout.tracking.epcis.EpcisEvents;
import walkout.tracking.epcis.EpcisLog;
import walkout.tracking.inventory.FloorCount;
import walkout.tracking.inventory.InventoryLedger;

/**
 * Marks items billing charged for as SOLD: from then on they are never attributed or alarmed at the exit, and they
 * leave the floor count. An exit of the item still waiting for its decision is dropped. The first sale of an item
 * records an EPCIS {@code retail_selling} event at the exit zone (forwarded to {@link EpcisLog#SINK} only).
 */
public final class ItemSoldProcessor implements Processor<String, ItemSold, String, EpcisObjectEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ItemSoldProcessor.class);

    private final String exitZone;
    private final TrackingCounters counters;
    private final Sgtin96Decoder decoder = new Sgtin96Decoder();
    private final EpcisEvents epcisEvents = new EpcisEvents();
    private EpcisLog epcis;
    private KeyValueStore<String, ItemState> items;
    private KeyValueStore<String, PendingExit> pendingExits;
    private InventoryLedger inventory;

    public ItemSoldProcessor(String exitZone, TrackingCounters counters) {
        this.exitZone = exitZone;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, EpcisObjectEvent> context) {
        items = context.getStateStore(ItemState.STORE);
        pendingExits = context.getStateStore(PendingExit.STORE);
        KeyValueStore<String, FloorCount> counts = context.getStateStore(InventoryLedger.STORE);
        inventory = new InventoryLedger(counts);
        epcis = new EpcisLog(context);
    }

    @Override
    public void process(Record<String, ItemSold> record) {
        ItemSold sold = record.value();
        if (sold == null || sold.storeId() == null || sold.epc() == null) {
            counters.invalidRecord();
            LOG.warn("item-sold skipped: storeId and epc are required, got {}", sold);
            return;
        }
        String epc = sold.epc().toUpperCase();
        ItemState before = items.get(epc);
        ItemState item = before != null ? before : ItemState.first(sold.storeId(), epc, decoder.gtinOf(epc));
        if (item.status() == ItemStatus.EXITED && item.exitedAtMillis() != ItemState.NONE) {
            pendingExits.delete(PendingExit.key(item.exitedAtMillis(), epc));
        }
        ItemState after = item.sold();
        inventory.move(before, after);
        items.put(epc, after);
        if (before == null || before.status() != ItemStatus.SOLD) {
            epcis.record(sold.storeId(), epcisEvents.sold(sold.storeId(), epc, exitZone, sold.atMillis()));
        }
        LOG.debug("item sold: epc={} visit={} order={}", epc, sold.visitId(), sold.orderId());
    }
}
