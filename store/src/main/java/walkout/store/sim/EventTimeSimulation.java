package walkout.store.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>The run's {@link Physics} decides the radio, the phones and the timing. In the {@link Physics#SECOND} world tag
 * reads reach the sink up to {@value LateDelivery#MAX_DELAY_MS} ms after their event time, out of order (each tick
 * still follows every read that arrived by then), floor readers now and then go silent ({@link ReaderOutages}), and
 * a junk reader outside the layout reports now and then ({@link JunkReader}).
 *
 * <p>Deterministic for a seed. Not thread-safe; {@link #run} once.
 */
public final class EventTimeSimulation {
    private static final Logger LOG = LoggerFactory.getLogger(EventTimeSimulation.class);
    /** How long the run goes on after the last shopper is gone, so late decisions and baskets happen. */
    public static final long TAIL_MS = 15_000;

    /** Receives the run in event-time order (tag reads in order of arrival in the second world). */
    public interface Sink {
        void onTagSeen(TagSeen read);

        void onShopperEvent(ShopperEvent event);

        /** Every reader finished its round ending at {@code atMillis}, and every read arrived by then was passed on. */
        void onTick(long atMillis);
    }

    /** One step of one actor; {@code visitId} is the visit it belongs to (null for a person without the app). */
    private record Scheduled(long atOffsetMs, int actor, int order, VisitPlan.Step step, String visitId) {
    }

    /** Gap after a shopper's exit before they come back in with what they bought. */
    static final long RETURN_AFTER_MS = 20_000;

    private final SimConfig config;
    private final SimBehaviour behaviour;
    private final Physics physics;
    private final long startMillis;
    private final World world;
    private final VisitPlanner.Schedule schedule;
    private final List<ShopperTruth> truth = new ArrayList<>();
    private final List<String> unpaidOut = new ArrayList<>();
    private final List<String> boughtOutAgain = new ArrayList<>();
    private final Map<Integer, String> misplacedBy = new HashMap<>();
    private final Map<Integer, String> lastFloorZone = new HashMap<>();
    private final Map<Integer, Phone> phones = new HashMap<>();
    /** Loss and jitter of the second world's sightings; the first world draws them from {@code awkward}. */
    private final Random sightings;
    private ReaderOutages outages = ReaderOutages.none();
    private long recordCount;

    /**
     * @param startMillis event time of the run's offset 0, epoch milliseconds
     */
    public EventTimeSimulation(SimConfig config, SimBehaviour behaviour, long startMillis) {
        this(config, behaviour, startMillis, Physics.FIRST);
    }

    /**
     * @param startMillis event time of the run's offset 0, epoch milliseconds
     * @param physics     the world to play
     */
    public EventTimeSimulation(SimConfig config, SimBehaviour behaviour, long startMillis, Physics physics) {
        this.config = config;
        this.behaviour = behaviour;
        this.physics = physics;
        this.startMillis = startMillis;
        this.world = new World(config, behaviour, physics);
        this.schedule = VisitPlanner.plan(config, world.initialStock(), behaviour.pace(), behaviour, physics);
        this.sightings = Physics.randomFor(config.seed(), "sightings");
        LOG.debug("seed={} families (shopper -> walks with): {}", config.seed(), schedule.walksWith());
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
        Random awkward = new Random(config.seed() * 6_700_417L + 11);
        List<Scheduled> steps = new ArrayList<>();
        Random phases = Physics.randomFor(config.seed(), "phone phases");
        for (VisitPlan plan : schedule.plans()) {
            Phone phone = Phone.of(physics, pace, phases);
            phones.put(plan.index(), phone);
            List<VisitPlan.Step> planSteps = plan.steps(pace, new Random(config.seed() * 31 + plan.index()), phone);
            for (int k = 0; k < planSteps.size(); k++) {
                steps.add(new Scheduled(planSteps.get(k).atOffsetMs(), plan.index(), k, planSteps.get(k),
                        visitId(plan.index())));
            }
        }
        addReturns(steps, awkward, pace);
        addPeopleWithoutApp(steps, awkward);
        steps.sort(Comparator.comparingLong(Scheduled::atOffsetMs).thenComparingInt(Scheduled::actor)
                .thenComparingInt(Scheduled::order));
        int shoppers = schedule.plans().size();
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < shoppers; i++) {
            out.add(new ArrayList<>());
        }
        boolean[] walkedOut = new boolean[shoppers];
        String storeId = config.layout().store();
        long roundMs = config.reportEveryMs();
        long shelfEvery = behaviour.shelfReportEveryMs() <= 0 ? 1 : Math.max(1, behaviour.shelfReportEveryMs()
                / roundMs);
        long lastStepOffset = steps.get(steps.size() - 1).atOffsetMs();
        long endOffset = lastStepOffset + TAIL_MS;
        LateDelivery delivery = null;
        JunkReader junk = null;
        if (physics == Physics.SECOND) {
            delivery = new LateDelivery(Physics.randomFor(config.seed(), "delivery"));
            outages = ReaderOutages.plan(floorReaders(), startMillis, startMillis + lastStepOffset,
                    Physics.randomFor(config.seed(), "outages"));
            Random junkRandom = Physics.randomFor(config.seed(), "junk");
            List<String> floorZones = config.layout().zones().stream().filter(z -> !z.isExit())
                    .map(StoreLayout.Zone::id).toList();
            junk = new JunkReader(storeId, floorZones.get(junkRandom.nextInt(floorZones.size())), config.gtins(),
                    startMillis, junkRandom);
        }
        int next = 0;
        long atMillis = startMillis;
        for (long round = 1; round * roundMs <= endOffset; round++) {
            long offset = round * roundMs;
            while (next < steps.size() && steps.get(next).atOffsetMs() <= offset) {
                perform(steps.get(next++), storeId, out, walkedOut, sink, awkward);
            }
            atMillis = startMillis + offset;
            boolean shelfRound = round % shelfEvery == 0;
            for (StoreLayout.Reader reader : config.layout().readers()) {
                if (outages.silent(reader.id(), atMillis, roundMs)) {
                    continue;
                }
                for (TagRead read : world.read(reader.id(), atMillis, roundMs, shelfRound)) {
                    TagSeen seen = toTagSeen(storeId, reader, read);
                    if (delivery == null) {
                        sink.onTagSeen(seen);
                    } else {
                        delivery.send(seen);
                    }
                }
            }
            if (delivery != null) {
                for (TagSeen seen : junk.read(atMillis, roundMs)) {
                    recordCount++;
                    delivery.send(seen);
                }
                delivery.deliver(atMillis, sink::onTagSeen);
            }
            sink.onTick(atMillis);
        }
        if (delivery != null) {
            long lastArrivalMillis = delivery.deliverAll(sink::onTagSeen);
            if (lastArrivalMillis > atMillis) {
                sink.onTick(lastArrivalMillis);
            }
        }
        truth.clear();
        for (VisitPlan plan : schedule.plans()) {
            truth.add(new ShopperTruth(plan.name(), customerId(plan.index()), visitId(plan.index()),
                    out.get(plan.index()), walkedOut[plan.index()]));
        }
    }

    /**
     * Now and then a person without the app follows a shopper in, takes one or two items nobody planned to take, and
     * walks out alone a few seconds after that shopper (only when nobody else is at the exit then).
     */
    private void addPeopleWithoutApp(List<Scheduled> steps, Random awkward) {
        if (behaviour.noAppProbability() <= 0) {
            return;
        }
        Set<String> reserved = new HashSet<>();
        List<Long> exits = new ArrayList<>();
        for (VisitPlan plan : schedule.plans()) {
            plan.stops().forEach(stop -> reserved.addAll(stop.picks()));
        }
        // Every exit planned so far, shoppers' and returning shoppers': the person walks out alone.
        for (Scheduled s : steps) {
            if (s.step().action() == VisitPlan.Action.WALK_OUT) {
                exits.add(s.atOffsetMs());
            }
        }
        Collections.sort(exits);
        Map<String, List<String>> free = new HashMap<>();
        world.initialStock().forEach((zone, epcs) -> free.put(zone,
                new ArrayList<>(epcs.stream().filter(epc -> !reserved.contains(epc)).toList())));
        List<String> zones = new ArrayList<>(free.keySet());
        String exitZone = config.layout().exitZone().orElseThrow().id();
        int actor = schedule.plans().size() + 1000;
        for (VisitPlan plan : schedule.plans()) {
            if (awkward.nextDouble() >= behaviour.noAppProbability()) {
                continue;
            }
            long out = plan.exitOffsetMs() + 4000;
            boolean clear = exits.stream().noneMatch(e -> e != plan.exitOffsetMs() && Math.abs(e - out) < 5000);
            // Nor does anyone walk in through the portal then.
            clear &= steps.stream().noneMatch(st -> st.step().action() == VisitPlan.Action.WALK_IN
                    && Math.abs(st.atOffsetMs() - out) < 5000);
            String zone = zones.get(awkward.nextInt(zones.size()));
            List<String> shelf = free.get(zone);
            if (!clear || shelf.isEmpty() || out < 40_000) {
                continue;
            }
            int n = Math.min(shelf.size(), 1 + awkward.nextInt(2));
            int k = 0;
            steps.add(new Scheduled(out - 40_000, actor, k++, step(out - 40_000, VisitPlan.Action.MOVE, zone), null));
            for (int p = 0; p < n; p++) {
                String epc = shelf.remove(0);
                steps.add(new Scheduled(out - 30_000 + p * 5000L, actor, k++,
                        step(out - 30_000 + p * 5000L, VisitPlan.Action.PICK, epc), null));
            }
            steps.add(new Scheduled(out - 1000, actor, k++, step(out - 1000, VisitPlan.Action.MOVE, exitZone), null));
            steps.add(new Scheduled(out, actor, k++, step(out, VisitPlan.Action.WALK_OUT, exitZone), null));
            steps.add(new Scheduled(out + 2000, actor, k, step(out + 2000, VisitPlan.Action.GONE, null), null));
            actor++;
        }
    }

    /**
     * Now and then a shopper comes back in through the exit portal carrying what they bought, scans in again (a new
     * visit), looks around one zone and walks out again with the same items: those must be neither charged again
     * nor alarmed.
     */
    private void addReturns(List<Scheduled> steps, Random awkward, Pace pace) {
        if (behaviour.returnProbability() <= 0) {
            return;
        }
        String exitZone = config.layout().exitZone().orElseThrow().id();
        List<String> floorZones = config.layout().zones().stream().filter(z -> !z.isExit())
                .map(StoreLayout.Zone::id).toList();
        for (VisitPlan plan : schedule.plans()) {
            if (schedule.walksWith().containsKey(plan.index()) || schedule.walksWith().containsValue(plan.index())
                    || awkward.nextDouble() >= behaviour.returnProbability()) {
                continue;
            }
            int actor = plan.index();
            String again = visitId(actor) + "-again";
            String zone = floorZones.get(awkward.nextInt(floorZones.size()));
            String zoneBeacon = beaconOf(zone);
            String exitBeacon = plan.exitBeaconId();
            Phone phone = phones.get(actor);
            long in = plan.exitOffsetMs() + RETURN_AFTER_MS;
            long out = in + 15_000;
            int k = 1000;
            // Their own random: the beacons' noise must not shift the rest of the run's awkward choices.
            Random radio = new Random(config.seed() * 92_821L + actor);
            List<VisitPlan.Step> added = new ArrayList<>();
            added.add(new VisitPlan.Step(in, VisitPlan.Action.WALK_IN, exitZone, exitZone, 0));
            if (phone.hearsExitOnEntry() && exitBeacon != null) {
                // Walking in through the portal and scanning at the gate inside the exit zone.
                for (long t : phone.times(in, in + 3000)) {
                    added.add(new VisitPlan.Step(t, VisitPlan.Action.SIGHT, exitBeacon, exitZone,
                            phone.exitRssi(t - in, radio)));
                }
            }
            added.add(new VisitPlan.Step(in + 2000, VisitPlan.Action.ENTER, plan.gateId(), null, 0));
            added.add(new VisitPlan.Step(in + 3000, VisitPlan.Action.MOVE, zone, zone, 0));
            if (zoneBeacon != null) {
                for (long t : phone.times(in + 3000, out - pace.approachMs())) {
                    // The first world hears a returning shopper's zone beacon at a noiseless -60 dBm.
                    int rssi = phone.physics() == Physics.FIRST ? -60 : phone.floorRssi(radio);
                    added.add(new VisitPlan.Step(t, VisitPlan.Action.SIGHT, zoneBeacon, zone, rssi));
                }
            }
            added.add(new VisitPlan.Step(out - pace.approachMs(), VisitPlan.Action.MOVE, exitZone, exitZone, 0));
            if (exitBeacon != null) {
                for (long t : phone.times(out - pace.approachMs(), out + pace.walkOutMs())) {
                    added.add(new VisitPlan.Step(t, VisitPlan.Action.SIGHT, exitBeacon, exitZone,
                            phone.exitRssi(t - out, radio)));
                }
            }
            added.add(new VisitPlan.Step(out, VisitPlan.Action.WALK_OUT, exitZone, exitZone, 0));
            added.add(new VisitPlan.Step(out + pace.walkOutMs(), VisitPlan.Action.GONE, null, null, 0));
            added.sort(Comparator.comparingLong(VisitPlan.Step::atOffsetMs));
            for (VisitPlan.Step step : added) {
                steps.add(new Scheduled(step.atOffsetMs(), actor, k++, step, again));
            }
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

    /** Visits of shoppers who walked the whole visit together with another (families): no radio can tell apart. */
    public Set<String> walkedTogether() {
        Set<String> together = new HashSet<>();
        schedule.walksWith().forEach((follower, leader) -> {
            together.add(visitId(follower));
            together.add(visitId(leader));
        });
        return together;
    }

    /** The world this run plays. */
    public Physics physics() {
        return physics;
    }

    /** When which floor reader is silent in this run (none in the first world); complete once {@link #run} began. */
    ReaderOutages outages() {
        return outages;
    }

    /** Tag reads produced so far (the junk reader's included). */
    public long recordCount() {
        return recordCount;
    }

    /** Simulated length of the run, from offset 0 to the last shopper gone. */
    public long totalMs() {
        return schedule.totalMs();
    }

    private void perform(Scheduled s, String storeId, List<List<String>> out, boolean[] walkedOut, Sink sink,
                         Random awkward) {
        VisitPlan.Step step = s.step();
        int actor = s.actor();
        boolean again = s.visitId() != null && !s.visitId().equals(visitId(actor));
        long atMillis = startMillis + step.atOffsetMs();
        switch (step.action()) {
            case ENTER -> sink.onShopperEvent(new ShopperEntered(storeId, s.visitId(), customerId(actor),
                    step.ref(), atMillis));
            case MOVE -> {
                world.moveShopper(actor, step.ref());
                String misplaced = misplacedBy.remove(actor);
                if (misplaced != null) {
                    // Put back on the shelf of the zone they walked on to (the exit has no shelf: where they were).
                    boolean exit = step.ref().equals(config.layout().exitZone().orElseThrow().id());
                    world.putBack(actor, misplaced, exit ? lastFloorZone.get(actor) : step.ref());
                }
                if (!step.ref().equals(config.layout().exitZone().orElseThrow().id())) {
                    lastFloorZone.put(actor, step.ref());
                } else {
                    maybeHandOver(actor, awkward);
                }
            }
            case SIGHT -> {
                // The second world's phones lose and shift sightings on a random of their own.
                boolean second = physics == Physics.SECOND;
                Random draws = second ? sightings : awkward;
                double lossShare = second ? Math.max(Phone.SECOND_LOSS, behaviour.sightingDropProbability())
                        : behaviour.sightingDropProbability();
                if (draws.nextDouble() >= lossShare) {
                    // Phones hear a beacon a little late or early, never exactly on the period.
                    boolean jitters = second || behaviour.sightingDropProbability() > 0;
                    long jitterMs = jitters ? draws.nextInt(2 * (int) Phone.JITTER_MS + 1) - Phone.JITTER_MS : 0;
                    sink.onShopperEvent(new BeaconSighted(storeId, customerId(actor), step.ref(), step.zone(),
                            step.rssi(), atMillis + jitterMs));
                }
            }
            case PICK -> world.pick(actor, step.ref());
            case PUT_BACK -> {
                if (awkward.nextDouble() < behaviour.putBackElsewhereProbability()) {
                    misplacedBy.put(actor, step.ref());
                } else {
                    world.putBack(actor, step.ref(), step.zone());
                }
            }
            case WALK_OUT -> {
                List<String> epcs = world.walkOut(actor, atMillis);
                if (s.visitId() == null) {
                    unpaidOut.addAll(epcs);
                } else if (again) {
                    boughtOutAgain.addAll(epcs);
                } else {
                    out.get(actor).addAll(epcs);
                    walkedOut[actor] = true;
                }
            }
            case WALK_IN -> world.walkIn(actor, atMillis, out.get(actor));
            case GONE -> world.leave(actor);
            default -> throw new IllegalStateException("unknown action " + step.action());
        }
    }

    /** In a family, the one walking behind now and then takes one item off the other's hands before the exit. */
    private void maybeHandOver(int actor, Random awkward) {
        Integer leader = schedule.walksWith().get(actor);
        if (leader == null || awkward.nextDouble() >= behaviour.handOverProbability()) {
            return;
        }
        List<String> held = world.carriedBy(leader);
        if (!held.isEmpty()) {
            world.handOver(leader, actor, held.get(held.size() - 1));
        }
    }

    private static VisitPlan.Step step(long atOffsetMs, VisitPlan.Action action, String ref) {
        return new VisitPlan.Step(atOffsetMs, action, ref, ref, 0);
    }

    /** Readers whose antennas all cover floor zones, none the portal. */
    private List<String> floorReaders() {
        return config.layout().readers().stream()
                .filter(r -> r.antennas().values().stream().allMatch(a -> a.side() == null
                        || a.side() == PortalSide.NONE))
                .filter(r -> r.antennas().values().stream().noneMatch(a -> config.layout().exitZone().orElseThrow()
                        .id().equals(a.zone())))
                .map(StoreLayout.Reader::id).toList();
    }

    private String beaconOf(String zone) {
        return config.layout().beacons().stream().filter(b -> b.zone().equals(zone))
                .map(StoreLayout.Beacon::id).findFirst().orElse(null);
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
