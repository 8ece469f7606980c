package walkout.store.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import walkout.events.BeaconSighted;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;

class EventTimeSimulationTest {
    private static final long START_MILLIS = 1_767_600_000_000L;
    /** Everything awkward, often, so one short run shows each behaviour. */
    private static final SimBehaviour AWKWARD = new SimBehaviour(5_000, 10_000, 24, 2000, 0.02, 0.2, 0.5, 0.3, 1.0,
            0.5, 0.5, 0.5);

    @Test
    void shouldReplaySameRunWhenSeedIsTheSame() {
        Recorded one = play(SimBehaviour.CALM, 3);
        Recorded two = play(SimBehaviour.CALM, 3);

        assertThat(one.reads).isNotEmpty();
        assertThat(one.reads).isEqualTo(two.reads);
        assertThat(one.events).isEqualTo(two.events);
    }

    @Test
    void shouldReadItemsInnerThenOuterWhenShoppersWalkOutCalmly() {
        Recorded run = play(SimBehaviour.CALM, 5);

        List<String> taken = run.sim.truth().stream().flatMap(t -> t.epcsOut().stream()).toList();
        assertThat(taken).isNotEmpty();
        Map<String, List<PortalSide>> portalSides = new HashMap<>();
        for (TagSeen read : run.reads) {
            if (read.side() != PortalSide.NONE) {
                portalSides.computeIfAbsent(read.epc(), epc -> new ArrayList<>()).add(read.side());
            }
        }
        for (String epc : taken) {
            List<PortalSide> sides = portalSides.getOrDefault(epc, List.of());
            assertThat(sides).as("portal reads of %s", epc).first().isEqualTo(PortalSide.INNER);
            assertThat(sides).contains(PortalSide.OUTER);
        }
        assertThat(run.sim.unpaidOut()).isEmpty();
        assertThat(run.sim.boughtOutAgain()).isEmpty();
        assertThat(run.reads).noneMatch(r -> r.side() == PortalSide.INNER && r.peakRssiCdbm() <= -7200);
    }

    @Test
    void shouldPlayEveryAwkwardBehaviourWhenAskedTo() {
        Recorded run = play(AWKWARD, 7);

        assertThat(run.sim.unpaidOut()).as("items carried out by people without the app").isNotEmpty();
        assertThat(run.sim.boughtOutAgain()).as("items carried out again after coming back in").isNotEmpty();
        assertThat(run.sim.walkedTogether()).as("families").isNotEmpty();
        assertThat(run.reads).as("stray reads on the inner antenna")
                .anyMatch(r -> r.side() == PortalSide.INNER && r.peakRssiCdbm() <= -7200);
        long entries = run.events.stream().filter(ShopperEntered.class::isInstance).count();
        assertThat(entries).as("returning shoppers scan in again").isGreaterThan(run.sim.truth().size());
        assertThat(run.events.stream().filter(BeaconSighted.class::isInstance).count()).isPositive();
    }

    private static Recorded play(SimBehaviour behaviour, long seed) {
        SimConfig config = SimFixtures.config(12, 10 * 60_000L, seed);
        EventTimeSimulation sim = new EventTimeSimulation(config, behaviour, START_MILLIS);
        Recorded recorded = new Recorded(sim);
        sim.run(new EventTimeSimulation.Sink() {
            @Override
            public void onTagSeen(TagSeen read) {
                recorded.reads.add(read);
            }

            @Override
            public void onShopperEvent(ShopperEvent event) {
                recorded.events.add(event);
            }

            @Override
            public void onTick(long atMillis) {
                // Nothing to feed back here.
            }
        });
        return recorded;
    }

    private static final class Recorded {
        final EventTimeSimulation sim;
        final List<TagSeen> reads = new ArrayList<>();
        final List<ShopperEvent> events = new ArrayList<>();

        Recorded(EventTimeSimulation sim) {
            this.sim = sim;
        }
    }
}
