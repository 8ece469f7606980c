package walkout.store.sim;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import walkout.events.TagSeen;

/**
 * Tag reads on their way to tracking in the {@link Physics#SECOND} world: each arrives a uniform 0..{@value
 * #MAX_DELAY_MS} ms after its event time, so reads of different readers, reports and rounds overtake each other.
 * Event times are never changed, only the order of arrival. Reads arriving at the same millisecond keep the order
 * they were sent in.
 *
 * <p>Not thread-safe.
 */
final class LateDelivery {
    static final long MAX_DELAY_MS = 100;

    private record InFlight(long arriveAtMillis, long sequence, TagSeen read) {
    }

    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>(
            Comparator.comparingLong(InFlight::arriveAtMillis).thenComparingLong(InFlight::sequence));
    private final Random random;
    private long sequence;

    LateDelivery(Random random) {
        this.random = random;
    }

    /** Puts {@code read} on its way. */
    void send(TagSeen read) {
        inFlight.add(new InFlight(read.atMillis() + random.nextInt((int) MAX_DELAY_MS + 1), sequence++, read));
    }

    /** Hands {@code sink} every read that has arrived by {@code atMillis}, in order of arrival. */
    void deliver(long atMillis, Consumer<TagSeen> sink) {
        while (!inFlight.isEmpty() && inFlight.peek().arriveAtMillis() <= atMillis) {
            sink.accept(inFlight.poll().read());
        }
    }

    /**
     * Hands {@code sink} every read still on its way, in order of arrival.
     *
     * @return when the last of them arrived, or {@code Long.MIN_VALUE} when none was on its way
     */
    long deliverAll(Consumer<TagSeen> sink) {
        long lastMillis = Long.MIN_VALUE;
        while (!inFlight.isEmpty()) {
            InFlight next = inFlight.poll();
            lastMillis = next.arriveAtMillis();
            sink.accept(next.read());
        }
        return lastMillis;
    }
}
