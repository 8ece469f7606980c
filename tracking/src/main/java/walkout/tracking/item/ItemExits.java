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
 *   <li>A pass is over {@code passGapMs} after its last read (decided once stream time is {@code readLatenessMs}
 *       past that, for reads still on their way), except one that passed right by the inner antenna (at
 *       {@code leavingRssiCdbm}) without looking like leaving, of an item that is inside: that waits
 *       {@code missedOuterMs}, and if nothing in the store read the item after it, the outer antenna missed it and it
 *       left.</li>
 *   <li>Leaving: the item is EXITED and a {@link PendingExit} waits for the attribution decision (a sold item is
 *       counted and left alone). An item that was already EXITED came back in unseen: its earlier exit is withdrawn
 *       first, so the latest exit is the one that stands and no EPC is in two baskets.</li>
 *   <li>Entering: an exited item is inside again; its exit is withdrawn. (An item inside cannot come in.)</li>
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

    /** A portal read of {@code item} (already counted in it and stored) at {@code atMillis}. */
    public void onPortalRead(ItemState item, PortalSide side, long atMillis, int rssiCdbm) {
        String epc = item.epc();
        PortalPass pass = passes.get(epc);
        if (pass != null && !mayHaveLeftUnheard(pass, item)
                && atMillis - pass.lastMillis() > config.passGapMs()) {
            // The earlier pass is over although no punctuation has decided it yet: decide it before starting anew.
            LOG.debug("portal pass over at a new read: epc={} last={} read={}", epc, pass.lastMillis(), atMillis);
            end(pass);
            pass = null;
        }
        passes.put(epc, pass == null ? PortalPass.start(item.storeId(), epc, side, atMillis, rssiCdbm)
                : pass.plus(side, atMillis, rssiCdbm));
    }

    /** Decides every pass that is over at {@code nowMillis}. */
    public void endPassesOver(long nowMillis) {
        List<PortalPass> over = new ArrayList<>();
        try (KeyValueIterator<String, PortalPass> it = passes.all()) {
            while (it.hasNext()) {
                PortalPass pass = it.next().value;
                long waitMs = (mayHaveLeftUnheard(pass, items.get(pass.epc())) ? config.missedOuterMs()
                        : config.passGapMs()) + config.readLatenessMs();
                if (nowMillis - pass.lastMillis() > waitMs) {
                    LOG.debug("portal pass over: epc={} last={} now={}", pass.epc(), pass.lastMillis(), nowMillis);
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

    /**
     * A pass that passed right by the inner antenna ({@code leavingRssiCdbm}) of an item last known inside (read on
     * the floor, not out since), and that the burst does not call leaving: read on the inner side only, or with a few
     * outer reads that make it look like an item coming in, which an item inside cannot be. Whether it left is told by
     * the silence after it: an item in the store is read again by its shelf or by the aisle it is carried through.
     */
    private boolean mayHaveLeftUnheard(PortalPass pass, ItemState item) {
        return item != null && item.zone() != null && item.status() != ItemStatus.EXITED && pass.inner().any()
                && pass.inner().peakRssiCdbm() >= config.leavingRssiCdbm()
                && pass.direction() != PortalPass.Direction.LEAVING;
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
        PortalPass.Direction direction = pass.direction();
        if (direction == PortalPass.Direction.LEAVING) {
            left(item, pass.inner().firstMillis(), pass.inner().lastMillis(), pass.outMillis(), pass.lastMillis());
        } else if (direction == PortalPass.Direction.ENTERING && item.status() == ItemStatus.EXITED) {
            cameIn(item, pass.lastMillis());
        } else if (mayHaveLeftUnheard(pass, item)) {
            // Nothing in the store has read it since: the outer antenna missed it (or most of it) as it left.
            counters.missedOuterExit();
            long lastInner = pass.inner().lastMillis();
            left(item, pass.inner().firstMillis(), lastInner, pass.outer().any() ? pass.outMillis() : lastInner,
                    pass.lastMillis());
        } else {
            LOG.debug("portal pass changes nothing: epc={} direction={} status={} inner={} outer={}", pass.epc(),
                    direction, item.status(), pass.inner(), pass.outer());
        }
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
