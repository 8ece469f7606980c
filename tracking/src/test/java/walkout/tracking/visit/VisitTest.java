package walkout.tracking.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import walkout.events.BasketLine;
import walkout.events.Evidence;
import walkout.events.codec.Json;
import walkout.events.codec.JsonSerde;

class VisitTest {
    private static final String EXIT = "EXIT";
    private static final long SPAN_MS = 3_000;
    private final Visit entered = Visit.entered("store-1", "v1", "c1", 0).onSighting("A1", 1, -60, EXIT);

    @Test
    void shouldEstimatePassBetweenTheStrongestSightingsWeightedByTheirPower() {
        Visit visit = entered.onSighting(EXIT, 9_500, -57, EXIT).onSighting(EXIT, 10_000, -55, EXIT)
                .onSighting(EXIT, 10_500, -54, EXIT).onSighting(EXIT, 11_000, -62, EXIT);

        // Weights 1 (10.5 s, -54), 10^-0.1 (10 s, -55), 10^-0.3 (9.5 s, -57); the -62 dBm sighting takes no part.
        double expected = (10_500 + Math.pow(10, -0.1) * 10_000 + Math.pow(10, -0.3) * 9_500)
                / (1 + Math.pow(10, -0.1) + Math.pow(10, -0.3));
        assertThat((double) visit.exitPassMillis(10_200, SPAN_MS)).isCloseTo(expected, within(1.0));
    }

    @Test
    void shouldTellNoPassFromFewerThanThreeExitSightings() {
        Visit visit = entered.onSighting(EXIT, 10_000, -53, EXIT).onSighting(EXIT, 10_500, -57, EXIT);

        assertThat(visit.exitPassMillis(10_100, SPAN_MS)).isEqualTo(Visit.NONE);
    }

    @Test
    void shouldTellNoPassFromSightingsOfAnEarlierStayAtTheExit() {
        Visit visit = entered.onSighting(EXIT, 2_000, -53, EXIT).onSighting(EXIT, 2_500, -57, EXIT)
                .onSighting("A1", 3_000, -60, EXIT).onSighting(EXIT, 10_000, -53, EXIT)
                .onSighting(EXIT, 10_500, -57, EXIT);

        assertThat(visit.exitPassMillis(10_100, SPAN_MS)).isEqualTo(Visit.NONE);
        assertThat(visit.exitSightingsRssiDbm()).containsExactly(-53, -57, -53, -57);
    }

    @Test
    void shouldReadVisitStoredBeforeExitRssiWasKeptAndEstimateFromNewSightingsOnly() throws Exception {
        Visit before = entered.onSighting(EXIT, 9_500, -57, EXIT).onSighting(EXIT, 10_000, -53, EXIT)
                .onSighting(EXIT, 10_500, -57, EXIT);
        ObjectNode json = Json.MAPPER.valueToTree(before);
        json.remove("exitSightingsRssiDbm");
        JsonSerde<Visit> serde = new JsonSerde<>(Visit.class);

        Visit stored = serde.deserialize("changelog", Json.MAPPER.writeValueAsBytes(json));

        assertThat(stored.exitSightingsMillis()).containsExactly(9_500L, 10_000L, 10_500L);
        assertThat(stored.exitSightingsRssiDbm()).containsOnly(Visit.UNKNOWN_RSSI_DBM).hasSize(3);
        assertThat(stored.exitPassMillis(10_100, SPAN_MS)).isEqualTo(Visit.NONE);
        Visit later = stored.onSighting(EXIT, 11_000, -60, EXIT).onSighting(EXIT, 11_500, -55, EXIT)
                .onSighting(EXIT, 12_000, -60, EXIT);
        assertThat(later.exitPassMillis(11_600, SPAN_MS)).isEqualTo(11_500);
        assertThat(serde.deserialize("changelog", serde.serialize("changelog", later))).isEqualTo(later);
    }

    @Test
    void shouldNotBeAtTheExitNorCountExitSightingsWhenTheyCameBeforeTheFloor() {
        Visit walkingIn = Visit.entered("store-1", "v2", "c2", 0).onSighting(EXIT, 100, -62, EXIT)
                .onSighting(EXIT, 900, -61, EXIT);

        assertThat(walkingIn.atExit()).isFalse();
        assertThat(walkingIn.closestExitSighting(500)).isEqualTo(Visit.NONE);
        assertThat(walkingIn.closesByTimeout()).isTrue();

        Visit leaving = walkingIn.onSighting("A1", 5_000, -60, EXIT).onSighting(EXIT, 60_000, -60, EXIT);

        assertThat(leaving.atExit()).isTrue();
        assertThat(leaving.closestExitSighting(500)).as("the entry sightings still do not count").isEqualTo(60_000);
        assertThat(leaving.closesAtMillis(3_000, 900_000)).isEqualTo(63_000);
    }

    @Test
    void shouldCloseAfterItsItemsLeftWhenThePhoneMissedTheExitBeacon() {
        Visit inside = entered.onSighting("A1", 5_000, -60, EXIT);
        BasketLine line = new BasketLine("3074257BF7194E4000001A85", 7_000,
                new Evidence(5, List.of("A1", EXIT), 6_800, 7_000, 5_000, 0.5, 0.5, null));

        Visit left = inside.withLine(line);

        assertThat(inside.atExit()).isFalse();
        assertThat(left.atExit()).isTrue();
        assertThat(left.closesAtMillis(3_000, 900_000)).isEqualTo(10_000);
        assertThat(left.onSighting("A2", 8_000, -60, EXIT).atExit()).as("heard inside since: it went back")
                .isFalse();
    }
}
