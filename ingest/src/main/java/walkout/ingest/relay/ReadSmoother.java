package walkout.ingest.relay;

import java.util.Arrays;

/**
 * Folds raw tag reads into one record per (EPC-96, reader, antenna) and window: first seen (min), last seen (max),
 * peak RSSI (max) and the summed seen count. Each antenna keeps its own window, so the exit portal's INNER and
 * OUTER antennas still report their own first and last seen.
 *
 * <p>Windows run on event time: a window opens at its first read's {@code firstSeenMicros} and takes every read of
 * its key first seen before {@code start + windowMs}. It closes when a read of the same key falls past it, when the
 * reader's event time (the largest {@code firstSeenMicros} it has reported) passes its end, or, for a reader gone
 * quiet, when it has been open {@code idleFlushMs} of wall time ({@link #flushDue}). Closed windows go to the
 * {@link WindowHandler} in the order their reader opened them.
 *
 * <p>Storage is a slab of primitive arrays indexed by window id, an open-addressing hash table (linear probing,
 * backward-shift deletion) from key to window id, and one doubly linked open-order list per reader: no allocation
 * per read. When {@code capacity} windows are open, the oldest window of the incoming read's reader (or of any
 * reader) closes early.
 *
 * <p>Not thread-safe: one instance, on the relay thread.
 */
public final class ReadSmoother {
    /** Returned by {@link #onRead} when the read joined a window that was already open. */
    public static final int ABSORBED = -1;

    /** Receives each closed window; arguments are only valid during the call. */
    @FunctionalInterface
    public interface WindowHandler {
        /**
         * @param reader     the reader index given to {@link #onRead}
         * @param token      what the caller attached to the window ({@link #token(int, long)}), e.g. a sequence
         * @param firstIndex journal index of the window's first read
         * @param firstSlot  that read's slot in its journal record
         */
        void onWindow(int reader, long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                      long lastSeenMicros, int seenCount, long firstIndex, int firstSlot, long token);
    }

    private final long windowMicros;
    private final long idleFlushMs;
    private final int capacity;
    private final int mask;
    private final int[] table;

    // the slab: one slot per open window
    private final long[] epcHi;
    private final int[] epcLo;
    private final int[] readerAntenna;
    private final long[] startMicros;
    private final long[] firstMicros;
    private final long[] lastMicros;
    private final int[] peakRssi;
    private final int[] count;
    private final long[] firstIndex;
    private final int[] firstSlot;
    private final long[] token;
    private final long[] openedAtMs;
    private final int[] prev;
    private final int[] next;
    private final int[] freeList;
    private int freeCount;

    // per reader: open-order list and event-time watermark
    private final int[] head;
    private final int[] tail;
    private final long[] watermarkMicros;
    private int open;

    /**
     * @param readers     number of reader indexes ({@code 0..readers-1})
     * @param windowMs    window length, event time
     * @param idleFlushMs wall time after which an open window closes even if its reader says nothing more
     * @param capacity    most windows open at once
     */
    public ReadSmoother(int readers, long windowMs, long idleFlushMs, int capacity) {
        if (readers < 1) {
            throw new IllegalArgumentException("readers=" + readers + " must be >= 1");
        }
        if (windowMs <= 0) {
            throw new IllegalArgumentException("windowMs=" + windowMs + " must be > 0");
        }
        if (idleFlushMs < windowMs) {
            throw new IllegalArgumentException("idleFlushMs=" + idleFlushMs + " must be >= windowMs=" + windowMs);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be >= 1");
        }
        this.windowMicros = windowMs * 1000;
        this.idleFlushMs = idleFlushMs;
        this.capacity = capacity;
        int tableSize = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        this.table = new int[tableSize];
        this.mask = tableSize - 1;
        epcHi = new long[capacity];
        epcLo = new int[capacity];
        readerAntenna = new int[capacity];
        startMicros = new long[capacity];
        firstMicros = new long[capacity];
        lastMicros = new long[capacity];
        peakRssi = new int[capacity];
        count = new int[capacity];
        firstIndex = new long[capacity];
        firstSlot = new int[capacity];
        token = new long[capacity];
        openedAtMs = new long[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        freeList = new int[capacity];
        head = new int[readers];
        tail = new int[readers];
        watermarkMicros = new long[readers];
        clear();
    }

    /**
     * Adds one raw read.
     *
     * @param reader reader index, {@code 0..readers-1}
     * @param index  the read's journal index
     * @param slot   the read's slot in its journal record
     * @param nowMs  wall time, for the idle flush
     * @param out    receives windows this read closes (its own key's expired window, or an early close when full)
     * @return the id of the window this read opened (attach a token to it with {@link #token}), or {@link #ABSORBED}
     */
    public int onRead(int reader, long hi, int lo, int antenna, int rssiDbm, long firstSeenMicros,
                      long lastSeenMicros, int seenCount, long index, int slot, long nowMs, WindowHandler out) {
        if (firstSeenMicros > watermarkMicros[reader]) {
            watermarkMicros[reader] = firstSeenMicros;
        }
        int ra = (reader << 16) | (antenna & 0xFFFF);
        int bucket = bucket(hi, lo, ra);
        int id;
        while ((id = table[bucket] - 1) >= 0) {
            if (epcHi[id] == hi && epcLo[id] == lo && readerAntenna[id] == ra) {
                if (firstSeenMicros - startMicros[id] < windowMicros) {
                    firstMicros[id] = Math.min(firstMicros[id], firstSeenMicros);
                    lastMicros[id] = Math.max(lastMicros[id], lastSeenMicros);
                    peakRssi[id] = Math.max(peakRssi[id], rssiDbm);
                    count[id] += seenCount;
                    return ABSORBED;
                }
                close(id, out);
                break;
            }
            bucket = (bucket + 1) & mask;
        }
        if (freeCount == 0) {
            int oldest = head[reader];
            for (int r = 0; oldest < 0 && r < head.length; r++) {
                oldest = head[r];
            }
            close(oldest, out);
        }
        id = freeList[--freeCount];
        epcHi[id] = hi;
        epcLo[id] = lo;
        readerAntenna[id] = ra;
        startMicros[id] = firstSeenMicros;
        firstMicros[id] = firstSeenMicros;
        lastMicros[id] = lastSeenMicros;
        peakRssi[id] = rssiDbm;
        count[id] = seenCount;
        firstIndex[id] = index;
        firstSlot[id] = slot;
        token[id] = -1;
        openedAtMs[id] = nowMs;
        insert(id, bucket(hi, lo, ra));
        link(reader, id);
        open++;
        return id;
    }

    /** Attaches the caller's token (e.g. an in-flight sequence) to a window {@link #onRead} just opened. */
    public void token(int window, long value) {
        token[window] = value;
    }

    /**
     * Closes, reader by reader in opening order, every window whose end its reader's event time has passed or that
     * has been open {@code idleFlushMs} of wall time.
     *
     * @return windows closed
     */
    public int flushDue(long nowMs, WindowHandler out) {
        int closed = 0;
        for (int r = 0; r < head.length; r++) {
            int id;
            while ((id = head[r]) >= 0 && (watermarkMicros[r] - startMicros[id] >= windowMicros
                    || nowMs - openedAtMs[id] >= idleFlushMs)) {
                close(id, out);
                closed++;
            }
        }
        return closed;
    }

    /** Closes every open window, reader by reader in opening order. */
    public int flushAll(WindowHandler out) {
        int closed = 0;
        for (int r = 0; r < head.length; r++) {
            while (head[r] >= 0) {
                close(head[r], out);
                closed++;
            }
        }
        return closed;
    }

    /** Forgets every open window without handing it over (the caller rewinds and reads them again). */
    public void clear() {
        Arrays.fill(table, 0);
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
        Arrays.fill(watermarkMicros, Long.MIN_VALUE);
        freeCount = capacity;
        for (int i = 0; i < capacity; i++) {
            freeList[i] = capacity - 1 - i;
        }
        open = 0;
    }

    /** Windows open now. */
    public int openWindows() {
        return open;
    }

    private void close(int id, WindowHandler out) {
        int ra = readerAntenna[id];
        int reader = ra >>> 16;
        remove(id);
        unlink(reader, id);
        freeList[freeCount++] = id;
        open--;
        out.onWindow(reader, epcHi[id], epcLo[id], ra & 0xFFFF, peakRssi[id], firstMicros[id], lastMicros[id],
                count[id], firstIndex[id], firstSlot[id], token[id]);
    }

    private int bucket(long hi, int lo, int ra) {
        long h = hi * 0x9E3779B97F4A7C15L ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ (ra * 0x165667B19E3779F9L);
        h ^= h >>> 29;
        return (int) h & mask;
    }

    private void insert(int id, int bucket) {
        while (table[bucket] != 0) {
            bucket = (bucket + 1) & mask;
        }
        table[bucket] = id + 1;
    }

    /** Backward-shift deletion keeps every probe chain unbroken without tombstones. */
    private void remove(int id) {
        int bucket = bucket(epcHi[id], epcLo[id], readerAntenna[id]);
        while (table[bucket] != id + 1) {
            bucket = (bucket + 1) & mask;
        }
        int hole = bucket;
        int cursor = (hole + 1) & mask;
        while (table[cursor] != 0) {
            int moved = table[cursor] - 1;
            int home = bucket(epcHi[moved], epcLo[moved], readerAntenna[moved]);
            // move it back when its home is not cyclically inside (hole, cursor]
            if (((cursor - home) & mask) >= ((cursor - hole) & mask)) {
                table[hole] = table[cursor];
                hole = cursor;
            }
            cursor = (cursor + 1) & mask;
        }
        table[hole] = 0;
    }

    private void link(int reader, int id) {
        prev[id] = tail[reader];
        next[id] = -1;
        if (tail[reader] >= 0) {
            next[tail[reader]] = id;
        } else {
            head[reader] = id;
        }
        tail[reader] = id;
    }

    private void unlink(int reader, int id) {
        if (prev[id] >= 0) {
            next[prev[id]] = next[id];
        } else {
            head[reader] = next[id];
        }
        if (next[id] >= 0) {
            prev[next[id]] = prev[id];
        } else {
            tail[reader] = prev[id];
        }
    }
}
