package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VisitPlanTest {
    private static final long EXIT_AT_MS = 60_000;
    private final VisitPlan plan = new VisitPlan(0, "Ada", 0, "g-entry",
            List.of(new VisitPlan.Stop("A1", "b-a1", 1_000, 5_000, List.of(), null)), "EXIT", "b-exit", EXIT_AT_MS);

    @Test
    void shouldPeakExitBeaconRssiWhenTheShopperPassesThePortal() {
        Map<Long, Double> meanBySincePass = new TreeMap<>();
        Map<Long, Integer> loudestBySincePass = new HashMap<>();
        int plays = 2_000;
        for (int seed = 0; seed < plays; seed++) {
            List<VisitPlan.Step> exit = exitSightings(plan.steps(Pace.REAL, new Random(seed)));
            exit.forEach(step -> meanBySincePass.merge(step.atOffsetMs() - EXIT_AT_MS, step.rssi() / (double) plays,
                    Double::sum));
            VisitPlan.Step loudest = exit.stream().max((a, b) -> Integer.compare(a.rssi(), b.rssi())).orElseThrow();
            loudestBySincePass.merge(loudest.atOffsetMs() - EXIT_AT_MS, 1, Integer::sum);
        }

        assertThat(meanBySincePass.keySet()).containsExactly(-500L, 0L, 500L, 1_000L, 1_500L);
        assertThat(meanBySincePass.get(0L)).isGreaterThan(meanBySincePass.get(-500L))
                .isGreaterThan(meanBySincePass.get(500L));
        assertThat(meanBySincePass.get(500L)).isGreaterThan(meanBySincePass.get(1_000L));
        assertThat(meanBySincePass.get(1_000L)).isGreaterThan(meanBySincePass.get(1_500L));
        assertThat(loudestBySincePass.get(0L)).as("the passing sighting is the loudest most often")
                .isGreaterThan(plays / 2)
                .isLessThan(plays);
    }

    @Test
    void shouldKeepFourDecibelsOfNoiseOnTheExitBeaconAndFlatRssiOnFloorBeacons() {
        Map<Long, List<Integer>> exitRssi = new TreeMap<>();
        List<Integer> floorRssi = new ArrayList<>();
        for (int seed = 0; seed < 500; seed++) {
            for (VisitPlan.Step step : plan.steps(Pace.REAL, new Random(seed))) {
                if (step.action() != VisitPlan.Action.SIGHT) {
                    continue;
                }
                if (step.ref().equals("b-exit")) {
                    exitRssi.computeIfAbsent(step.atOffsetMs() - EXIT_AT_MS, k -> new ArrayList<>())
                            .add(step.rssi());
                } else {
                    floorRssi.add(step.rssi());
                }
            }
        }

        exitRssi.values().forEach(values -> assertThat(values.stream().distinct().count()).isEqualTo(9));
        assertThat(exitRssi.get(0L).stream().mapToInt(Integer::intValue).max().orElseThrow()
                - exitRssi.get(0L).stream().mapToInt(Integer::intValue).min().orElseThrow()).isEqualTo(8);
        assertThat(floorRssi.stream().collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(-64, -63, -62, -61, -60, -59, -58, -57, -56);
    }

    @Test
    void shouldPlayTheSameExitRssiForTheSameSeed() {
        assertThat(plan.steps(Pace.REAL, new Random(5))).isEqualTo(plan.steps(Pace.REAL, new Random(5)));
    }

    private static List<VisitPlan.Step> exitSightings(List<VisitPlan.Step> steps) {
        return steps.stream().filter(step -> step.action() == VisitPlan.Action.SIGHT && step.ref().equals("b-exit"))
                .toList();
    }
}
