package walkout.tracking.item;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.PortalSide;
import walkout.tracking.TrackingConfig;
import walkout.tracking.TrackingCounters;
import walkout.tracking.inventory.InventoryLedger;
import walkout.tracking.visit.Visit;

/**
 * Turns portal passes into exits, and takes exits back when an item turns out to be inside. One pass is at most one
 * exit: portal reads gather in the item's {@link PortalPass} and the pass is decided only when it is over, from the
 * whole burst.
 *
 * <ul>
 *   <li>A pass is over {@code passGapMs} after its last read, except one read by the inner antenna only, at leaving
 *       strength ({@code leavingRssiCdbm}): that waits {@code missedOuterMs}, and if nothing in the store read the item
 *       after it, the outer antenna missed it and it left at its last inner read.</li>
 *   <li>Leaving: the item is EXITED and a {@link PendingExit} waits for the attribution decision (a sold item is
 *       counted and left alone). An item that was already EXITED came back in unseen: its earlier exit is withdrawn
 *       first, so the latest exit is the one that stands and no EPC is in two baskets.</li>
 *   <li>Entering: an exited item is inside again; its exit is withdrawn.</li>
 * </ul>
 * Used by the tag-read processor (a read after a finished pass decides it before starting the next) and by the exit
 * decision processor (on punctuation). Not thread-safe: one per processor, on the task's thread.
 */
public final class ItemExits {
    private static final Logger LOG = LoggerFactory.getLogger(ItemExits.class);

    private final TrackingConfig config;
    private final TrackingCounters counters;
    private final KeyValueStore<String, ItemState> items;
    private final KeyValueStore<String, PortalPass> passes;
    private final KeyValueStore<String, PendingExit> pendingExits;
    private final KeyValueStore<String, Visit> visits;
    private final InventoryLedger inventory;

    public ItemExits(TrackingConfig config, TrackingCounters counters, KeyValueStore<String, ItemState> items,
                     KeyValueStore<String, PortalPass> passes, KeyValueStore<String, PendingExit> pendingExits,
                     KeyValueStore<String, Visit> visits, InventoryLedger inventory) {
        this.config = config;
        this.counters = counters;
        this.items = items;
        this.passes = passes;
        this.pendingExits = pendingExits;
        this.visits = visits;
        this.inventory = inventory;
    }

    /** A portal read of {@code epc} (already counted in its item state) at {@code atMillis}. */
    public void onPortalRead(String storeId, String epc, PortalSide side, long atMillis, int rssiCdbm) {
        PortalPass pass = passes.get(epc);
        if (pass != null && !waitingForMissedOuter(pass) && atMillis - pass.lastMillis() > config.passGapMs()) {
            // The earlier pass is over although no punctuation has decided it yet: decide it before starting anew.
            end(pass);
            pass = null;
        }
        passes.put(epc, pass == null ? PortalPass.start(storeId, epc, side, atMillis, rssiCdbm)
                : pass.plus(side, atMillis, rssiCdbm));
    }

    /** Decides every pass that is over at {@code nowMillis}. */
    public void endPassesOver(long nowMillis) {
        List<PortalPass> over = new ArrayList<>();
        try (KeyValueIterator<String, PortalPass> it = passes.all()) {
            while (it.hasNext()) {
                PortalPass pass = it.next().value;
                long waitMs = waitingForMissedOuter(pass) ? config.missedOuterMs() : config.passGapMs();
                if (nowMillis - pass.lastMillis() > waitMs) {
                    over.add(pass);
                }
            }
        }
        over.forEach(this::end);
    }

    /** The passes still in progress, for the basket-closing guard. */
    public List<PortalPass> passesInProgress() {
        List<PortalPass> open = new ArrayList<>();
        try (KeyValueIterator<String, PortalPass> it = passes.all()) {
            it.forEachRemaining(entry -> open.add(entry.value));
        }
        return open;
    }

    /** The item is inside again after its exit: the exit no longer stands, in a basket or waiting for a decision. */
    public void withdraw(ItemState before) {
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

    private boolean waitingForMissedOuter(PortalPass pass) {
        return pass.innerOnly() && pass.inner().peakRssiCdbm() >= config.leavingRssiCdbm();
    }

    private void end(PortalPass pass) {
        passes.delete(pass.epc());
        ItemState item = items.get(pass.epc());
        if (item == null) {
            return;
        }
        if (item.lastFloorReadMillis() > pass.lastMillis()) {
            // A floor antenna read it after the pass: whichever way it went, it is inside now.
            LOG.debug("portal pass ignored: epc={} was read inside after it", pass.epc());
            return;
        }
        switch (pass.direction()) {
            case LEAVING -> left(item, pass.inner().firstMillis(), pass.inner().lastMillis(), pass.outMillis(),
                    pass.lastMillis());
            case ENTERING -> cameIn(item, pass.lastMillis());
            case UNKNOWN -> {
                if (missedOuter(pass, item)) {
                    counters.missedOuterExit();
                    long lastInner = pass.inner().lastMillis();
                    left(item, pass.inner().firstMillis(), lastInner, lastInner, lastInner);
                } else {
                    LOG.debug("portal pass without a direction: epc={} inner={} outer={}", pass.epc(), pass.inner(),
                            pass.outer());
                }
            }
            default -> throw new IllegalStateException("unhandled direction " + pass.direction());
        }
    }

    /** Inner reads only, at leaving strength, of an item that is not out already. */
    private boolean missedOuter(PortalPass pass, ItemState item) {
        return waitingForMissedOuter(pass) && item.status() != ItemStatus.EXITED;
    }

    private void left(ItemState item, long passedInnerMillis, long exitInnerMillis, long exitedAtMillis,
                      long passEndMillis) {
        ItemState next = item.exited(exitInnerMillis, exitedAtMillis, passEndMillis);
        if (item.status() == ItemStatus.EXITED) {
            withdraw(item);
        }
        inventory.move(item, next);
        items.put(item.epc(), next);
        if (next.status() == ItemStatus.SOLD) {
            counters.soldItemIgnoredAtExit();
            LOG.debug("sold item left: epc={} at={}", next.epc(), exitedAtMillis);
            return;
        }
        counters.itemExit();
        PendingExit exit = new PendingExit(next.storeId(), next.epc(), next.gtin(), next.reads(), exitInnerMillis,
                exitedAtMillis, next.travel(), passedInnerMillis);
        pendingExits.put(exit.key(), exit);
        LOG.debug("item left: epc={} inner={} crossed={} passEnd={}", next.epc(), exitInnerMillis, exitedAtMillis,
                passEndMillis);
    }

    private void cameIn(ItemState item, long atMillis) {
        ItemState next = item.cameIn(atMillis);
        if (next == item) {
            return;
        }
        withdraw(item);
        inventory.move(item, next);
        items.put(item.epc(), next);
    }
}
