package walkout.store.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import walkout.store.config.LayoutLoader;
import walkout.store.config.StoreLayout;

/** The eval's calm and tricky scenarios, one seed each, through the real topology: the targets hold. */
class EvalTest {
    private final StoreLayout layout = LayoutLoader.loadDemo();
    private final Evaluation evaluation = new Evaluation(layout, gtins(), Evaluation.trackingConfig(layout));

    @Test
    void shouldMeetTargetsWhenCalmStoreIsReplayed() {
        EvalScore score = evaluation.run(Scenario.CALM, 1);

        assertThat(score.itemsTaken()).isPositive();
        assertThat(score.misses(Scenario.CALM)).isEmpty();
    }

    @Test
    void shouldMeetTargetsWhenTrickyStoreIsReplayed() {
        EvalScore score = evaluation.run(Scenario.TRICKY, 1);

        assertThat(score.itemsTaken()).isPositive();
        assertThat(score.misses(Scenario.TRICKY)).isEmpty();
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
