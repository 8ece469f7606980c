package walkout.store.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioTest {
    @Test
    void shouldParseEachScenarioOnceInOrderWhenSeveralAreSeparatedByCommas() {
        assertThat(Scenario.parse("calm, crowded-exit,calm")).containsExactly(Scenario.CALM, Scenario.CROWDED_EXIT);
        assertThat(Scenario.parse("tricky,all")).containsExactly(Scenario.TRICKY, Scenario.CALM, Scenario.BUSY,
                Scenario.CROWDED_EXIT);
    }

    @Test
    void shouldNameTheChoicesWhenAScenarioIsUnknown() {
        assertThatThrownBy(() -> Scenario.parse("calm,rush-hour")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--scenario=calm,rush-hour").hasMessageContaining("crowded-exit");
    }
}
