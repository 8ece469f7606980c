package walkout.tracking.exit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import walkout.tracking.item.PendingExit;
import walkout.tracking.item.TravelSegment;
import walkout.tracking.visit.Visit;

class ExitAttributorTest {
    private static final String STORE = "store-1";
    private final ExitAttributor attributor = new ExitAttributor(1_500, 0.25);
    private final PendingExit exit = new PendingExit(STORE, "30740242200000C000000001", "80614141123458", 4,
            9_700, 10_000);

    @Test
    void shouldRaiseUnpaidWhenNoVisitWasAtExitInWindow() {
        // 2.1 s before: beyond the window and the 0.5 s slack of a phone heard once.
        Attribution attribution = attributor.attribute(exit, List.of(atExit("v1", 7_900), visit("v2")));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.UNPAID);
        assertThat(attribution.candidates()).isEmpty();
    }

    @Test
    void shouldAttributeLoneCandidateWithItsScoreAsMargin() {
        Attribution attribution = attributor.attribute(exit, List.of(atExit("v1", 11_200)));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.ATTRIBUTED);
        assertThat(attribution.best().visit().visitId()).isEqualTo("v1");
        // One sighting: the phone's reporting gap is unknown, so 0.5 s of the 1.2 s counts as slack.
        assertThat(attribution.best().score()).isCloseTo(1 - 700 / 1_500.0, within(1e-9));
        assertThat(attribution.margin()).isCloseTo(1 - 700 / 1_500.0, within(1e-9));
    }

    @Test
    void shouldScoreClosestSightingWhenVisitHasTooFewExitSightingsToTellItsPass() {
        Visit visit = atExit("v1", 9_850).onSighting("EXIT", 11_000, -60, "EXIT");

        Attribution attribution = attributor.attribute(exit, List.of(visit));

        assertThat(attribution.best().sightingMillis()).isEqualTo(9_850);
        assertThat(attribution.best().score()).as("150 ms is finer than half its 1.15 s gap between sightings")
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldAttributeAtExactlyMinMargin() {
        // v2's 875 ms, less the 500 ms slack of a phone whose reporting gap is unknown: timing 0.75.
        Attribution attribution = attributor.attribute(exit, List.of(atExit("v1", 10_000), atExit("v2", 10_875)));

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
        Visit elsewhere = Visit.entered("store-2", "v9", "c9", 0).onSighting("A1", 1, -60, "EXIT")
                .onSighting("EXIT", 10_000, -60, "EXIT");

        assertThat(attributor.attribute(exit, List.of(elsewhere)).outcome())
                .isEqualTo(Attribution.Outcome.UNPAID);
    }

    @Test
    void shouldScoreByPassWhenEveryCandidateCanTellWhenItsPhonePassedThePortal() {
        PendingExit passed = new PendingExit(STORE, "30740242200000C000000001", "80614141123458", 4, 9_700, 10_000,
                List.of(), 9_300L);

        Attribution attribution = attributor.attribute(passed, List.of(passing("v1", 9_200), passing("v2", 10_100)));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.ATTRIBUTED);
        assertThat(attribution.best().visit().visitId()).isEqualTo("v1");
        assertThat(attribution.best().sightingMillis()).isEqualTo(9_200);
        // Sightings every 500 ms: 250 ms of slack, so v1's 100 ms is exact and v2's 800 ms counts as 550.
        assertThat(attribution.best().score()).isCloseTo(1.0, within(1e-9));
        assertThat(attribution.margin()).isCloseTo(550 / 1_500.0, within(1e-9));
    }

    @Test
    void shouldScoreEveryCandidateByClosestSightingWhenOneCannotTellItsPass() {
        PendingExit passed = new PendingExit(STORE, "30740242200000C000000001", "80614141123458", 4, 9_700, 10_000,
                List.of(), 9_300L);
        Visit fewSightings = atExit("v2", 10_050).onSighting("EXIT", 10_550, -53, "EXIT");

        Attribution attribution = attributor.attribute(passed, List.of(passing("v1", 9_200), fewSightings));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.AMBIGUOUS);
        // Both closest sightings (200 ms and 50 ms off) are within half their phone's gap: equal, ordered by visit id.
        assertThat(attribution.candidates()).extracting(Candidate::sightingMillis).containsExactly(10_200L, 10_050L);
        assertThat(attribution.margin()).isZero();
    }

    @Test
    void shouldAttributeToAVisitWhosePhoneMissedTheExitWhenTheItemTravelledWithIt() {
        ExitAttributor withTravel = new ExitAttributor(1_500, 0.25, 2_000);
        Visit silentInA2 = Visit.entered(STORE, "v1", "c-v1", 0).onSighting("A2", 1_000, -62, "EXIT")
                .onSighting("A2", 8_500, -62, "EXIT");
        Visit elsewhere = Visit.entered(STORE, "v2", "c-v2", 0).onSighting("A1", 1_000, -62, "EXIT")
                .onSighting("EXIT", 10_200, -62, "EXIT");
        PendingExit carriedInA2 = new PendingExit(STORE, "30740242200000C000000002", "80614141123458", 9, 9_700,
                10_000, List.of(new TravelSegment("A2", 2_000, 8_000, 6)));

        Attribution attribution = withTravel.attribute(carriedInA2, List.of(silentInA2, elsewhere));
        Attribution heardSince = withTravel.attribute(carriedInA2,
                List.of(silentInA2.onSighting("A2", 10_500, -62, "EXIT"), elsewhere));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.ATTRIBUTED);
        assertThat(attribution.best().visit().visitId()).isEqualTo("v1");
        assertThat(attribution.best().score()).isCloseTo(0.5, within(1e-9));
        assertThat(heardSince.outcome()).as("heard on the floor after the item left: still inside")
                .isEqualTo(Attribution.Outcome.AMBIGUOUS);
    }

    @Test
    void shouldHoldTheItemWhenAFamilyMemberWhosePhoneMissedTheExitTravelledWithItAsMuch() {
        ExitAttributor withTravel = new ExitAttributor(1_500, 0.25, 2_000);
        Visit heard = Visit.entered(STORE, "v1", "c-v1", 0).onSighting("A2", 1_000, -62, "EXIT")
                .onSighting("EXIT", 10_100, -62, "EXIT");
        Visit unheard = Visit.entered(STORE, "v2", "c-v2", 0).onSighting("A2", 1_000, -62, "EXIT")
                .onSighting("A2", 8_800, -62, "EXIT");

        Attribution together = withTravel.attribute(carriedInA2(), List.of(heard, unheard));
        Attribution alone = withTravel.attribute(carriedInA2(), List.of(heard));

        assertThat(together.outcome()).isEqualTo(Attribution.Outcome.AMBIGUOUS);
        assertThat(alone.outcome()).isEqualTo(Attribution.Outcome.ATTRIBUTED);
    }

    @Test
    void shouldLetCoTravelAlonePickWhenTimingCannotTellAndOnlyOneCandidateTravelledWithTheItem() {
        ExitAttributor withTravel = new ExitAttributor(1_500, 0.25, 2_000);
        Visit carrier = Visit.entered(STORE, "v1", "c-v1", 0).onSighting("A2", 1_000, -62, "EXIT")
                .onSighting("EXIT", 10_100, -62, "EXIT");
        Visit partly = Visit.entered(STORE, "v2", "c-v2", 0).onSighting("A1", 1_000, -62, "EXIT")
                .onSighting("A2", 6_000, -62, "EXIT").onSighting("EXIT", 9_900, -62, "EXIT");

        Attribution attribution = withTravel.attribute(carriedInA2(), List.of(partly, carrier));

        assertThat(attribution.outcome()).isEqualTo(Attribution.Outcome.ATTRIBUTED);
        assertThat(attribution.best().visit().visitId()).isEqualTo("v1");
        assertThat(attribution.best().coTravel()).isEqualTo(1.0);
        assertThat(attribution.margin()).as("the lead in co-travel").isGreaterThanOrEqualTo(0.15);
    }

    /** An item read 12 times carried in A2 from 2 s to 8 s, out at 10 s. */
    private static PendingExit carriedInA2() {
        return new PendingExit(STORE, "30740242200000C000000003", "80614141123458", 15, 9_700, 10_000,
                List.of(new TravelSegment("A2", 2_000, 8_000, 12)));
    }

    /** A visit whose phone heard the exit beacon loudest at {@code passMillis}, as it passed the portal. */
    private static Visit passing(String visitId, long passMillis) {
        return visit(visitId).onSighting("EXIT", passMillis - 500, -58, "EXIT")
                .onSighting("EXIT", passMillis, -52, "EXIT")
                .onSighting("EXIT", passMillis + 500, -58, "EXIT")
                .onSighting("EXIT", passMillis + 1_000, -62, "EXIT");
    }

    private static Visit visit(String visitId) {
        return Visit.entered(STORE, visitId, "c-" + visitId, 0).onSighting("A1", 1, -60, "EXIT");
    }

    private static Visit atExit(String visitId, long atMillis) {
        return visit(visitId).onSighting("EXIT", atMillis, -60, "EXIT");
    }
}
