package walkout.store.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import walkout.store.config.StoreLayout;

/**
 * Decides every shopper's visit from the seed: zones, dwell times, picks (reserved from the stock so no two shoppers
 * want the same item), put-backs, and start times staggered so exits are at least {@code exitSpacingMs} apart and the
 * run fits {@code durationMs} when it can.
 */
final class VisitPlanner {
    static final double PUT_BACK_PROBABILITY = 0.25;
    static final int MAX_ZONES_PER_VISIT = 3;
    static final int MAX_PICKS_PER_ZONE = 3;
    /**
     * Least time from the entry scan to the first floor zone in the second world: past the jitter, so that the phone
     * reports the exit beacon at least once in between.
     */
    static final long SECOND_ENTRY_MIN_MS = Phone.SECOND_PERIOD_MS + Phone.JITTER_MS;
    static final long SECOND_ENTRY_MAX_MS = 3000;
    private static final List<String> NAMES = List.of("Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances",
            "Donald", "Margaret", "Dennis", "Radia", "Ken", "Hedy", "Niklaus", "Karen", "Tony", "Shafi", "Leslie",
            "Lynn", "John", "Sophie");

    /**
     * The plans, and whether they fit the configured duration. {@code walksWith} maps a shopper who walks the whole
     * visit with the one before them (a family) to that shopper's index.
     */
    record Schedule(List<VisitPlan> plans, long totalMs, boolean fits, Map<Integer, Integer> walksWith) {
        Schedule {
            plans = List.copyOf(plans);
            walksWith = Map.copyOf(walksWith);
        }
    }

    private VisitPlanner() {
    }

    static Schedule plan(SimConfig config, Map<String, List<String>> stockByZone, Pace pace) {
        return plan(config, stockByZone, pace, SimBehaviour.CALM);
    }

    /**
     * As {@link #plan(SimConfig, Map, Pace)}, with the behaviour's families (a shopper walks the same zones at the
     * same times as the one before and walks out just after) and groups (a shopper walks out a second or two after
     * the one before, having shopped apart). Those choices come from their own random sequence, so a calm behaviour
     * plans exactly what the live simulator plays.
     */
    static Schedule plan(SimConfig config, Map<String, List<String>> stockByZone, Pace pace, SimBehaviour behaviour) {
        return plan(config, stockByZone, pace, behaviour, Physics.FIRST);
    }

    /**
     * As {@link #plan(SimConfig, Map, Pace, SimBehaviour)} in the world of {@code physics}. In the second world a
     * shopper stays {@value #SECOND_ENTRY_MIN_MS}..{@value #SECOND_ENTRY_MAX_MS} ms in the exit zone after the entry
     * scan (drawn from a random sequence of its own; a family keeps its leader's) instead of
     * {@code pace.entryMs()}.
     */
    static Schedule plan(SimConfig config, Map<String, List<String>> stockByZone, Pace pace, SimBehaviour behaviour,
                         Physics physics) {
        Random random = new Random(config.seed() * 7919 + 17);
        Random crowd = new Random(config.seed() * 104_729 + 3);
        Random entry = Physics.randomFor(config.seed(), "entry");
        List<Long> entryMs = new ArrayList<>();
        Map<Integer, Integer> walksWith = new HashMap<>();
        boolean[] groupExit = new boolean[config.shoppers()];
        StoreLayout layout = config.layout();
        String exitZone = layout.exitZone().orElseThrow().id();
        Map<String, Deque<String>> shelves = new LinkedHashMap<>();
        stockByZone.forEach((zone, epcs) -> {
            List<String> shuffled = new ArrayList<>(epcs);
            Collections.shuffle(shuffled, random);
            shelves.put(zone, new ArrayDeque<>(shuffled));
        });
        List<String> floorZones = new ArrayList<>(shelves.keySet());
        String gateId = layout.gates().get(0).id();

        List<VisitPlan> drafts = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        for (int i = 0; i < config.shoppers(); i++) {
            List<String> zones = new ArrayList<>(floorZones);
            Collections.shuffle(zones, random);
            int zoneCount = 1 + random.nextInt(Math.min(MAX_ZONES_PER_VISIT, zones.size()));
            boolean family = i > 0 && !walksWith.containsKey(i - 1)
                    && crowd.nextDouble() < behaviour.familyProbability();
            groupExit[i] = i > 0 && !family && crowd.nextDouble() < behaviour.groupExitProbability();
            if (groupExit[i]) {
                // Leaving together after shopping apart: none of the aisles of the others in the group.
                List<String> theirs = new ArrayList<>();
                for (int j = i - 1; j >= 0; j--) {
                    drafts.get(j).stops().forEach(stop -> theirs.add(stop.zone()));
                    if (!groupExit[j]) {
                        break;
                    }
                }
                List<String> apart = zones.stream().filter(z -> !theirs.contains(z)).toList();
                if (apart.isEmpty()) {
                    groupExit[i] = false;
                } else {
                    zones = new ArrayList<>(apart);
                    zoneCount = Math.min(zoneCount, zones.size());
                }
            }
            List<VisitPlan.Stop> leaderStops = family ? drafts.get(i - 1).stops() : null;
            if (family) {
                walksWith.put(i, i - 1);
                zones = leaderStops.stream().map(VisitPlan.Stop::zone).toList();
                zoneCount = zones.size();
            }
            long untilFirstZone = pace.entryMs();
            if (physics == Physics.SECOND) {
                untilFirstZone = family ? entryMs.get(i - 1)
                        : SECOND_ENTRY_MIN_MS + entry.nextInt((int) (SECOND_ENTRY_MAX_MS - SECOND_ENTRY_MIN_MS + 1));
            }
            entryMs.add(untilFirstZone);
            List<VisitPlan.Stop> stops = new ArrayList<>();
            long offset = untilFirstZone;
            for (String zone : zones.subList(0, zoneCount)) {
                long dwell = pace.dwellMinMs() + (long) (random.nextDouble() * (pace.dwellMaxMs() - pace.dwellMinMs()));
                if (family) {
                    dwell = leaderStops.get(stops.size()).dwellMs();
                }
                int want = 1 + random.nextInt(MAX_PICKS_PER_ZONE);
                List<String> picks = new ArrayList<>();
                Deque<String> shelf = shelves.get(zone);
                while (picks.size() < want && !shelf.isEmpty()) {
                    picks.add(shelf.pollFirst());
                }
                String putBack = null;
                if (picks.size() >= 2 && random.nextDouble() < PUT_BACK_PROBABILITY) {
                    // Not offered to later shoppers: in real time they might reach for it before it is back.
                    putBack = picks.get(random.nextInt(picks.size()));
                }
                stops.add(new VisitPlan.Stop(zone, beaconOf(layout, zone), offset, dwell, picks, putBack));
                offset += dwell;
            }
            long exitOffset = offset + pace.approachMs();
            drafts.add(new VisitPlan(i, name(i), 0, gateId, stops, exitZone, beaconOf(layout, exitZone),
                    exitOffset));
            lengths.add(exitOffset);
        }

        // Exits in shopper order, spread over the duration, never closer than the spacing.
        int n = drafts.size();
        long room = config.durationMs() - pace.walkOutMs() - lengths.get(0);
        long gap = n > 1 ? Math.max(config.exitSpacingMs(), room / (n - 1)) : 0;
        List<VisitPlan> plans = new ArrayList<>();
        long previousExit = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            VisitPlan draft = drafts.get(i);
            long length = lengths.get(i);
            long exit;
            if (i == 0) {
                exit = length;
            } else if (walksWith.containsKey(i)) {
                // Together all along: entered with the leader, out right behind them.
                exit = plans.get(i - 1).exitOffsetMs() + 300 + crowd.nextInt(700);
            } else if (groupExit[i]) {
                exit = Math.max(length, previousExit + 500 + crowd.nextInt(1500));
            } else {
                exit = Math.max(length, previousExit + gap);
            }
            long start = exit - length;
            plans.add(shift(draft, start));
            previousExit = exit;
        }
        long totalMs = previousExit + pace.walkOutMs();
        return new Schedule(plans, totalMs, totalMs <= config.durationMs(), walksWith);
    }

    private static VisitPlan shift(VisitPlan draft, long startOffsetMs) {
        List<VisitPlan.Stop> stops = draft.stops().stream()
                .map(s -> new VisitPlan.Stop(s.zone(), s.beaconId(), s.arriveOffsetMs() + startOffsetMs, s.dwellMs(),
                        s.picks(), s.putBack()))
                .toList();
        return new VisitPlan(draft.index(), draft.name(), startOffsetMs, draft.gateId(), stops, draft.exitZone(),
                draft.exitBeaconId(), draft.exitOffsetMs() + startOffsetMs);
    }

    private static String beaconOf(StoreLayout layout, String zone) {
        return layout.beacons().stream().filter(b -> b.zone().equals(zone)).map(StoreLayout.Beacon::id)
                .findFirst().orElse(null);
    }

    static String name(int index) {
        String base = NAMES.get(index % NAMES.size());
        return index < NAMES.size() ? base : base + " " + (index / NAMES.size() + 1);
    }
}
