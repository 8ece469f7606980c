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
 * Turns tag reads into item state: the zone an item was last read in, and exits through the portal (inner then
 * outer within {@code exitPairWindowMs}); a shelf read in another zone moves a resting item only under the
 * {@link MobilityProfile}. A new exit of an unsold item is put in {@link PendingExit#STORE} for
 * the exit decision; an exited item read inside again is withdrawn from its pending exit or from the basket of
 * the still-open visit it was attributed to (never charge an item put back); the floor counts follow every
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
    private KeyValueStore<String, PendingExit> pendingExits;
    private KeyValueStore<String, Visit> visits;
    private InventoryLedger inventory;
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
        pendingExits = context.getStateStore(PendingExit.STORE);
        visits = context.getStateStore(Visit.STORE);
        KeyValueStore<String, FloorCount> counts = context.getStateStore(InventoryLedger.STORE);
        inventory = new InventoryLedger(counts);
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
        switch (read.side()) {
            case INNER -> item = item.onInnerRead(atMillis, config.exitPairWindowMs());
            case OUTER -> item = onOuterRead(item, atMillis);
            case NONE -> item = read.peakRssiCdbm() < config.carriedRssiCdbm()
                    ? item.onFloorRead(read.zone(), atMillis, true)
                    : item.onShelfRead(read.zone(), atMillis, read.peakRssiCdbm(), config.mobility());
            default -> throw new IllegalStateException("unhandled portal side " + read.side());
        }
        if (item.returned(before)) {
            withdrawExit(before);
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

    private ItemState onOuterRead(ItemState item, long atMillis) {
        ItemState next = item.onOuterRead(atMillis, config.exitPairWindowMs());
        if (next.exitedAtMillis() == item.exitedAtMillis()) {
            return next;
        }
        if (next.status() == ItemStatus.SOLD) {
            counters.soldItemIgnoredAtExit();
            LOG.debug("sold item left: epc={} at={}", next.epc(), atMillis);
            return next;
        }
        counters.itemExit();
        PendingExit exit = new PendingExit(next.storeId(), next.epc(), next.gtin(), next.reads(),
                next.exitInnerMillis(), next.exitedAtMillis(), next.travel(), item.armedSinceMillis());
        pendingExits.put(exit.key(), exit);
        LOG.debug("item left: epc={} inner={} outer={}", next.epc(), next.exitInnerMillis(), atMillis);
        return next;
    }

    /** The item is inside again after its exit: the exit no longer stands, in a basket or waiting for a decision. */
    private void withdrawExit(ItemState before) {
        pendingExits.delete(PendingExit.key(before.exitedAtMillis(), before.epc()));
        String visitId = before.attributedVisitId();
        Visit visit = visitId == null ? null : visits.get(visitId);
        if (visit != null) {
            visits.put(visitId, visit.withoutLine(before.epc()));
        }
        counters.itemReturned();
        LOG.info("item back inside: epc={} exitedAt={} withdrawn from visit={}", before.epc(),
                before.exitedAtMillis(), visit == null ? "none" : visitId);
    }
}
