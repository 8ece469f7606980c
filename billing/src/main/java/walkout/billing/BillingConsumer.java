package walkout.billing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.topic.Topics;

/**
 * Billing's one consumer thread: polls customers, baskets and alerts (read_committed, manual commits), does the
 * ledger work for each record in order, commits offsets only after that work, then publishes the outbox. A record
 * whose processing fails (database down) is not skipped: its partition is rewound, the offsets done so far are
 * committed and the loop backs off before trying again. Within a batch customers go first; a basket whose customer
 * is not recorded while the customers topic still has unread records is deferred (baskets paused) until that
 * topic is caught up, so a restart with a backlog does not fail baskets whose customer is in the backlog.
 * PENDING orders are retried at start and periodically.
 * Owns the {@link Consumer}; {@link #stop()} may be called from any thread.
 */
final class BillingConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BillingConsumer.class);
    private static final long BACKOFF_MS = 1_000;
    // Cheap: the query only returns orders whose backoff is over.
    private static final long RESUME_PENDING_EVERY_MS = 1_000;
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<String, byte[]> consumer;
    private final RecordDispatcher dispatcher;
    private final BasketHandler baskets;
    private final OutboxPublisher publisher;
    private final BillingMetrics metrics;
    private final Duration pollTimeout;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean healthy;
    private boolean basketsPaused;

    BillingConsumer(Consumer<String, byte[]> consumer, RecordDispatcher dispatcher, BasketHandler baskets,
                    OutboxPublisher publisher, BillingMetrics metrics, Duration pollTimeout, Clock clock) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.baskets = Objects.requireNonNull(baskets, "baskets");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** True once a loop round reached the database without error, false after a failed one. */
    boolean healthy() {
        return healthy;
    }

    void stop() {
        stopping = true;
        stopped.countDown();
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.CUSTOMERS.name(), Topics.BASKETS.name(), Topics.ALERTS.name()));
            long nextResumeMillis = 0;
            while (!stopping) {
                try {
                    if (clock.millis() >= nextResumeMillis) {
                        int settled = baskets.resumePending();
                        if (settled > 0) {
                            LOG.info("settled {} PENDING orders", settled);
                        }
                        nextResumeMillis = clock.millis() + RESUME_PENDING_EVERY_MS;
                    }
                    boolean allDone = process(consumer.poll(pollTimeout));
                    publisher.publishPending();
                    healthy = allDone;
                    if (!allDone) {
                        backOff();
                    }
                } catch (WakeupException e) {
                    if (!stopping) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    healthy = false;
                    metrics.recordFailures.increment();
                    LOG.warn("billing loop failed, retrying in {} ms: {}", BACKOFF_MS, e.toString());
                    backOff();
                }
            }
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("billing consumer stopped on an unexpected error", e);
            throw e;
        } finally {
            closeConsumer();
        }
    }

    /** Returns false when a record failed and its partition was rewound. */
    private boolean process(ConsumerRecords<String, byte[]> records) {
        if (basketsPaused && customersCaughtUp()) {
            consumer.resume(basketPartitions());
            basketsPaused = false;
            LOG.info("customers caught up, baskets resumed");
        }
        if (records.isEmpty()) {
            return true;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean failed = false;
        for (TopicPartition tp : inProcessingOrder(records.partitions())) {
            if (failed) {
                break;
            }
            for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                boolean handled;
                try {
                    handled = dispatcher.dispatch(record, this::customersCaughtUp);
                } catch (RuntimeException e) {
                    metrics.recordFailures.increment();
                    LOG.warn("topic={} partition={} offset={}: processing failed, will retry: {}", record.topic(),
                            record.partition(), record.offset(), e.toString());
                    failed = true;
                    break;
                }
                if (!handled) {
                    // Deferred basket: replay this partition from here once the customers topic is read up to its end.
                    consumer.seek(tp, record.offset());
                    consumer.pause(basketPartitions());
                    basketsPaused = true;
                    break;
                }
                done.put(tp, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (failed) {
            // Rewind every partition of this batch to its first unprocessed record: nothing may be skipped.
            for (TopicPartition tp : records.partitions()) {
                OffsetAndMetadata next = done.get(tp);
                consumer.seek(tp, next != null ? next.offset() : records.records(tp).get(0).offset());
            }
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
        return !failed;
    }

    /** Customers before alerts before baskets: a basket's customer recorded in the same batch is known in time. */
    private static List<TopicPartition> inProcessingOrder(Set<TopicPartition> partitions) {
        List<TopicPartition> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparingInt((TopicPartition tp) -> rank(tp.topic())).thenComparing(
                TopicPartition::partition));
        return ordered;
    }

    private static int rank(String topic) {
        if (topic.equals(Topics.CUSTOMERS.name())) {
            return 0;
        }
        return topic.equals(Topics.ALERTS.name()) ? 1 : 2;
    }

    private List<TopicPartition> basketPartitions() {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (tp.topic().equals(Topics.BASKETS.name())) {
                out.add(tp);
            }
        }
        return out;
    }

    /** True when every assigned customers partition has been read up to its end (last stable offset). */
    private boolean customersCaughtUp() {
        Set<TopicPartition> customers = new HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (tp.topic().equals(Topics.CUSTOMERS.name())) {
                customers.add(tp);
            }
        }
        if (customers.isEmpty()) {
            return true;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(customers, END_OFFSETS_TIMEOUT);
        for (TopicPartition tp : customers) {
            Long end = ends.get(tp);
            if (end != null && consumer.position(tp, END_OFFSETS_TIMEOUT) < end) {
                return false;
            }
        }
        return true;
    }

    private void backOff() {
        try {
            stopped.await(BACKOFF_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private void closeConsumer() {
        try {
            // Leave the group now so a restarted billing gets its partitions without waiting out the session.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.warn("closing the billing consumer failed: {}", e.toString());
        }
    }
}
