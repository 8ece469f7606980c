package walkout.tracking.item;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.EpcisObjectEvent;
import walkout.events.PortalSide;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Decoder;
import walkout.tracking.TrackingConfig;
import walkout.tracking.TrackingCounters;
import walkout.tracking.epcis.EpcisEvents;
import walkout.tracking.epcis.EpcisLog;
import walkout.tracking.inventory.FloorCount;
import walkout.tracking.inventory.InventoryLedger;
import walkout.tracking.visit.Visit;

/**
 * Turns tag reads into item state: the zone an item was last read in, carried or resting, and its passes through the
 * portal (gathered per pass and decided by {@link ItemExits}); a shelf read in another zone moves a resting item only
 * under the {@link MobilityProfile}. An exited item read inside again is withdrawn from its pending exit or from the
 * basket of the still-open visit it was attributed to (never charge an item put back); the floor counts follow every
 * change. Non-SGTIN-96 EPCs are counted and skipped, and so are reads re-sent with a record id already applied
 * ({@link SeenRecords}). The first floor read of an item, and the shelf read that puts a returned item back on sale,
 * record an EPCIS {@code stocking} event (forwarded to {@link EpcisLog#SINK} only).
 */
public final class TagReadProcessor implements Processor<String, TagSeen, String, EpcisObjectEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(TagReadProcessor.class);

    private final TrackingConfig config;
    private final TrackingCounters counters;
    private final Sgtin96Decoder decoder = new Sgtin96Decoder();
    private KeyValueStore<String, ItemState> items;
    private InventoryLedger inventory;
    private ItemExits exits;
    private EpcisLog epcis;
    private SeenRecords seenRecords;
    private final EpcisEvents epcisEvents = new EpcisEvents();

    public TagReadProcessor(TrackingConfig config, TrackingCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, EpcisObjectEvent> context) {
        items = context.getStateStore(ItemState.STORE);
        KeyValueStore<String, FloorCount> counts = context.getStateStore(InventoryLedger.STORE);
        inventory = new InventoryLedger(counts);
        KeyValueStore<String, Visit> visits = context.getStateStore(Visit.STORE);
        exits = new ItemExits(config, counters, items, context.getStateStore(PortalPass.STORE),
                context.getStateStore(PendingExit.STORE), visits, inventory);
        epcis = new EpcisLog(context);
        seenRecords = new SeenRecords(context.getStateStore(SeenRecords.STORE));
    }

    @Override
    public void process(Record<String, TagSeen> record) {
        TagSeen read = record.value();
        if (read == null || read.storeId() == null || read.epc() == null || read.side() == null) {
            counters.invalidRecord();
            LOG.warn("tag read skipped: storeId, epc and side are required, got {}", read);
            return;
        }
        if (read.side() != PortalSide.NONE && read.peakRssiCdbm() < config.portalRssiFloorCdbm()) {
            // A tag on a shelf near the portal, heard faintly: it must never count as passing the portal.
            counters.strayPortalRead();
            LOG.debug("stray portal read ignored: epc={} side={} rssiCdbm={}", read.epc(), read.side(),
                    read.peakRssiCdbm());
            return;
        }
        if (!seenRecords.firstTime(read.recordId(), read.atMillis())) {
            counters.resentRead();
            LOG.debug("re-sent tag read ignored: recordId={} epc={}", read.recordId(), read.epc());
            return;
        }
        String epc = read.epc().toUpperCase();
        ItemState before = items.get(epc);
        String gtin = before != null ? before.gtin() : decoder.gtinOf(epc);
        if (gtin == null) {
            counters.nonSgtinRead();
            // Every read of such a tag would log: one line per thousand is enough to notice a foreign tag population.
            if (counters.nonSgtinReads() % 1000 == 1) {
                LOG.info("tag read skipped: epc={} reader={} is not an SGTIN-96 (never attributed, never billed)",
                        epc, read.readerId());
            }
            return;
        }
        // Count this read first so an exit's evidence includes the read that completed it.
        ItemState item = (before != null ? before : ItemState.first(read.storeId(), epc, gtin))
                .withReads(read.seenCount());
        long atMillis = read.atMillis();
        if (read.side() != PortalSide.NONE) {
            items.put(epc, item);
            exits.onPortalRead(item, read.side(), atMillis, read.peakRssiCdbm());
            return;
        }
        item = read.peakRssiCdbm() < config.carriedRssiCdbm()
                ? item.onFloorRead(read.zone(), atMillis, true)
                : item.onShelfRead(read.zone(), atMillis, read.peakRssiCdbm(), config.mobility(), config.settleMs());
        if (item.returned(before)) {
            exits.withdraw(before);
        }
        inventory.move(before, item);
        items.put(epc, item);
        boolean firstOnFloor = (before == null || before.zone() == null) && item.zone() != null;
        boolean restocked = before != null && before.status() == ItemStatus.RETURNED
                && item.status() == ItemStatus.ON_FLOOR;
        if (firstOnFloor || restocked) {
            epcis.record(item.storeId(), epcisEvents.stocked(item.storeId(), epc, item.zone(), item.zoneAtMillis()));
        }
    }
}
