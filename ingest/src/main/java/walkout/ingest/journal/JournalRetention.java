package walkout.ingest.journal;

import java.io.File;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes journal cycles (files) that are both older than {@code keepDays} and wholly delivered to Kafka. A cycle
 * counts as delivered once the delivered index has moved into a later cycle, so the cycle holding the delivered index,
 * everything after it, and the cycle being written are never deleted: a journal Kafka has not got stays whole however
 * old it is. A cycle is older than the window when it ended at least {@code keepDays} days before now (the journal's
 * own time provider). One log line per deleted cycle.
 *
 * <p>As an {@link Agent} it checks every {@code checkEveryMs} of {@code clock} time (the first check on the first
 * duty cycle); run it on the relay's thread. Not thread-safe; {@link #deleteRelayedCycles(long)} may also be called
 * directly.
 */
public final class JournalRetention implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private static final String SUFFIX = SingleChronicleQueue.SUFFIX;

    private final Journal journal;
    private final long keepMs;
    private final LongSupplier deliveredIndex;
    private final EpochClock clock;
    private final long checkEveryMs;
    private long nextCheckMs = Long.MIN_VALUE;
    private volatile long deleted;

    /**
     * @param keepDays       days a delivered cycle is kept after it ends; 0 keeps everything (the agent does nothing)
     * @param deliveredIndex the journal index up to which Kafka acknowledged everything, -1 for nothing
     * @param clock          wall time for the check period
     * @param checkEveryMs   how often the agent looks for cycles to delete
     */
    public JournalRetention(Journal journal, int keepDays, LongSupplier deliveredIndex, EpochClock clock,
                            long checkEveryMs) {
        if (keepDays < 0) {
            throw new IllegalArgumentException("keepDays=" + keepDays + " must be >= 0");
        }
        if (checkEveryMs <= 0) {
            throw new IllegalArgumentException("checkEveryMs=" + checkEveryMs + " must be > 0");
        }
        this.journal = journal;
        this.keepMs = TimeUnit.DAYS.toMillis(keepDays);
        this.deliveredIndex = deliveredIndex;
        this.clock = clock;
        this.checkEveryMs = checkEveryMs;
    }

    @Override
    public int doWork() {
        long now = clock.time();
        if (keepMs == 0 || now < nextCheckMs) {
            return 0;
        }
        nextCheckMs = now + checkEveryMs;
        return deleteRelayedCycles(deliveredIndex.getAsLong());
    }

    /**
     * Deletes the cycles that ended {@code keepDays} or more ago and lie wholly before the cycle of
     * {@code deliveredIndex}.
     *
     * @return how many cycle files were deleted
     */
    public int deleteRelayedCycles(long delivered) {
        if (keepMs == 0 || delivered < 0 || !journal.isOpen()) {
            return 0;
        }
        SingleChronicleQueue queue = journal.queue();
        RollCycle rollCycle = queue.rollCycle();
        int deliveredCycle = rollCycle.toCycle(delivered);
        long cutoffMs = queue.time().currentTimeMillis() - keepMs;
        int first = queue.firstCycle();
        if (first == Integer.MAX_VALUE || first >= deliveredCycle) {
            return 0;
        }
        RollingResourcesCache files = new RollingResourcesCache(rollCycle, queue.epoch(),
                name -> new File(queue.file(), name + SUFFIX),
                file -> file.getName().substring(0, file.getName().length() - SUFFIX.length()));
        // both ends must be cycles with a file: the last one always has one
        NavigableSet<Long> cycles = queue.listCyclesBetween(first, queue.lastCycle());
        int count = 0;
        for (long cycle : cycles) {
            long endMs = queue.epoch() + (cycle + 1) * rollCycle.lengthInMillis();
            if (cycle >= deliveredCycle || endMs > cutoffMs) {
                continue;
            }
            File file = files.resourceFor(cycle).path;
            if (file.delete()) {
                count++;
                LOG.info("journal={} deleted cycle file {} (ended {}, delivered up to index {} in a later cycle)",
                        journal.dir(), file.getName(), Instant.ofEpochMilli(endMs), delivered);
            } else if (file.exists()) {
                LOG.warn("journal={} could not delete cycle file {}; retried at the next check", journal.dir(),
                        file.getName());
            }
        }
        if (count > 0) {
            queue.refreshDirectoryListing();
            deleted += count;
        }
        return count;
    }

    /** Cycle files deleted since this instance was made. */
    public long deleted() {
        return deleted;
    }

    @Override
    public String roleName() {
        return "journal-retention";
    }
}
