package walkout.tracking.exit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import walkout.tracking.item.PendingExit;
import walkout.tracking.visit.Visit;

class ExitAttributorTest {
    private static final String STORE = "store-1";
    private final ExitAttributor attributor = new ExitAttributor(1_500, 0.25);
    private final PendingExit exit = new PendingExit(STORE, "30740242200000C000000001", "80614141123458", 4,
            9_700, 10_000);

    @Test
    void shouldRaiseUnpaidWhenNoVisitWasAtExitInWindow() {
        Attribution attribution = attributor.attribute(exit, List.of(atExit("v1", 8_400), visit("v2")));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.UNPAID);
        assertThat(attribution.candidates()).isEmpty();
    }

    @Test
    void shouldAttributeLoneCandidateWithItsScoreAsMargin() {
        Attribution attribution = attributor.attribute(exit, List.of(atExit("v1", 11_200)));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.ATTRIBUTED);
        assertThat(attribution.best().visit().visitId()).isEqualTo("v1");
        assertThat(attribution.best().score()).isCloseTo(0.2, within(1e-9));
        assertThat(attribution.margin()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void shouldScoreClosestSightingWhenVisitWasSeenSeveralTimes() {
        Visit visit = atExit("v1", 8_000).onSighting("EXIT", 9_850, "EXIT").onSighting("EXIT", 11_000, "EXIT");

        Attribution attribution = attributor.attribute(exit, List.of(visit));

        assertThat(attribution.best().sightingMillis()).isEqualTo(9_850);
        assertThat(attribution.best().score()).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void shouldAttributeAtExactlyMinMargin() {
        Attribution attribution = attributor.attribute(exit, List.of(atExit("v1", 10_000), atExit("v2", 10_375)));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.ATTRIBUTED);
        assertThat(attribution.best().visit().visitId()).isEqualTo("v1");
        assertThat(attribution.margin()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void shouldBeAmbiguousWhenRunnerUpIsWithinMargin() {
        Attribution attribution = attributor.attribute(exit, List.of(atExit("v2", 10_300), atExit("v1", 9_900)));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.AMBIGUOUS);
        assertThat(attribution.candidates()).extracting(candidate -> candidate.visit().visitId())
                .containsExactly("v1", "v2");
    }

    @Test
    void shouldIgnoreVisitsOfAnotherStore() {
        Visit elsewhere = Visit.entered("store-2", "v9", "c9", 0).onSighting("EXIT", 10_000, "EXIT");

        assertThat(attributor.attribute(exit, List.of(elsewhere)).outcome())
                .isEqualTo(Attribution.Outcome.UNPAID);
    }

    private static Visit visit(String visitId) {
        return Visit.entered(STORE, visitId, "c-" + visitId, 0);
    }

    private static Visit atExit(String visitId, long atMillis) {
        return visit(visitId).onSighting("EXIT", atMillis, "EXIT");
    }
}
