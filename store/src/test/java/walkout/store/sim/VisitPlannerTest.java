package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VisitPlannerTest {

    @Test
    void shouldPlanTheSameVisitsWhenSeedIsTheSame() {
        SimConfig config = SimFixtures.config(8, 120_000, 11);

        VisitPlanner.Schedule one = VisitPlanner.plan(config, new World(config).initialStock(), Pace.REAL);
        VisitPlanner.Schedule two = VisitPlanner.plan(config, new World(config).initialStock(), Pace.REAL);

        assertThat(one).isEqualTo(two);
        assertThat(one.plans().get(0).steps(Pace.REAL, new Random(1)))
                .isEqualTo(two.plans().get(0).steps(Pace.REAL, new Random(1)));
    }

    @Test
    void shouldSpaceExitsAtLeastExitSpacingApartAndFitWhenDurationAllows() {
        SimConfig config = SimFixtures.config(5, 90_000, 12);

        VisitPlanner.Schedule schedule = VisitPlanner.plan(config, new World(config).initialStock(), Pace.REAL);

        List<VisitPlan> plans = schedule.plans();
        assertThat(plans).hasSize(5);
        for (int i = 1; i < plans.size(); i++) {
            assertThat(plans.get(i).exitOffsetMs() - plans.get(i - 1).exitOffsetMs())
                    .isGreaterThanOrEqualTo(config.exitSpacingMs());
        }
        assertThat(plans).allSatisfy(p -> assertThat(p.startOffsetMs()).isNotNegative());
        assertThat(schedule.fits()).isTrue();
        assertThat(schedule.totalMs()).isLessThanOrEqualTo(config.durationMs());
    }

    @Test
    void shouldSayItDoesNotFitWhenTooManyShoppersForTheDuration() {
        SimConfig config = SimFixtures.config(20, 30_000, 13);

        VisitPlanner.Schedule schedule = VisitPlanner.plan(config, new World(config).initialStock(), Pace.REAL);

        assertThat(schedule.fits()).isFalse();
        assertThat(schedule.totalMs()).isGreaterThan(config.durationMs());
    }

    @Test
    void shouldGiveEachItemToOneShopperAtMostWhenPlanningPicks() {
        SimConfig config = SimFixtures.config(30, 600_000, 14);
        World world = new World(config);

        List<VisitPlan> plans = VisitPlanner.plan(config, world.initialStock(), Pace.REAL).plans();

        List<String> picked = new ArrayList<>();
        for (VisitPlan plan : plans) {
            assertThat(plan.stops()).hasSizeBetween(1, VisitPlanner.MAX_ZONES_PER_VISIT);
            for (VisitPlan.Stop stop : plan.stops()) {
                assertThat(stop.picks()).hasSizeBetween(1, VisitPlanner.MAX_PICKS_PER_ZONE);
                assertThat(stop.picks()).allSatisfy(epc -> assertThat(world.shelfZone(epc)).isEqualTo(stop.zone()));
                if (stop.putBack() != null) {
                    assertThat(stop.picks()).contains(stop.putBack());
                }
                picked.addAll(stop.picks());
            }
            assertThat(plan.expectedOut()).isNotEmpty();
        }
        assertThat(picked).doesNotHaveDuplicates();
        assertThat(plans.stream().filter(p -> p.stops().stream().anyMatch(s -> s.putBack() != null))).isNotEmpty();
    }

    @Test
    void shouldOrderStepsEnterZonesExitWhenPlayed() {
        SimConfig config = SimFixtures.config(3, 60_000, 15);
        Pace pace = Pace.REAL;
        VisitPlan plan = VisitPlanner.plan(config, new World(config).initialStock(), pace).plans().get(1);

        List<VisitPlan.Step> steps = plan.steps(pace, new Random(3));

        assertThat(steps).isSortedAccordingTo((a, b) -> Long.compare(a.atOffsetMs(), b.atOffsetMs()));
        assertThat(steps.get(0).action()).isEqualTo(VisitPlan.Action.ENTER);
        assertThat(steps.get(steps.size() - 1).action()).isEqualTo(VisitPlan.Action.GONE);
        VisitPlan.Step walkOut = steps.stream().filter(s -> s.action() == VisitPlan.Action.WALK_OUT).findFirst()
                .orElseThrow();
        assertThat(walkOut.atOffsetMs()).isEqualTo(plan.exitOffsetMs());
        List<VisitPlan.Step> exitSightings = steps.stream()
                .filter(s -> s.action() == VisitPlan.Action.SIGHT && "b-exit".equals(s.ref())).toList();
        assertThat(exitSightings).isNotEmpty();
        assertThat(exitSightings.get(exitSightings.size() - 1).atOffsetMs() - plan.exitOffsetMs())
                .isGreaterThanOrEqualTo(pace.walkOutMs() - pace.sightingEveryMs());
        assertThat(steps.stream().filter(s -> s.action() == VisitPlan.Action.SIGHT && !"b-exit".equals(s.ref())))
                .allSatisfy(s -> assertThat(s.rssi()).isBetween(-64, -56));
        // The exit beacon is loudest at the portal (-53 dBm) and fades to -64 dBm 1.5 s after, +-4 dB of noise.
        assertThat(exitSightings).allSatisfy(s -> assertThat(s.rssi()).isBetween(-68, -49));
        assertThat(steps.stream().filter(s -> s.action() == VisitPlan.Action.PICK))
                .allSatisfy(s -> assertThat(s.atOffsetMs()).isLessThan(plan.exitOffsetMs()));
    }
}
