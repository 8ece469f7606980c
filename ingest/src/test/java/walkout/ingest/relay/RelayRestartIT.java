package walkout.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.codec.DeviceTokenSigner;
import walkout.events.testing.TestKafka;
import walkout.events.topic.Topics;
import walkout.ingest.AntennaConfig;
import walkout.ingest.IngestApp;
import walkout.ingest.IngestConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.JournalTailer;
import walkout.ingest.journal.RecordingJournalHandler;

/**
 * Durability of the journal and relay, every journaled read reaching Kafka (repeats allowed: at least once): a child
 * JVM running ingest under load killed with SIGKILL and restarted on the same journal, and a Kafka broker stopped
 * for 20 s under load.
 */
class RelayRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void shouldRelayEveryJournaledReadWhenTheProcessIsKilledDuringLoadAndRestarted() throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        Path journalDir = dir.resolve("journal");
        try (TestKafka broker = new TestKafka(dir.resolve("broker")).start().createTopics()) {
            Process loaded = child(journalDir, broker.bootstrap(), "load");
            AtomicLong appended = new AtomicLong();
            Thread output = follow(loaded, appended);
            try {
                await().atMost(WAIT).until(() -> appended.get() >= 20_000);
            } finally {
                // kill -9: no shutdown hook, no flush, no CLOSE_CONNECTION
                loaded.destroyForcibly().waitFor();
                output.join();
            }

            Set<String> journaled = journaledRecordIds(journalDir);
            assertThat(journaled).hasSizeGreaterThanOrEqualTo(20_000);
            try (DeliveredPosition position = DeliveredPosition.open(journalDir)) {
                // killed mid-flight: Kafka had not acknowledged everything, so the restart has work to do
                assertThat(position.delivered()).isLessThan(lastIndex(journalDir));
            }

            Process drain = child(journalDir, broker.bootstrap(), "drain");
            Thread drainOutput = follow(drain, new AtomicLong());
            try {
                assertThat(relayedRecordIds(broker.bootstrap(), journaled)).containsAll(journaled);
            } finally {
                drain.destroy();
                drain.waitFor();
                drainOutput.join();
            }
        }
    }

    @Test
    void shouldRelayEveryReadJournaledDuringATwentySecondKafkaOutage() throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        Path journalDir = dir.resolve("journal");
        try (TestKafka broker = new TestKafka(dir.resolve("broker")).start().createTopics()) {
            Vertx vertx = Vertx.vertx();
            IngestConfig config = IngestConfig.defaults("store-1", List.of(new ReaderConfig(IngestChild.READER,
                    "127.0.0.1", 9, Map.of(1, AntennaConfig.of("A1")))), Map.of(), Set.of(), journalDir,
                    broker.bootstrap());
            IngestApp app = new IngestApp(vertx, config, new DeviceTokenSigner(
                    "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)), new SimpleMeterRegistry(),
                    Clock.systemUTC());
            app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            try (Journal journal = Journal.open(journalDir)) {
                long baseMicros = System.currentTimeMillis() * 1000;
                AtomicLong n = new AtomicLong();
                Runnable load = () -> {
                    for (int i = 0; i < 100; i++) {
                        long at = baseMicros + n.incrementAndGet() * 1_000L;
                        journal.appendTagRead(IngestChild.READER, 0x3074257BF7194E40L, (int) n.get(), 1, -60, at, at,
                                1);
                    }
                };
                await().atMost(WAIT).until(() -> {
                    load.run();
                    return app.journalRelayed() > 0;
                });

                broker.stop();
                long downSinceMs = System.currentTimeMillis();
                // load keeps coming for the whole outage; the journal takes it
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    load.run();
                    return System.currentTimeMillis() - downSinceMs >= 20_000;
                });
                await().atMost(WAIT).until(() -> !app.relayUp());
                broker.start();

                Set<String> journaled = journaledRecordIds(journalDir);
                assertThat(journaled).hasSizeGreaterThan(10_000);
                assertThat(relayedRecordIds(broker.bootstrap(), journaled)).containsAll(journaled);
                await().atMost(WAIT).until(app::relayUp);
            } finally {
                app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the tag topic from the start until every expected record id has been seen (or the wait ends). */
    private static Set<String> relayedRecordIds(String bootstrap, Set<String> expected) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TAG_READS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<String> relayed = new HashSet<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    relayed.add(Topics.TAG_READS.valueSerde().deserializer()
                            .deserialize(record.topic(), record.value()).recordId());
                }
                return relayed.containsAll(expected);
            });
            return relayed;
        }
    }

    private static long lastIndex(Path journalDir) {
        RecordingJournalHandler handler = new RecordingJournalHandler();
        try (Journal journal = Journal.open(journalDir); JournalTailer tailer = journal.tailer()) {
            while (tailer.readNext(handler) >= 0) {
                // to the end
            }
        }
        return handler.indexes.get(handler.indexes.size() - 1);
    }

    /** Every journaled tag read as the record id the relay gives it when each read is its own window. */
    private static Set<String> journaledRecordIds(Path journalDir) {
        RecordingJournalHandler handler = new RecordingJournalHandler();
        try (Journal journal = Journal.open(journalDir); JournalTailer tailer = journal.tailer()) {
            while (tailer.readNext(handler) >= 0) {
                // everything the killed process journaled
            }
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < handler.lines.size(); i++) {
            if (handler.lines.get(i).startsWith("tag ")) {
                ids.add(IngestChild.READER + ":" + handler.indexes.get(i));
            }
        }
        return ids;
    }

    private static Process child(Path journalDir, String bootstrap, String mode) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the Chronicle/Agrona flags this JVM runs with
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle.")) {
                command.add(argument);
            }
        }
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IngestChild.class.getName());
        command.add(journalDir.toString());
        command.add(bootstrap);
        command.add(mode);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Echoes the child's output and keeps the last {@code appended N} it printed. */
    private static Thread follow(Process process, AtomicLong appended) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("appended ")) {
                        appended.set(Long.parseLong(line.substring("appended ".length())));
                    } else {
                        System.out.println("child: " + line);
                    }
                }
            } catch (IOException e) {
                System.out.println("child output ended: " + e);
            }
        }, "child-output");
        thread.start();
        return thread;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return new KafkaConsumer<>(props);
    }
}
