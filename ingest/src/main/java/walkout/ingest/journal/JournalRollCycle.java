package walkout.ingest.journal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * How often the journal starts a new file (a Chronicle Queue cycle). Retention deletes whole cycles, so the cycle is
 * also the grain of {@code journalKeepDays}. A journal keeps the cycle it was created with: Chronicle reads it from
 * the queue's metadata and ignores a different setting.
 */
public enum JournalRollCycle {
    FIVE_MINUTELY(RollCycles.FIVE_MINUTELY),
    HOURLY(RollCycles.FAST_HOURLY),
    DAILY(RollCycles.FAST_DAILY),
    WEEKLY(RollCycles.WEEKLY);

    private final RollCycle chronicle;

    JournalRollCycle(RollCycle chronicle) {
        this.chronicle = chronicle;
    }

    RollCycle chronicle() {
        return chronicle;
    }

    /** The lower-case name an operator writes ({@code daily}, {@code five-minutely}). */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@link #optionName()} (upper case and underscores accepted too).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static JournalRollCycle parse(String value) {
        for (JournalRollCycle cycle : values()) {
            if (cycle.optionName().equalsIgnoreCase(value) || cycle.name().equalsIgnoreCase(value)) {
                return cycle;
            }
        }
        throw new IllegalArgumentException("journal roll cycle=" + value + " must be one of " + optionNames());
    }

    /** The accepted names, comma-separated, for messages and help. */
    public static String optionNames() {
        return Arrays.stream(values()).map(JournalRollCycle::optionName).collect(Collectors.joining(", "));
    }
}
