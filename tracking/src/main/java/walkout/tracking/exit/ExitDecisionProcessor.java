package walkout.tracking.exit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.AlertRaised;
import walkout.events.AlertType;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.Evidence;
import walkout.tracking.TrackingConfig;
import walkout.tracking.TrackingCounters;
import walkout.tracking.epcis.EpcisEvents;
import walkout.tracking.epcis.EpcisLog;
import walkout.tracking.inventory.InventoryLedger;
import walkout.tracking.item.ItemExits;
import walkout.tracking.item.ItemState;
import walkout.tracking.item.PendingExit;
import walkout.tracking.item.PortalPass;
import walkout.tracking.visit.Visit;

/**
 * Makes the time-driven decisions, on punctuation only: it receives no records (its parents forward nothing; it is
 * their child so that it shares their stores and task). Every {@code punctuateEveryMs} of stream time, and of wall
 * time for a quiet store (see {@link StoreClock}), it first ends the portal passes that are over ({@link ItemExits}),
 * then decides every pending exit whose attribution window has passed (a phone that reports a sighting a second
 * may be heard at the exit only late in it), then closes every visit whose basket grace has passed, emitting exactly
 * one {@link BasketClosed} per visit to {@link #BASKETS_SINK} and alerts to {@link #ALERTS_SINK}. A basket never holds
 * one EPC twice, nor does an EPC sit in two open baskets ({@link OpenBaskets}). A visit does not close while an exit or
 * a pass near one of its exit sightings is still undecided; a visit that never left closes after {@code visitTimeoutMs}
 * of silence with a VISIT_TIMED_OUT alert.
 *
 * <p>Alert ids are {@code TYPE:epc:exitedAtMillis}, so a replay of the same reads raises the same alerts. An
 * UNPAID_EXIT also records an EPCIS {@code entering_exiting}/{@code stolen} event; once a minute of stream time the
 * EPCIS events older than {@code epcisRetentionMs} are pruned.
 */
public final class ExitDecisionProcessor implements Processor<Void, Void, String, Object> {
    /** Child node names this processor forwards to. */
    public static final String BASKETS_SINK = "baskets-sink";
    public static final String ALERTS_SINK = "alerts-sink";

    private static final Logger LOG = LoggerFactory.getLogger(ExitDecisionProcessor.class);
    private static final long EPCIS_PRUNE_EVERY_MS = 60_000;
    /** How much longer a decision that rests on a phone not being heard waits for it to be heard. */
    static final long SILENCE_WAIT_MS = 3_000;

    private final TrackingConfig config;
    private final TrackingCounters counters;
    private final ExitAttributor attributor;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PendingExit> pendingExits;
    private KeyValueStore<String, ItemState> items;
    private KeyValueStore<String, Visit> visits;
    private KeyValueStore<String, String> openVisitByCustomer;
    private KeyValueStore<String, ClockState> clockStore;
    private StoreClock clock;
    private ItemExits exits;
    private EpcisLog epcis;
    private final EpcisEvents epcisEvents = new EpcisEvents();
    private long epcisPrunedAtMillis = StoreClock.NONE;

    public ExitDecisionProcessor(TrackingConfig config, TrackingCounters counters) {
        this.config = config;
        this.counters = counters;
        this.attributor = new ExitAttributor(config.attributionWindowMs(), config.minMargin(),
                config.coTravelToleranceMs());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        pendingExits = context.getStateStore(PendingExit.STORE);
        items = context.getStateStore(ItemState.STORE);
        visits = context.getStateStore(Visit.STORE);
        openVisitByCustomer = context.getStateStore(Visit.BY_CUSTOMER_STORE);
        clockStore = context.getStateStore(ClockState.STORE);
        exits = new ItemExits(config, counters, items, context.getStateStore(PortalPass.STORE), pendingExits, visits,
                new InventoryLedger(context.getStateStore(InventoryLedger.STORE)));
        epcis = new EpcisLog(context);
        clock = new StoreClock(config.quietGuardMs(), clockStore.get(ClockState.KEY), context.currentSystemTimeMs());
        Duration every = Duration.ofMillis(config.punctuateEveryMs());
        context.schedule(every, PunctuationType.STREAM_TIME,
                streamMillis -> decide(clock.onStreamTime(streamMillis, context.currentSystemTimeMs())));
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME,
                wallMs -> decide(clock.onWallClock(context.currentStreamTimeMs(), wallMs)));
    }

    @Override
    public void process(Record<Void, Void> record) {
        // Never called: the parents forward nothing. Decisions are made on punctuation only.
    }

    private void decide(long nowMillis) {
        if (nowMillis == StoreClock.NONE) {
            return;
        }
        exits.endPassesOver(nowMillis);
        resolvePendingExits(nowMillis);
        closeBaskets(nowMillis);
        pruneEpcis(nowMillis);
        ClockState state = clock.state();
        if (!state.equals(clockStore.get(ClockState.KEY))) {
            clockStore.put(ClockState.KEY, state);
        }
    }

    private void resolvePendingExits(long nowMillis) {
        List<PendingExit> due = new ArrayList<>();
        try (KeyValueIterator<String, PendingExit> it = pendingExits.all()) {
            while (it.hasNext()) {
                PendingExit exit = it.next().value;
                // Keys sort by exit time: the first exit not yet due ends the scan.
                if (exit.exitedAtMillis() + config.attributionWindowMs() > nowMillis) {
                    break;
                }
                due.add(exit);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Map<String, Visit> open = openVisits();
        for (PendingExit exit : due) {
            Attribution attribution = attributor.attribute(exit, open.values());
            if (attribution.onSilence()
                    && nowMillis < exit.exitedAtMillis() + config.attributionWindowMs() + SILENCE_WAIT_MS) {
                // A phone not heard may yet be heard on the floor (it reports about once a second): ask again later.
                continue;
            }
            switch (attribution.outcome()) {
                case ATTRIBUTED -> addToBasket(exit, attribution, open);
                case AMBIGUOUS -> alert(exit, AlertType.AMBIGUOUS, attribution, nowMillis);
                case UNPAID -> alert(exit, AlertType.UNPAID_EXIT, attribution, nowMillis);
                default -> throw new IllegalStateException("unhandled outcome " + attribution.outcome());
            }
            pendingExits.delete(exit.key());
        }
    }

    private void addToBasket(PendingExit exit, Attribution attribution, Map<String, Visit> open) {
        String visitId = attribution.best().visit().visitId();
        OpenBaskets.Result result = OpenBaskets.add(open, visitId, line(exit, attribution));
        result.changed().forEach(visit -> visits.put(visit.visitId(), visit));
        switch (result.outcome()) {
            case REFUSED_DUPLICATE -> {
                counters.duplicateLineRefused();
                LOG.warn("line refused: epc={} is already in the basket of visit={} (exitedAt={})", exit.epc(),
                        visitId, exit.exitedAtMillis());
                return;
            }
            case MOVED -> {
                counters.lineMovedBetweenBaskets();
                LOG.warn("line moved: epc={} left again, now with visit={}; taken out of the other open basket",
                        exit.epc(), visitId);
            }
            case ADDED -> {
                // the usual case: logged below with its evidence
            }
            default -> throw new IllegalStateException("unhandled outcome " + result.outcome());
        }
        Candidate best = attribution.best();
        counters.itemAttributed();
        LOG.info("item attributed: epc={} visit={} exitedAt={} score={} timing={} coTravel={} margin={} passTimed={}",
                exit.epc(), visitId, exit.exitedAtMillis(), best.score(), best.timing(), best.coTravel(),
                attribution.margin(), best.passTimed());
        ItemState item = items.get(exit.epc());
        if (item != null && item.exitedAtMillis() == exit.exitedAtMillis()) {
            items.put(exit.epc(), item.attributedTo(visitId));
        }
    }

    private BasketLine line(PendingExit exit, Attribution attribution) {
        Candidate best = attribution.best();
        Visit visit = best.visit();
        // With travel evidence the line names the zones the item travelled in with the visit, then the exit.
        List<String> zones = visit.trail();
        long reads = exit.reads();
        if (!Double.isNaN(best.coTravel())) {
            zones = new ArrayList<>(visit.sharedZones(exit.travel(), config.coTravelToleranceMs()));
            zones.add(config.exitZone());
            reads = exit.travelReads();
        }
        Evidence evidence = new Evidence((int) Math.min(Integer.MAX_VALUE, reads), zones,
                exit.exitInnerMillis(), exit.exitedAtMillis(), best.sightingMillis(), best.score(),
                attribution.margin(), best.passTimed() ? best.sightingMillis() : null);
        return new BasketLine(exit.epc(), exit.exitedAtMillis(), evidence);
    }

    private void alert(PendingExit exit, AlertType type, Attribution attribution, long nowMillis) {
        List<String> visitIds = attribution.candidates().stream().map(candidate -> candidate.visit().visitId())
                .toList();
        String alertId = type + ":" + exit.epc() + ":" + exit.exitedAtMillis();
        AlertRaised alert = new AlertRaised(exit.storeId(), alertId, type, exit.epc(), visitIds, exit.exitedAtMillis());
        if (type == AlertType.AMBIGUOUS) {
            counters.itemAmbiguous();
        } else {
            counters.unpaidExit();
            epcis.record(exit.storeId(), epcisEvents.leftUnpaid(exit.storeId(), exit.epc(), config.exitZone(),
                    exit.exitedAtMillis()));
        }
        LOG.info("alert raised: {} epc={} exitedAt={} travelReads={} candidates={} margin={}", type, exit.epc(),
                exit.exitedAtMillis(), exit.travelReads(), attribution.candidates().stream()
                        .map(c -> String.format("%s(timing=%.2f coTravel=%.2f)", c.visit().visitId(), c.timing(),
                                c.coTravel())).toList(), attribution.margin());
        context.forward(new Record<String, Object>(exit.storeId(), alert, nowMillis), ALERTS_SINK);
    }

    private void pruneEpcis(long nowMillis) {
        if (epcisPrunedAtMillis != StoreClock.NONE && nowMillis - epcisPrunedAtMillis < EPCIS_PRUNE_EVERY_MS) {
            return;
        }
        epcisPrunedAtMillis = nowMillis;
        int pruned = epcis.prune(nowMillis - config.epcisRetentionMs());
        if (pruned > 0) {
            LOG.info("EPCIS events pruned: {} older than {} ms", pruned, config.epcisRetentionMs());
        }
    }

    private void closeBaskets(long nowMillis) {
        List<Visit> due = new ArrayList<>();
        try (KeyValueIterator<String, Visit> it = visits.all()) {
            while (it.hasNext()) {
                Visit visit = it.next().value;
                if (visit.closesAtMillis(config.basketGraceMs(), config.visitTimeoutMs()) <= nowMillis) {
                    due.add(visit);
                }
            }
        }
        if (due.isEmpty()) {
            return;
        }
        List<UndecidedExit> undecided = undecidedExits();
        for (Visit visit : due) {
            if (!visit.closesByTimeout() && awaitsDecision(visit, undecided)) {
                continue;
            }
            close(visit, nowMillis);
        }
    }

    /**
     * The exits not yet decided, as (time, reach) pairs: a pending exit at its exit time, reaching as far as a
     * candidate may be (a window and a half); a pass in progress at its last read, reaching a pass gap and the read
     * lateness further (its exit is at or before its last read).
     */
    private List<UndecidedExit> undecidedExits() {
        // A candidate's window widens by its phone's slack, at most half a window.
        long candidateReachMs = config.attributionWindowMs() * 3 / 2;
        List<UndecidedExit> undecided = new ArrayList<>();
        try (KeyValueIterator<String, PendingExit> it = pendingExits.all()) {
            it.forEachRemaining(entry -> undecided.add(new UndecidedExit(entry.value.exitedAtMillis(),
                    candidateReachMs)));
        }
        exits.passesInProgress().forEach(pass -> undecided.add(new UndecidedExit(pass.lastMillis(),
                candidateReachMs + config.passGapMs() + config.readLatenessMs())));
        return undecided;
    }

    /** An exit not decided yet, at {@code atMillis}, that a visit heard within {@code reachMs} of it may get. */
    private record UndecidedExit(long atMillis, long reachMs) {
        boolean near(long millis) {
            return millis != Visit.NONE && Math.abs(millis - atMillis) <= reachMs;
        }
    }

    /**
     * True when an undecided exit is near enough one of the visit's exit sightings, or the exit of an item it left
     * with (a phone not heard at the exit), to be attributed to it.
     */
    private boolean awaitsDecision(Visit visit, List<UndecidedExit> undecided) {
        long left = visit.leftAtMillis();
        return undecided.stream().anyMatch(exit -> exit.near(left)
                || exit.near(visit.closestExitSighting(exit.atMillis())));
    }

    private void close(Visit visit, long nowMillis) {
        boolean timedOut = visit.closesByTimeout();
        // A superseded or timed-out visit never seen leaving ends when its customer entered again, or was last heard.
        long exitedAt = visit.lastExitMillis() != Visit.NONE && !timedOut ? visit.lastExitMillis()
                : visit.supersededAtMillis() != Visit.NONE ? visit.supersededAtMillis() : visit.lastHeardMillis();
        BasketClosed basket = new BasketClosed(visit.storeId(), visit.visitId(), visit.customerId(),
                visit.enteredAtMillis(), exitedAt, nowMillis, visit.lines());
        context.forward(new Record<String, Object>(visit.storeId(), basket, nowMillis), BASKETS_SINK);
        visits.delete(visit.visitId());
        if (visit.visitId().equals(openVisitByCustomer.get(visit.customerId()))) {
            openVisitByCustomer.delete(visit.customerId());
        }
        counters.basketClosed();
        if (timedOut) {
            counters.visitTimedOut();
            AlertRaised alert = new AlertRaised(visit.storeId(), AlertType.VISIT_TIMED_OUT + ":" + visit.visitId(),
                    AlertType.VISIT_TIMED_OUT, null, List.of(visit.visitId()), visit.lastHeardMillis());
            context.forward(new Record<String, Object>(visit.storeId(), alert, nowMillis), ALERTS_SINK);
        }
        LOG.info("basket closed: visit={} customer={} lines={} exitedAt={} at={}{}", visit.visitId(),
                visit.customerId(), visit.lines().size(), visit.lastExitMillis(), nowMillis,
                timedOut ? " (timed out: never seen leaving)" : "");
    }

    private Map<String, Visit> openVisits() {
        Map<String, Visit> open = new LinkedHashMap<>();
        try (KeyValueIterator<String, Visit> it = visits.all()) {
            while (it.hasNext()) {
                KeyValue<String, Visit> entry = it.next();
                open.put(entry.key, entry.value);
            }
        }
        return open;
    }
}
