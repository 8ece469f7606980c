package walkout.tracking.visit;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.BeaconSighted;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.tracking.TrackingConfig;
import walkout.tracking.TrackingCounters;

/**
 * Keeps visits: an entry opens one, a beacon sighting goes to the customer's open visit (zone trail, exit
 * sightings). A customer entering again while a visit is still open supersedes it: the old visit closes after the
 * grace with what it has. Forwards nothing.
 */
public final class ShopperEventProcessor implements Processor<String, ShopperEvent, Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ShopperEventProcessor.class);

    private final TrackingConfig config;
    private final TrackingCounters counters;
    private KeyValueStore<String, Visit> visits;
    private KeyValueStore<String, String> openVisitByCustomer;

    public ShopperEventProcessor(TrackingConfig config, TrackingCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        visits = context.getStateStore(Visit.STORE);
        openVisitByCustomer = context.getStateStore(Visit.BY_CUSTOMER_STORE);
    }

    @Override
    public void process(Record<String, ShopperEvent> record) {
        ShopperEvent event = record.value();
        if (event == null || event.storeId() == null || event.customerId() == null) {
            counters.invalidRecord();
            LOG.warn("shopper event skipped: storeId and customerId are required, got {}", event);
            return;
        }
        if (event instanceof ShopperEntered entered) {
            onEntered(entered);
        } else if (event instanceof BeaconSighted sighted) {
            onSighted(sighted);
        }
    }

    private void onEntered(ShopperEntered entered) {
        if (entered.visitId() == null) {
            counters.invalidRecord();
            LOG.warn("entry skipped: visitId is required, got {}", entered);
            return;
        }
        if (visits.get(entered.visitId()) != null) {
            LOG.debug("entry of open visit {} seen again: ignored", entered.visitId());
            return;
        }
        String previousId = openVisitByCustomer.get(entered.customerId());
        if (previousId != null) {
            Visit previous = visits.get(previousId);
            if (previous != null && previous.supersededAtMillis() == Visit.NONE) {
                visits.put(previousId, previous.supersededAt(entered.atMillis()));
                LOG.info("customer={} entered again as visit={}: open visit={} will close after the grace",
                        entered.customerId(), entered.visitId(), previousId);
            }
        }
        visits.put(entered.visitId(), Visit.entered(entered.storeId(), entered.visitId(), entered.customerId(),
                entered.atMillis()));
        openVisitByCustomer.put(entered.customerId(), entered.visitId());
    }

    private void onSighted(BeaconSighted sighted) {
        if (sighted.zone() == null) {
            counters.invalidRecord();
            LOG.warn("sighting skipped: zone is required, got {}", sighted);
            return;
        }
        String visitId = openVisitByCustomer.get(sighted.customerId());
        Visit visit = visitId == null ? null : visits.get(visitId);
        if (visit == null) {
            counters.sightingWithoutVisit();
            LOG.debug("sighting skipped: customer={} beacon={} has no open visit", sighted.customerId(),
                    sighted.beaconId());
            return;
        }
        visits.put(visitId, visit.onSighting(sighted.zone(), sighted.atMillis(), sighted.rssiDbm(),
                config.exitZone()));
        if (LOG.isTraceEnabled()) {
            LOG.trace("sighting: customer={} visit={} zone={} at={}", sighted.customerId(), visitId, sighted.zone(),
                    sighted.atMillis());
        }
    }
}
