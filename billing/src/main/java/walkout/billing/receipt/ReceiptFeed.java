package walkout.billing.receipt;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Receipts pushed to the devices listening for them ({@code GET /v1/events}), per customer. In-process: a device
 * that is not connected when its order is charged reads the receipt at {@code GET /v1/visits/{id}/receipt}.
 * Thread-safe; sinks are called on the publishing thread and must hand the write to their own event loop.
 */
public final class ReceiptFeed {
    private final ConcurrentHashMap<String, Set<Consumer<JsonObject>>> byCustomer = new ConcurrentHashMap<>();

    /** Adds a device of {@code customerId}; closing the returned handle removes it. */
    public AutoCloseable subscribe(String customerId, Consumer<JsonObject> sink) {
        byCustomer.computeIfAbsent(customerId, k -> new CopyOnWriteArraySet<>()).add(sink);
        return () -> byCustomer.computeIfPresent(customerId, (k, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        });
    }

    /** Sends the receipt to every device of the customer listening now; returns how many there were. */
    public int publish(String customerId, JsonObject receipt) {
        Set<Consumer<JsonObject>> sinks = byCustomer.get(customerId);
        if (sinks == null) {
            return 0;
        }
        for (Consumer<JsonObject> sink : sinks) {
            sink.accept(receipt);
        }
        return sinks.size();
    }

    /** Whether any device of {@code customerId} listens. */
    public boolean listening(String customerId) {
        return byCustomer.containsKey(customerId);
    }

    /** Devices listening now, all customers together. */
    public int devices() {
        return byCustomer.values().stream().mapToInt(Set::size).sum();
    }
}
