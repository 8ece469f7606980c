package walkout.store.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import walkout.store.sim.Physics;

class EvalReportTest {
    @Test
    void shouldNotCallPlainRecallBelowTargetACleanPassWhenOnlyFamiliesAreHeld() {
        Map<Scenario, EvalScore> scores = new LinkedHashMap<>();
        // 100 taken, 90 charged right, 10 held, all 10 of them carried by families (12 family items in all)
        scores.put(Scenario.TRICKY, new EvalScore(1, 100, 90, 90, 90, 10, 0, 0, 0, 120, 0, 5_000, 12, 2));
        scores.put(Scenario.CALM, new EvalScore(1, 50, 50, 50, 50, 0, 0, 0, 0, 50, 0, 1_000, 0, 0));

        String report = EvalReport.render(scores);

        assertThat(report).contains(" met* |").contains(" met |").doesNotContain("MISSED");
        assertThat(report).contains("* tricky: plain recall 90.00% is below the issue's 98.00%");
        assertThat(report).doesNotContain("* calm");
    }

    @Test
    void shouldNameTheWorldInTheHeaderWhenRenderedForAPhysics() {
        Map<Scenario, EvalScore> scores = new LinkedHashMap<>();
        scores.put(Scenario.CALM, new EvalScore(1, 50, 50, 50, 50, 0, 0, 0, 0, 50, 0, 1_000, 0, 0));

        String report = EvalReport.render(Physics.SECOND, scores);

        assertThat(report).startsWith("world: second (overlapping portal fields").contains("| calm ");
    }
}
