package walkout.store;

import java.nio.file.Files;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.JournalRollCycle;
import walkout.ingest.relay.JournalReplay;
import walkout.store.kafka.EmbeddedKafka;

/**
 * {@code ./walkout replay}: re-publishes a range of the journal's raw tag reads to a named topic, for audit or to
 * feed tracking again with other settings. Run it while the store is stopped (the journal and, without --kafka,
 * the embedded broker's log belong to the running store).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-publish a range of the journal's raw tag reads to a Kafka topic (audit, re-tuning).",
            "Run it while the store is stopped. Without --kafka it starts the store's embedded broker."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin
    StoreOptions options;

    @Option(names = "--from", paramLabel = "TIME|INDEX",
            description = "First read: a journal index (digits) or an ISO-8601 time (2026-11-22T15:00:00Z). "
                    + "Default: the start of the journal.")
    String from;

    @Option(names = "--to", paramLabel = "TIME|INDEX",
            description = "Last read, as --from. Default: the end of the journal as of now.")
    String to;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "walkout.tag-reads.replay",
            description = "Topic to publish to (created when missing). Default: ${DEFAULT-VALUE}.")
    String topic;

    @Override
    public Integer call() throws Exception {
        StoreSettings settings = options.settings();
        StoreFiles files = StoreFiles.load(settings);
        Bound start = Bound.parse("--from", from);
        Bound end = Bound.parse("--to", to);
        if (!Files.isDirectory(settings.dataDir().resolve("journal"))) {
            throw new IllegalArgumentException("--data-dir=" + settings.dataDir() + " has no journal/ to replay");
        }
        EmbeddedKafka embedded = settings.kafka() == null ? new EmbeddedKafka(settings.dataDir()) : null;
        // the store's own roll cycle (same --journal-roll-cycle as the store ran with), so opening is quiet
        try (Journal journal = Journal.open(settings.dataDir().resolve("journal"),
                JournalRollCycle.parse(settings.ingest().journalRollCycle()), SystemTimeProvider.INSTANCE)) {
            String bootstrap = embedded != null ? embedded.start() : settings.kafka();
            createTopic(bootstrap, topic);
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all");
            long sent;
            try (KafkaProducer<String, byte[]> producer =
                         new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                sent = new JournalReplay(files.layout().store(), StoreApp.readerConfigs(files.layout()), journal)
                        .replay(start.index(), end.index(), start.millis(Long.MIN_VALUE), end.millis(Long.MAX_VALUE),
                                topic, producer);
                producer.flush();
            }
            System.out.println("Replayed " + sent + " tag reads from " + settings.dataDir().resolve("journal")
                    + " to topic " + topic + " at " + bootstrap);
            return WalkoutCli.EXIT_OK;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** One end of the range: a journal index, an event time, or open. */
    record Bound(long index, Long atMillis) {
        static Bound parse(String option, String text) {
            if (text == null || text.isBlank()) {
                return new Bound(-1, null);
            }
            if (text.matches("\\d+")) {
                return new Bound(Long.parseLong(text), null);
            }
            try {
                return new Bound(-1, Instant.parse(text).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + "=" + text
                        + ": expected a journal index or an ISO-8601 time like 2026-11-22T15:00:00Z");
            }
        }

        long millis(long open) {
            return atMillis == null ? open : atMillis;
        }
    }
}
