package walkout.billing.ledger;

/** A message to publish after the transaction that wrote it commits. {@code outboxId} is 0 before insert. */
public record OutboxMessage(long outboxId, String topic, String key, String payload, long createdAtMillis) {
    public static OutboxMessage of(String topic, String key, String payload, long createdAtMillis) {
        return new OutboxMessage(0, topic, key, payload, createdAtMillis);
    }
}
