package walkout.store.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import walkout.store.config.LayoutLoader;
import walkout.store.config.StoreLayout;
import walkout.store.sim.Physics;

/**
 * The eval's scenarios, one seed each, through the real topology: the targets hold in the first physics world
 * (calm, tricky) and in the second one, built to disagree with it (calm, crowded exits, tricky).
 */
class EvalTest {
    private final StoreLayout layout = LayoutLoader.loadDemo();
    private final Evaluation evaluation = new Evaluation(layout, gtins(), Evaluation.trackingConfig(layout));
    private final Evaluation secondWorld = new Evaluation(layout, gtins(), Evaluation.trackingConfig(layout),
            Physics.SECOND);

    @Test
    void shouldMeetTargetsWhenCalmStoreIsReplayed() {
        assertMeetsTargets(evaluation, Scenario.CALM, 1);
    }

    @Test
    void shouldMeetTargetsWhenTrickyStoreIsReplayed() {
        assertMeetsTargets(evaluation, Scenario.TRICKY, 1);
    }

    @Test
    void shouldMeetTargetsWhenCalmStoreIsReplayedInTheSecondWorld() {
        assertMeetsTargets(secondWorld, Scenario.CALM, 1);
    }

    @Test
    void shouldMeetTargetsWhenShoppersWhoShoppedApartCrowdTheExitInTheSecondWorld() {
        assertMeetsTargets(secondWorld, Scenario.CROWDED_EXIT, 2);
    }

    @Test
    void shouldMeetTargetsWhenTrickyStoreIsReplayedInTheSecondWorld() {
        assertMeetsTargets(secondWorld, Scenario.TRICKY, 3);
    }

    private static void assertMeetsTargets(Evaluation world, Scenario scenario, long seed) {
        EvalScore score = world.run(scenario, seed);

        assertThat(score.itemsTaken()).isPositive();
        assertThat(score.duplicates()).isZero();
        assertThat(score.misses(scenario)).isEmpty();
    }

    private static List<String> gtins() {
        try (InputStream in = EvalTest.class.getResourceAsStream("/walkout/demo/catalog.csv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")[0]).toList();
        } catch (IOException e) {
            throw new IllegalStateException("demo catalog unreadable", e);
        }
    }
}
