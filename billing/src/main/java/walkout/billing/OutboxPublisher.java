package walkout.billing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.OutboxMessage;

/**
 * Publishes the ledger's outbox to Kafka and stamps the rows sent once the broker acknowledged them. Delivery is
 * at least once (a crash between the acknowledgement and the stamp sends a row again): consumers of item-sold
 * and item-returned events treat them idempotently. Rows go out in write order; a failed row stops the batch so
 * later rows do not overtake it. Blocking; one thread.
 */
public final class OutboxPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);

    private final Ledger ledger;
    private final Producer<String, byte[]> producer;
    private final BillingMetrics metrics;
    private final Clock clock;
    private final int batchSize;

    public OutboxPublisher(Ledger ledger, Producer<String, byte[]> producer, BillingMetrics metrics, Clock clock,
                           int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize=" + batchSize + " must be > 0");
        }
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.batchSize = batchSize;
    }

    /** Sends one batch of unsent rows and marks the acknowledged ones sent. Returns how many were sent. */
    public int publishPending() {
        List<OutboxMessage> pending = ledger.unsentOutbox(batchSize);
        if (pending.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(pending.size());
        for (OutboxMessage m : pending) {
            sends.add(producer.send(new ProducerRecord<>(m.topic(), m.key(),
                    m.payload().getBytes(StandardCharsets.UTF_8))));
        }
        producer.flush();
        List<Long> sent = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            try {
                sends.get(i).get();
                sent.add(pending.get(i).outboxId());
            } catch (ExecutionException e) {
                metrics.outboxFailures.increment();
                LOG.warn("outbox={} topic={}: not acknowledged, will resend: {}", pending.get(i).outboxId(),
                        pending.get(i).topic(), e.getCause() == null ? e.toString() : e.getCause().toString());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ledger.markSent(sent, clock.millis());
        metrics.outboxSent.increment(sent.size());
        return sent.size();
    }
}
