package walkout.store.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.AlertRaised;
import walkout.events.AlertType;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.ItemSold;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;
import walkout.store.config.StoreLayout;
import walkout.store.sim.EventTimeSimulation;
import walkout.store.sim.Physics;
import walkout.store.sim.ShopperTruth;
import walkout.tracking.TrackingConfig;
import walkout.tracking.TrackingTopology;

/**
 * Runs one scenario and seed through the real tracking topology and scores it against the simulator's truth.
 *
 * <p>The simulator plays the store in event time ({@link EventTimeSimulation}); its tag reads and shopper events go
 * into the same {@link TrackingTopology}, with the same persistent stores, in a {@link TopologyTestDriver} whose wall
 * clock never moves, so only stream time (the records) drives decisions, as in a replay. Billing's part is played
 * back: every closed basket's lines come back as {@link ItemSold} events, as billing publishes them after charging.
 * The store is played in the world of the evaluation's {@link Physics}.
 */
public final class Evaluation {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
    /** Event time the runs start at: fixed, so a seed always gives the same records. */
    static final long START_MILLIS = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();

    private final StoreLayout layout;
    private final List<String> gtins;
    private final TrackingConfig tracking;
    private final Physics physics;

    /** An evaluation in the {@link Physics#FIRST} world. */
    public Evaluation(StoreLayout layout, List<String> gtins, TrackingConfig tracking) {
        this(layout, gtins, tracking, Physics.FIRST);
    }

    public Evaluation(StoreLayout layout, List<String> gtins, TrackingConfig tracking, Physics physics) {
        this.layout = layout;
        this.gtins = List.copyOf(gtins);
        this.tracking = tracking;
        this.physics = physics;
    }

    /** The world the scenarios are played in. */
    public Physics physics() {
        return physics;
    }

    /** The store's usual tracking settings for {@code layout}. */
    public static TrackingConfig trackingConfig(StoreLayout layout) {
        String exitZone = layout.exitZone().orElseThrow(
                () -> new IllegalArgumentException("layout=" + layout.store() + " has no exit zone")).id();
        return TrackingConfig.defaults("walkout-eval", "127.0.0.1:9", exitZone);
    }

    /** Plays {@code scenario} with {@code seed} and scores what tracking decided. */
    public EvalScore run(Scenario scenario, long seed) {
        Path stateDir = tempDir();
        try {
            return run(scenario, seed, stateDir);
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private EvalScore run(Scenario scenario, long seed, Path stateDir) {
        EventTimeSimulation sim = new EventTimeSimulation(scenario.simConfig(layout, gtins, seed),
                scenario.behaviour(), START_MILLIS, physics);
        Properties props = TrackingTopology.streamsProperties(tracking, stateDir);
        List<BasketClosed> baskets = new ArrayList<>();
        List<AlertRaised> alerts = new ArrayList<>();
        long[] records = new long[1];
        try (TopologyTestDriver driver = new TopologyTestDriver(new TrackingTopology(tracking).build(), props,
                Instant.ofEpochMilli(START_MILLIS))) {
            TestInputTopic<String, TagSeen> reads = input(driver, Topics.TAG_READS);
            TestInputTopic<String, ShopperEvent> shopperEvents = input(driver, Topics.SHOPPER_EVENTS);
            TestInputTopic<String, ItemSold> sold = input(driver, Topics.ITEMS_SOLD);
            TestOutputTopic<String, BasketClosed> basketOut = driver.createOutputTopic(Topics.BASKETS.name(),
                    Topics.BASKETS.keySerde().deserializer(), Topics.BASKETS.valueSerde().deserializer());
            TestOutputTopic<String, AlertRaised> alertOut = driver.createOutputTopic(Topics.ALERTS.name(),
                    Topics.ALERTS.keySerde().deserializer(), Topics.ALERTS.valueSerde().deserializer());
            sim.run(new EventTimeSimulation.Sink() {
                @Override
                public void onTagSeen(TagSeen read) {
                    records[0]++;
                    reads.pipeInput(read.storeId(), read, read.atMillis());
                }

                @Override
                public void onShopperEvent(ShopperEvent event) {
                    records[0]++;
                    shopperEvents.pipeInput(event.storeId(), event, event.atMillis());
                }

                @Override
                public void onTick(long atMillis) {
                    if (!alertOut.isEmpty()) {
                        alerts.addAll(alertOut.readValuesToList());
                    }
                    if (basketOut.isEmpty()) {
                        return;
                    }
                    for (BasketClosed basket : basketOut.readValuesToList()) {
                        baskets.add(basket);
                        for (BasketLine line : basket.lines()) {
                            sold.pipeInput(basket.storeId(), new ItemSold(basket.storeId(), line.epc(),
                                    basket.visitId(), "order-" + basket.visitId(), atMillis), atMillis);
                        }
                    }
                }
            });
            alerts.addAll(alertOut.readValuesToList());
            baskets.addAll(basketOut.readValuesToList());
        }
        return score(sim, baskets, alerts, records[0]);
    }

    static EvalScore score(EventTimeSimulation sim, List<BasketClosed> baskets, List<AlertRaised> alerts,
                           long records) {
        Map<String, String> takenBy = new HashMap<>();
        for (ShopperTruth truth : sim.truth()) {
            for (String epc : truth.epcsOut()) {
                takenBy.put(epc, truth.customerId());
            }
        }
        Set<String> unpaid = new HashSet<>(sim.unpaidOut());
        long linesCharged = 0;
        long linesRight = 0;
        Set<String> chargedRight = new HashSet<>();
        Map<String, Integer> chargesPerEpc = new HashMap<>();
        for (BasketClosed basket : baskets) {
            for (BasketLine line : basket.lines()) {
                linesCharged++;
                chargesPerEpc.merge(line.epc(), 1, Integer::sum);
                if (basket.customerId().equals(takenBy.get(line.epc()))) {
                    linesRight++;
                    chargedRight.add(line.epc());
                } else {
                    LOG.debug("wrong line: epc={} charged to visit={} taken by customer={} unpaid={} evidence={}",
                            line.epc(), basket.visitId(), takenBy.get(line.epc()), unpaid.contains(line.epc()),
                            line.evidence());
                }
            }
        }
        long duplicates = chargesPerEpc.values().stream().mapToLong(n -> n - 1).sum();
        Set<String> held = new HashSet<>();
        Set<String> unpaidDetected = new HashSet<>();
        Set<String> falseAlarms = new HashSet<>();
        for (AlertRaised alert : alerts) {
            if (alert.type() == AlertType.AMBIGUOUS && takenBy.containsKey(alert.epc())) {
                held.add(alert.epc());
            } else if (alert.type() == AlertType.UNPAID_EXIT) {
                if (unpaid.contains(alert.epc())) {
                    unpaidDetected.add(alert.epc());
                } else {
                    falseAlarms.add(alert.alertId());
                    LOG.debug("false alarm: {} taken by customer={}", alert.alertId(), takenBy.get(alert.epc()));
                }
            }
        }
        for (Map.Entry<String, String> taken : takenBy.entrySet()) {
            if (!chargedRight.contains(taken.getKey())) {
                LOG.debug("missed: epc={} taken by customer={} held={}", taken.getKey(), taken.getValue(),
                        held.contains(taken.getKey()));
            }
        }
        long itemExits = takenBy.size() + unpaid.size() + sim.boughtOutAgain().size();
        Set<String> together = new HashSet<>();
        for (ShopperTruth truth : sim.truth()) {
            if (sim.walkedTogether().contains(truth.visitId())) {
                together.addAll(truth.epcsOut());
            }
        }
        long chargedRightTogether = chargedRight.stream().filter(together::contains).count();
        return new EvalScore(1, takenBy.size(), linesCharged, linesRight, chargedRight.size(), held.size(),
                unpaid.size(), unpaidDetected.size(), falseAlarms.size(), itemExits, duplicates, records,
                together.size(), chargedRightTogether);
    }

    private static <V> TestInputTopic<String, V> input(TopologyTestDriver driver, Topic<V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("walkout-eval-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the eval", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // The state is scratch: a leftover directory in tmp is harmless, but say so.
            LOG.warn("eval: could not delete the scratch state directory {}: {}", dir, e.getMessage());
        }
    }
}
