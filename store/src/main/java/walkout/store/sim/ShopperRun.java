package walkout.store.sim;

import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one {@link VisitPlan} in real time against a running store: the phone's HTTP calls, and the shopper's hands
 * and feet in the {@link World}. Steps run one after the other on a shared scheduler, each at its planned offset
 * from the start of the run, so no thread waits per shopper. Event times come from the injected clock.
 *
 * <p>A failed registration or entry ends the visit (the shopper puts back what they hold and never walks out); a
 * failed sighting is logged and counted, and the visit goes on.
 */
final class ShopperRun {
    private static final Logger LOG = LoggerFactory.getLogger(ShopperRun.class);
    static final String PAYMENT_METHOD = "pm_card_visa";

    private final VisitPlan plan;
    private final List<VisitPlan.Step> steps;
    private final int shopperCount;
    private final World world;
    private final StoreApiClient api;
    private final String staffKey;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> progress;
    private final AtomicLong failedSightings;
    private final CompletableFuture<ShopperTruth> done = new CompletableFuture<>();

    private long runStartNanos;
    private int next;
    private volatile String customerId;
    private volatile String deviceToken;
    private volatile String visitId;
    private volatile List<String> epcsOut = List.of();
    private volatile boolean walkedOut;

    ShopperRun(VisitPlan plan, Pace pace, int shopperCount, World world, StoreApiClient api, String staffKey,
               Clock clock, ScheduledExecutorService scheduler, Consumer<String> progress, long seed,
               AtomicLong failedSightings) {
        this.plan = plan;
        this.steps = plan.steps(pace, new Random(seed * 31 + plan.index()));
        this.shopperCount = shopperCount;
        this.world = world;
        this.api = api;
        this.staffKey = staffKey;
        this.clock = clock;
        this.scheduler = scheduler;
        this.progress = progress;
        this.failedSightings = failedSightings;
    }

    /** Starts playing the plan; the future completes with the truth once the shopper is gone (or failed). */
    CompletableFuture<ShopperTruth> start(long runStartNanos) {
        this.runStartNanos = runStartNanos;
        scheduleNext();
        return done;
    }

    /** What happened so far. */
    ShopperTruth truth() {
        return new ShopperTruth(plan.name(), customerId, visitId, epcsOut, walkedOut);
    }

    private void scheduleNext() {
        if (next >= steps.size()) {
            done.complete(truth());
            return;
        }
        long dueNanos = runStartNanos + TimeUnit.MILLISECONDS.toNanos(steps.get(next).atOffsetMs());
        try {
            scheduler.schedule(this::runStep, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The simulator is closing: the visit ends where it is.
            done.completeExceptionally(e);
        }
    }

    private void runStep() {
        VisitPlan.Step step = steps.get(next++);
        try {
            perform(step);
        } catch (RuntimeException e) {
            if (scheduler.isShutdown()) {
                // The simulator is closing and interrupted this call: not the store's failure.
                done.completeExceptionally(new CancellationException("simulator closed"));
                return;
            }
            if (step.action() == VisitPlan.Action.SIGHT) {
                failedSightings.incrementAndGet();
                LOG.warn("shopper={} beacon={}: sighting not accepted: {}", plan.name(), step.ref(), e.getMessage());
            } else if (step.action() == VisitPlan.Action.PICK || step.action() == VisitPlan.Action.PUT_BACK) {
                LOG.warn("shopper={} epc={}: {} skipped: {}", plan.name(), step.ref(), step.action(), e.getMessage());
            } else {
                if (e instanceof StoreCallException) {
                    LOG.error("shopper={} step={}: visit abandoned: {}", plan.name(), step.action(), e.getMessage());
                } else {
                    LOG.error("shopper={} step={}: visit abandoned", plan.name(), step.action(), e);
                }
                progress.accept(label() + " gave up: " + e.getMessage());
                world.leave(plan.index());
                done.complete(truth());
                return;
            }
        }
        scheduleNext();
    }

    private void perform(VisitPlan.Step step) {
        switch (step.action()) {
            case ENTER -> {
                StoreApiClient.Registration registration = api.register(staffKey, plan.name(), PAYMENT_METHOD);
                customerId = registration.customerId();
                deviceToken = registration.deviceToken();
                visitId = api.enter(deviceToken, step.ref());
                progress.accept(label() + " entered (visit " + visitId + ")");
            }
            case MOVE -> world.moveShopper(plan.index(), step.ref());
            case SIGHT -> api.sight(deviceToken, step.ref(), step.rssi(), clock.millis());
            case PICK -> world.pick(plan.index(), step.ref());
            case PUT_BACK -> world.putBack(plan.index(), step.ref(), step.zone());
            case WALK_OUT -> {
                epcsOut = world.walkOut(plan.index(), clock.millis());
                walkedOut = true;
                progress.accept(label() + " walked out with " + epcsOut.size()
                        + (epcsOut.size() == 1 ? " item" : " items"));
            }
            case GONE -> world.leave(plan.index());
            default -> throw new IllegalStateException("unknown action " + step.action());
        }
    }

    private String label() {
        return "shopper " + (plan.index() + 1) + "/" + shopperCount + " " + plan.name();
    }
}
