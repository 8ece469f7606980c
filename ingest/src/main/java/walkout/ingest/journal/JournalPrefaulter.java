package walkout.ingest.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the journal's page faults off the appending thread. The first write to a new page of the memory-mapped
 * journal file is a page fault, and on ext4 one such fault can zero a whole read-ahead window of the sparse file
 * in the faulting thread: measured at 12-35 ms on a reader session's event loop, every 350 ms at 500 k reads/s.
 * This thread asks the kernel to fault in the pages just ahead of the append position, writable, with
 * {@code madvise(MADV_POPULATE_WRITE)} (Linux 5.14+): the call touches no byte of the file, so it cannot race with
 * the appender. Where the kernel does not know the call, that is logged once and the thread stops; appends then
 * fault as they always did.
 *
 * <p>The appending thread calls {@link #offer(Bytes)} now and then (a plain field write); this thread looks every
 * millisecond. Populating an address range that has meanwhile been unmapped does nothing harmful: the kernel fails
 * the call ({@code ENOMEM}), or at worst faults in memory someone else mapped there since, without touching it; the
 * next offer brings the current range.
 */
final class JournalPrefaulter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalPrefaulter.class);
    /** {@code MADV_POPULATE_WRITE} from {@code <linux/mman.h>}. */
    static final int MADV_POPULATE_WRITE = 23;
    private static final int EINVAL = 22;
    private static final long PAGE = 4096;
    /**
     * Bytes per madvise call. The kernel does the whole call without giving the core away: one call for 16 MiB held
     * a core for 12 ms while the event loop it shares waited, so the range goes in slices this size.
     */
    private static final long SLICE = 256 * 1024;
    private static final long PERIOD_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String journal;
    private final long aheadBytes;
    private final Thread thread;
    private volatile Mapping mapping;
    private volatile long writeAddress;
    private volatile boolean running = true;
    private Mapping populatedMapping;
    private long populatedUpTo;
    private volatile long populatedBytes;

    /**
     * @param journal    the journal's directory, for log lines
     * @param aheadBytes how far ahead of the append position pages are faulted in
     */
    JournalPrefaulter(String journal, long aheadBytes) {
        this.journal = journal;
        this.aheadBytes = aheadBytes;
        this.thread = new Thread(this::run, "journal-prefault");
        thread.setDaemon(true);
        thread.start();
    }

    /** From the appending thread, right after an append: where in the mapped file the next record goes. */
    void offer(Bytes<?> bytes) {
        BytesStore<?, ?> store = bytes.bytesStore();
        if (store instanceof MappedBytesStore mapped) {
            long base = mapped.addressForRead(mapped.start());
            Mapping current = mapping;
            if (current == null || current.base != base) {
                // a new chunk of the file is mapped: one small object per chunk, never per read
                mapping = new Mapping(base, base + mapped.realCapacity());
            }
            writeAddress = base + (bytes.writePosition() - mapped.start());
        }
    }

    /** One memory-mapped chunk of the journal file, as addresses. */
    private record Mapping(long base, long end) {
    }

    /** Bytes of the journal faulted in by this thread so far. */
    long populatedBytes() {
        return populatedBytes;
    }

    private void run() {
        PosixAPI posix;
        try {
            posix = PosixAPI.posix();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("journal={} cannot reach madvise ({}); appends fault in their own pages", journal, e.toString());
            return;
        }
        boolean behind = false;
        while (running) {
            if (!behind) {
                LockSupport.parkNanos(PERIOD_NS);
            }
            behind = false;
            Mapping current = mapping;
            long at = writeAddress;
            if (current == null || at < current.base || at >= current.end) {
                // nothing offered yet, or the address is of the next chunk while the mapping is not: next round
                continue;
            }
            if (current != populatedMapping) {
                populatedMapping = current;
                populatedUpTo = at;
            }
            long from = Math.max(populatedUpTo, at) & -PAGE;
            long target = Math.min(at + aheadBytes, current.end) & -PAGE;
            if (target <= from) {
                continue;
            }
            long to = Math.min(target, from + SLICE);
            int rc = posix.madvise(from, to - from, MADV_POPULATE_WRITE);
            if (rc != 0) {
                int errno = posix.lastError();
                if (errno == EINVAL) {
                    LOG.warn("journal={} this kernel has no madvise(MADV_POPULATE_WRITE) (Linux 5.14+); appends fault"
                            + " in their own pages", journal);
                    return;
                }
                // ENOMEM or EFAULT: the appender moved to another mapping and this range is gone; the next offer
                // brings the new one
                LOG.debug("journal={} madvise(MADV_POPULATE_WRITE) failed with errno {}", journal, errno);
                populatedUpTo = to;
                continue;
            }
            populatedUpTo = to;
            populatedBytes += to - from;
            behind = to < target;
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
