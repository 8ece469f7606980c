package walkout.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.EpochClock;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.BeaconSighted;
import walkout.events.CustomerRegistered;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.topic.Topics;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.JournalRetention;
import walkout.ingest.journal.JournalRollCycle;
import walkout.ingest.journal.TagReadBatch;
import walkout.ingest.llrp.LlrpMessageHandler;

class RelayAgentTest {
    private static final List<ReaderConfig> READERS = List.of(
            new ReaderConfig("r-a1", "127.0.0.1", 5084, Map.of(1, AntennaConfig.of("A1"))),
            new ReaderConfig("r-exit", "127.0.0.1", 5085, Map.of(1, new AntennaConfig("EXIT", PortalSide.INNER),
                    2, new AntennaConfig("EXIT", PortalSide.OUTER))));

    @TempDir
    Path dir;

    private Journal journal;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private long nowMs = 1_000;
    private final EpochClock clock = () -> nowMs;

    @BeforeEach
    void open() {
        journal = Journal.open(dir);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private RelayAgent agent(MockProducer<String, byte[]> producer, DeliveredPosition position) {
        RelayAgent agent = new RelayAgent("store-1", READERS, journal, producer, position, meters, clock, 500);
        agent.onStart();
        return agent;
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private static void drain(RelayAgent agent) {
        while (agent.doWork() > 0) {
            // until idle
        }
    }

    @Test
    void shouldProduceEveryRecordTypeKeyedByStoreWithEventTimeWhenDelivered() {
        long tagIndex = journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 0x00001A85, 2, -58,
                1_763_820_000_123_456L, 1_763_820_000_373_456L, 7);
        long entryIndex = journal.appendShopperEntered("v-1", "c-1", "g-entry", 1_763_820_000_000L);
        journal.appendBeaconSighted("c-1", "b-a1", "A1", -61, 1_763_820_000_500L);
        long lastIndex = journal.appendCustomerRegistered("c-2", "Ada", "pm_card_visa", 1_763_820_000_900L);
        MockProducer<String, byte[]> producer = producer(true);

        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = agent(producer, position);
            drain(agent);

            List<ProducerRecord<String, byte[]>> sent = producer.history();
            assertThat(sent).extracting(ProducerRecord::topic).containsExactly(Topics.TAG_READS.name(),
                    Topics.SHOPPER_EVENTS.name(), Topics.SHOPPER_EVENTS.name(), Topics.CUSTOMERS.name());
            assertThat(sent).extracting(ProducerRecord::key).containsOnly("store-1");
            assertThat(sent).extracting(ProducerRecord::timestamp).containsExactly(1_763_820_000_123L,
                    1_763_820_000_000L, 1_763_820_000_500L, 1_763_820_000_900L);

            TagSeen tag = Topics.TAG_READS.valueSerde().deserializer().deserialize("t", sent.get(0).value());
            assertThat(tag).isEqualTo(new TagSeen("store-1", "r-exit:" + tagIndex, "r-exit", 2, "EXIT",
                    PortalSide.OUTER, "3074257BF7194E4000001A85", 1_763_820_000_123_456L, 1_763_820_000_373_456L,
                    -5800, 7));
            ShopperEvent entry = Topics.SHOPPER_EVENTS.valueSerde().deserializer().deserialize("t",
                    sent.get(1).value());
            assertThat(entry).isInstanceOfSatisfying(ShopperEntered.class, e -> {
                assertThat(e.visitId()).isEqualTo("v-1");
                assertThat(e.customerId()).isEqualTo("c-1");
            });
            assertThat(Topics.SHOPPER_EVENTS.valueSerde().deserializer().deserialize("t", sent.get(2).value()))
                    .isEqualTo(new BeaconSighted("store-1", "c-1", "b-a1", "A1", -61, 1_763_820_000_500L));
            assertThat(Topics.CUSTOMERS.valueSerde().deserializer().deserialize("t", sent.get(3).value()))
                    .isEqualTo(new CustomerRegistered("store-1", "c-2", "Ada", "pm_card_visa", 1_763_820_000_900L));

            assertThat(position.delivered()).isEqualTo(lastIndex).isGreaterThan(entryIndex);
            assertThat(agent.relayed()).isEqualTo(4);
            assertThat(meters.get("walkout.ingest.reads.non.sgtin").counter().count()).isZero();
            assertThat(agent.isUp()).isTrue();
            agent.onClose();
        }
    }

    @Test
    void shouldMoveDeliveredIndexOnlyWithAcknowledgementsAndResendAfterAFailure() {
        long first = journal.appendShopperEntered("v-1", "c-1", "g", 1);
        long second = journal.appendShopperEntered("v-2", "c-1", "g", 2);
        long third = journal.appendShopperEntered("v-3", "c-1", "g", 3);
        MockProducer<String, byte[]> producer = producer(false);

        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = agent(producer, position);
            drain(agent);
            assertThat(producer.history()).hasSize(3);
            assertThat(position.delivered()).isEqualTo(-1);

            producer.completeNext();
            assertThat(position.delivered()).isEqualTo(first);

            producer.errorNext(new TimeoutException("broker unreachable"));
            assertThat(agent.isUp()).isFalse();
            assertThat(position.delivered()).isEqualTo(first);

            // recovery: waits for what is in flight, rewinds after the delivered index, waits retryDelayMs
            assertThat(agent.doWork()).isEqualTo(1);
            assertThat(position.delivered()).isEqualTo(first);
            assertThat(agent.doWork()).isZero();
            nowMs += 500;
            drain(agent);

            assertThat(producer.history()).hasSize(5);
            assertThat(producer.history().subList(3, 5)).extracting(ProducerRecord::timestamp).containsExactly(2L, 3L);
            producer.completeNext();
            producer.completeNext();
            assertThat(position.delivered()).isEqualTo(third).isGreaterThan(second);
            assertThat(agent.isUp()).isTrue();
            assertThat(meters.get("walkout.ingest.relay.send.failures").counter().count()).isEqualTo(1.0);
            agent.onClose();
        }
    }

    @Test
    void shouldLetRetentionDeleteOldCyclesOnlyOnceKafkaAcknowledgedThem() throws IOException {
        long day = 86_400_000L;
        SetTimeProvider time = new SetTimeProvider(Instant.parse("2026-11-01T10:00:00Z"));
        Path retainedDir = dir.resolve("retained");
        try (Journal daily = Journal.open(retainedDir, JournalRollCycle.DAILY, time);
             DeliveredPosition position = DeliveredPosition.open(dir)) {
            daily.appendShopperEntered("v-1", "c-1", "g", 1);
            time.advanceMillis(day);
            daily.appendShopperEntered("v-2", "c-1", "g", 2);
            time.advanceMillis(4 * day);
            daily.appendShopperEntered("v-3", "c-1", "g", 3);
            MockProducer<String, byte[]> producer = producer(false);
            RelayAgent agent = new RelayAgent("store-1", READERS, daily, producer, position, meters, clock, 500);
            agent.onStart();
            JournalRetention retention = new JournalRetention(daily, 1, position::delivered, clock, 1);
            drain(agent);
            assertThat(producer.history()).hasSize(3);

            // sent but not acknowledged: Nov 1 and 2 are old enough, yet stay
            assertThat(retention.doWork()).isZero();
            assertThat(cycleFiles(retainedDir)).containsExactly("20261101F.cq4", "20261102F.cq4", "20261106F.cq4");

            producer.completeNext();
            producer.completeNext();
            nowMs += 1;
            assertThat(retention.doWork()).isEqualTo(1);
            assertThat(cycleFiles(retainedDir)).containsExactly("20261102F.cq4", "20261106F.cq4");

            producer.completeNext();
            nowMs += 1;
            assertThat(retention.doWork()).isEqualTo(1);
            assertThat(cycleFiles(retainedDir)).containsExactly("20261106F.cq4");
            agent.onClose();
        }
    }

    private static List<String> cycleFiles(Path journalDir) throws IOException {
        try (Stream<Path> files = Files.list(journalDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    void shouldResumeAfterTheRecordedPositionWhenRestarted() {
        journal.appendShopperEntered("v-1", "c-1", "g", 1);
        journal.appendShopperEntered("v-2", "c-1", "g", 2);
        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = agent(producer(true), position);
            drain(agent);
            agent.onClose();
        }
        long third = journal.appendShopperEntered("v-3", "c-1", "g", 3);

        MockProducer<String, byte[]> producer = producer(true);
        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = agent(producer, position);
            drain(agent);

            assertThat(producer.history()).extracting(ProducerRecord::timestamp).containsExactly(3L);
            assertThat(position.delivered()).isEqualTo(third);
            agent.onClose();
        }
    }

    @Test
    void shouldDropAndCountReadsFromAntennasNotInTheLayoutButStillAdvance() {
        journal.appendTagRead("r-a1", 1, 1, 9, -50, 1000, 1000, 1);
        journal.appendTagRead("r-unknown", 1, 1, 1, -50, 1000, 1000, 1);
        long known = journal.appendTagRead("r-a1", 1, 2, 1, LlrpMessageHandler.NO_RSSI, 2000, 2000, 1);
        MockProducer<String, byte[]> producer = producer(true);

        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = agent(producer, position);
            drain(agent);

            assertThat(producer.history()).hasSize(1);
            TagSeen tag = Topics.TAG_READS.valueSerde().deserializer().deserialize("t",
                    producer.history().get(0).value());
            assertThat(tag.zone()).isEqualTo("A1");
            assertThat(tag.side()).isEqualTo(PortalSide.NONE);
            assertThat(tag.epc()).isEqualTo("000000000000000100000002");
            assertThat(tag.peakRssiCdbm()).isEqualTo(Integer.MIN_VALUE);
            assertThat(meters.get("walkout.ingest.relay.dropped").counter().count()).isEqualTo(2.0);
            assertThat(meters.get("walkout.ingest.reads.non.sgtin").counter().count()).isEqualTo(3.0);
            assertThat(position.delivered()).isEqualTo(known);
            agent.onClose();
        }
    }
    private RelayAgent smoothingAgent(MockProducer<String, byte[]> producer, DeliveredPosition position) {
        RelayAgent agent = new RelayAgent("store-1", READERS, journal, producer, position, meters, clock, 500, 250);
        agent.onStart();
        return agent;
    }

    private static TagSeen tag(ProducerRecord<String, byte[]> record) {
        return Topics.TAG_READS.valueSerde().deserializer().deserialize("t", record.value());
    }

    @Test
    void shouldRelayOneSmoothedRecordPerAntennaAndHoldTheDeliveredIndexUntilAcknowledged() {
        long t0 = 1_763_820_000_000_000L;
        long innerFirst = journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 0x1A85, 1, -60, t0, t0 + 10_000, 2);
        long outerFirst = journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 0x1A85, 2, -66, t0 + 120_000,
                t0 + 130_000, 1);
        journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 0x1A85, 1, -54, t0 + 100_000, t0 + 110_000, 3);
        long last = journal.appendTagRead("r-exit", 0x3074257BF7194E40L, 0x1A85, 2, -70, t0 + 200_000,
                t0 + 240_000, 2);
        MockProducer<String, byte[]> producer = producer(false);

        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = smoothingAgent(producer, position);
            drain(agent);
            assertThat(producer.history()).isEmpty();
            assertThat(agent.openWindows()).isEqualTo(2);

            nowMs += 500; // the reader says nothing more: the idle flush closes both windows
            drain(agent);

            assertThat(producer.history()).extracting(RelayAgentTest::tag).containsExactly(
                    new TagSeen("store-1", "r-exit:" + innerFirst, "r-exit", 1, "EXIT", PortalSide.INNER,
                            "3074257BF7194E4000001A85", t0, t0 + 110_000, -5400, 5),
                    new TagSeen("store-1", "r-exit:" + outerFirst, "r-exit", 2, "EXIT", PortalSide.OUTER,
                            "3074257BF7194E4000001A85", t0 + 120_000, t0 + 240_000, -6600, 3));
            assertThat(producer.history()).extracting(ProducerRecord::timestamp)
                    .containsExactly(t0 / 1000, (t0 + 120_000) / 1000);
            assertThat(position.delivered()).isEqualTo(-1);

            producer.completeNext();
            assertThat(position.delivered()).isEqualTo(innerFirst);
            producer.completeNext();
            assertThat(position.delivered()).isEqualTo(last);
            agent.onClose();
        }
    }

    @Test
    void shouldGiveEachReadOfAReportRecordItsOwnIdAndDeliverTheRecordOnlyOnceAllOfItIsAcknowledged() {
        long t0 = 1_763_820_000_000_000L;
        long entry = journal.appendShopperEntered("v-1", "c-1", "g-entry", t0 / 1000);
        TagReadBatch batch = new TagReadBatch(4);
        for (int tag = 1; tag <= 3; tag++) {
            batch.add(0x3074257BF7194E40L, tag, 1, -60 - tag, t0 + tag, t0 + tag, 1);
        }
        long report = journal.appendTagReads("r-a1", batch);
        MockProducer<String, byte[]> producer = producer(false);

        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = agent(producer, position);
            drain(agent);
            assertThat(producer.history()).hasSize(4);
            assertThat(producer.history().subList(1, 4)).extracting(RelayAgentTest::tag)
                    .extracting(TagSeen::recordId, TagSeen::epc)
                    .containsExactly(tuple("r-a1:" + report, "3074257BF7194E4000000001"),
                            tuple("r-a1:" + report + ".1", "3074257BF7194E4000000002"),
                            tuple("r-a1:" + report + ".2", "3074257BF7194E4000000003"));

            producer.completeNext();
            producer.completeNext();
            producer.completeNext();
            // one read of the report is still in flight: a restart must send the report again
            assertThat(position.delivered()).isEqualTo(entry);
            producer.completeNext();
            assertThat(position.delivered()).isEqualTo(report);
            agent.onClose();
        }
    }

    @Test
    void shouldOpenOneWindowPerTagOfAReportRecordEachWithItsOwnRecordId() {
        long t0 = 1_763_820_000_000_000L;
        TagReadBatch batch = new TagReadBatch(4);
        batch.add(0x3074257BF7194E40L, 1, 1, -60, t0, t0, 1);
        batch.add(0x3074257BF7194E40L, 2, 1, -61, t0, t0, 1);
        batch.add(0x3074257BF7194E40L, 1, 1, -50, t0 + 10, t0 + 10, 1);
        long report = journal.appendTagReads("r-a1", batch);
        MockProducer<String, byte[]> producer = producer(true);

        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = smoothingAgent(producer, position);
            drain(agent);
            nowMs += 500;
            drain(agent);

            assertThat(producer.history()).extracting(RelayAgentTest::tag)
                    .extracting(TagSeen::recordId, TagSeen::epc, TagSeen::seenCount)
                    .containsExactly(tuple("r-a1:" + report, "3074257BF7194E4000000001", 2),
                            tuple("r-a1:" + report + ".1", "3074257BF7194E4000000002", 1));
            assertThat(position.delivered()).isEqualTo(report);
            agent.onClose();
        }
    }

    @Test
    void shouldRebuildOpenWindowsFromTheJournalWhenRestartedBeforeTheyWereSent() {
        long t0 = 1_763_820_000_000_000L;
        long first = journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 1, 1, -60, t0, t0, 1);
        journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 1, 1, -50, t0 + 50_000, t0 + 50_000, 1);
        MockProducer<String, byte[]> lost = producer(false);
        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = smoothingAgent(lost, position);
            drain(agent);
            nowMs += 500;
            drain(agent);
            assertThat(lost.history()).hasSize(1);
            // the process dies before Kafka answers: nothing acknowledged
        }

        MockProducer<String, byte[]> producer = producer(true);
        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = smoothingAgent(producer, position);
            drain(agent);
            nowMs += 500;
            drain(agent);

            assertThat(producer.history()).extracting(RelayAgentTest::tag)
                    .extracting(TagSeen::recordId, TagSeen::seenCount, TagSeen::peakRssiCdbm)
                    .containsExactly(tuple("r-a1:" + first, 2, -5000));
            agent.onClose();
        }
    }

    @Test
    void shouldResendOpenWindowsFromTheDeliveredIndexAfterASendFailure() {
        long t0 = 1_763_820_000_000_000L;
        long first = journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 1, 1, -60, t0, t0, 1);
        long second = journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 2, 1, -60, t0, t0, 1);
        MockProducer<String, byte[]> producer = producer(false);
        try (DeliveredPosition position = DeliveredPosition.open(dir)) {
            RelayAgent agent = smoothingAgent(producer, position);
            drain(agent);
            nowMs += 500;
            drain(agent);
            producer.completeNext();
            producer.errorNext(new TimeoutException("broker unreachable"));

            agent.doWork(); // recover: rewind after the first window
            nowMs += 500;
            drain(agent);
            nowMs += 500;
            drain(agent);
            producer.completeNext();

            assertThat(producer.history()).extracting(RelayAgentTest::tag).extracting(TagSeen::recordId)
                    .containsExactly("r-a1:" + first, "r-a1:" + second,
                            "r-a1:" + second);
            assertThat(position.delivered()).isEqualTo(second);
            agent.onClose();
        }
    }
}
