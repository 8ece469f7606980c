package walkout.tracking.exit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import walkout.events.BasketLine;
import walkout.events.Evidence;
import walkout.tracking.visit.Visit;

class OpenBasketsTest {
    private static final String EPC = "3074257BF7194E4000001A85";

    @Test
    void shouldRefuseASecondLineForTheSameEpcWhenTheBasketHasIt() {
        Map<String, Visit> open = visits("v1");

        OpenBaskets.Result first = OpenBaskets.add(open, "v1", line(1_000));
        OpenBaskets.Result second = OpenBaskets.add(open, "v1", line(1_200));

        assertThat(first.outcome()).isEqualTo(OpenBaskets.Outcome.ADDED);
        assertThat(second.outcome()).isEqualTo(OpenBaskets.Outcome.REFUSED_DUPLICATE);
        assertThat(second.changed()).isEmpty();
        assertThat(open.get("v1").lines()).extracting(BasketLine::exitedAtMillis).containsExactly(1_000L);
    }

    @Test
    void shouldTakeTheLineOutOfTheOtherOpenBasketWhenTheEpcIsAttributedAgain() {
        Map<String, Visit> open = visits("v1", "v2");
        OpenBaskets.add(open, "v1", line(1_000));

        OpenBaskets.Result moved = OpenBaskets.add(open, "v2", line(30_000));

        assertThat(moved.outcome()).isEqualTo(OpenBaskets.Outcome.MOVED);
        assertThat(moved.changed()).extracting(Visit::visitId).containsExactlyInAnyOrder("v1", "v2");
        assertThat(open.get("v1").lines()).isEmpty();
        assertThat(open.get("v2").lines()).extracting(BasketLine::epc).containsExactly(EPC);
    }

    @Test
    void shouldNeverHoldOneEpcTwiceWhenAVisitAddsItDirectly() {
        Visit visit = Visit.entered("store-1", "v1", "c1", 0);

        Visit twice = visit.withLine(line(1_000)).withLine(line(1_200));

        assertThat(twice.lines()).hasSize(1);
    }

    private static Map<String, Visit> visits(String... ids) {
        Map<String, Visit> open = new LinkedHashMap<>();
        for (String id : ids) {
            open.put(id, Visit.entered("store-1", id, "c-" + id, 0));
        }
        return open;
    }

    private static BasketLine line(long exitedAtMillis) {
        return new BasketLine(EPC, exitedAtMillis, new Evidence(3, List.of("A1", "EXIT"), exitedAtMillis - 300,
                exitedAtMillis, exitedAtMillis, 0.9, 0.9, null));
    }
}
