package walkout.store.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import walkout.events.BeaconSighted;
import walkout.events.Epc;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.store.config.StoreLayout;

/**
 * Plays a whole simulated store in event time, as fast as the caller consumes it: the same {@link World} and
 * {@link VisitPlanner} as the live simulator, but no TCP, no HTTP and no sleeping. Reader rounds happen every
 * {@code reportEveryMs} of simulated time; each shopper step happens at its planned offset. The caller gets the
 * tag reads and shopper events ingest would have relayed, in time order, and a tick after each round (to feed back
 * what billing would publish, for example).
 *
 * <p>Deterministic for a seed. Not thread-safe; {@link #run} once.
 */
public final class EventTimeSimulation {
    /** How long the run goes on after the last shopper is gone, so late decisions and baskets happen. */
    public static final long TAIL_MS = 15_000;

    /** Receives the run in event-time order. */
    public interface Sink {
        void onTagSeen(TagSeen read);

        void onShopperEvent(ShopperEvent event);

        /** Every reader finished its round ending at {@code atMillis}. */
        void onTick(long atMillis);
    }

    private record Scheduled(long atOffsetMs, int shopper, int order, VisitPlan.Step step) {
    }

    private final SimConfig config;
    private final SimBehaviour behaviour;
    private final long startMillis;
    private final World world;
    private final VisitPlanner.Schedule schedule;
    private final List<ShopperTruth> truth = new ArrayList<>();
    private final List<String> unpaidOut = new ArrayList<>();
    private final List<String> boughtOutAgain = new ArrayList<>();
    private long recordCount;

    /**
     * @param startMillis event time of the run's offset 0, epoch milliseconds
     */
    public EventTimeSimulation(SimConfig config, SimBehaviour behaviour, long startMillis) {
        this.config = config;
        this.behaviour = behaviour;
        this.startMillis = startMillis;
        this.world = new World(config, behaviour);
        this.schedule = VisitPlanner.plan(config, world.initialStock(), behaviour.pace());
    }

    /** Visit id the entry gate gives shopper {@code index} in this run. */
    public String visitId(int index) {
        return "v-" + config.seed() + "-" + index;
    }

    /** Customer id of shopper {@code index} in this run. */
    public static String customerId(int index) {
        return "c-" + index;
    }

    /** Plays the whole run into {@code sink}. */
    public void run(Sink sink) {
        Pace pace = behaviour.pace();
        List<Scheduled> steps = new ArrayList<>();
        String[] customers = new String[schedule.plans().size()];
        List<List<String>> out = new ArrayList<>();
        for (VisitPlan plan : schedule.plans()) {
            List<VisitPlan.Step> planSteps = plan.steps(pace, new Random(config.seed() * 31 + plan.index()));
            for (int k = 0; k < planSteps.size(); k++) {
                steps.add(new Scheduled(planSteps.get(k).atOffsetMs(), plan.index(), k, planSteps.get(k)));
            }
            out.add(new ArrayList<>());
        }
        steps.sort(Comparator.comparingLong(Scheduled::atOffsetMs).thenComparingInt(Scheduled::shopper)
                .thenComparingInt(Scheduled::order));
        boolean[] walkedOut = new boolean[customers.length];
        String storeId = config.layout().store();
        long roundMs = config.reportEveryMs();
        long shelfEvery = behaviour.shelfReportEveryMs() <= 0 ? 1 : Math.max(1, behaviour.shelfReportEveryMs()
                / roundMs);
        long endOffset = schedule.totalMs() + TAIL_MS;
        int next = 0;
        for (long round = 1; round * roundMs <= endOffset; round++) {
            long offset = round * roundMs;
            while (next < steps.size() && steps.get(next).atOffsetMs() <= offset) {
                Scheduled s = steps.get(next++);
                perform(s, storeId, out, walkedOut, sink);
            }
            long atMillis = startMillis + offset;
            boolean shelfRound = round % shelfEvery == 0;
            for (StoreLayout.Reader reader : config.layout().readers()) {
                for (TagRead read : world.read(reader.id(), atMillis, roundMs, shelfRound)) {
                    sink.onTagSeen(toTagSeen(storeId, reader, read));
                }
            }
            sink.onTick(atMillis);
        }
        truth.clear();
        for (VisitPlan plan : schedule.plans()) {
            truth.add(new ShopperTruth(plan.name(), customerId(plan.index()), visitId(plan.index()),
                    out.get(plan.index()), walkedOut[plan.index()]));
        }
    }

    /** What each shopper really did, in shopper order; complete after {@link #run}. */
    public List<ShopperTruth> truth() {
        return List.copyOf(truth);
    }

    /** Items people without the app carried out (nobody to charge: each should raise UNPAID_EXIT). */
    public List<String> unpaidOut() {
        return List.copyOf(unpaidOut);
    }

    /** Items carried out again by a shopper who came back in with what they had bought (never charged again). */
    public List<String> boughtOutAgain() {
        return List.copyOf(boughtOutAgain);
    }

    /** Tag reads produced so far. */
    public long recordCount() {
        return recordCount;
    }

    /** Simulated length of the run, from offset 0 to the last shopper gone. */
    public long totalMs() {
        return schedule.totalMs();
    }

    private void perform(Scheduled s, String storeId, List<List<String>> out, boolean[] walkedOut, Sink sink) {
        VisitPlan.Step step = s.step();
        int shopper = s.shopper();
        long atMillis = startMillis + step.atOffsetMs();
        switch (step.action()) {
            case ENTER -> sink.onShopperEvent(new ShopperEntered(storeId, visitId(shopper), customerId(shopper),
                    step.ref(), atMillis));
            case MOVE -> world.moveShopper(shopper, step.ref());
            case SIGHT -> sink.onShopperEvent(new BeaconSighted(storeId, customerId(shopper), step.ref(),
                    step.zone(), step.rssi(), atMillis));
            case PICK -> world.pick(shopper, step.ref());
            case PUT_BACK -> world.putBack(shopper, step.ref(), step.zone());
            case WALK_OUT -> {
                out.get(shopper).addAll(world.walkOut(shopper, atMillis));
                walkedOut[shopper] = true;
            }
            case GONE -> world.leave(shopper);
            default -> throw new IllegalStateException("unknown action " + step.action());
        }
    }

    private TagSeen toTagSeen(String storeId, StoreLayout.Reader reader, TagRead read) {
        StoreLayout.Antenna antenna = reader.antennas().get(read.antenna());
        PortalSide side = antenna.side() == null ? PortalSide.NONE : antenna.side();
        recordCount++;
        return new TagSeen(storeId, reader.id() + ":" + recordCount, reader.id(), read.antenna(), antenna.zone(),
                side, Epc.hex96(read.epcHi(), read.epcLo()), read.firstSeenMicros(), read.lastSeenMicros(),
                read.peakRssiDbm() * 100, read.seenCount());
    }

    Map<String, List<String>> initialStock() {
        return world.initialStock();
    }
}
