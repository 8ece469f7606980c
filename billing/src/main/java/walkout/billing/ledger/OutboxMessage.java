package walkout.billing.ledger;

import java.nio.charset.StandardCharsets;
import walkout.events.topic.Topic;

/** A message to publish after the transaction that wrote it commits. {@code outboxId} is 0 before insert. */
public record OutboxMessage(long outboxId, String topic, String key, String payload, long createdAtMillis) {
    public static OutboxMessage of(String topic, String key, String payload, long createdAtMillis) {
        return new OutboxMessage(0, topic, key, payload, createdAtMillis);
    }

    /** An event for {@code topic}, serialized with the topic's own value serde. */
    public static <V> OutboxMessage event(Topic<V> topic, String key, V value, long createdAtMillis) {
        byte[] payload = topic.valueSerde().serializer().serialize(topic.name(), value);
        return of(topic.name(), key, new String(payload, StandardCharsets.UTF_8), createdAtMillis);
    }
}
