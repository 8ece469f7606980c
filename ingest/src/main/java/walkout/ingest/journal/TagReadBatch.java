package walkout.ingest.journal;

import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * EPC-96 tag reads gathered for one {@link Journal#appendTagReads} record: a reader session fills it while it decodes a
 * report and appends it when the report ends (or the batch is full), so the journal writes one record per report
 * instead of one per read. Fixed size, no object per read; belongs to the thread that fills it.
 *
 * <p>Each read takes {@link #READ_BYTES} bytes, little-endian, in the order of the journal's {@code TAG_READS} layout:
 * {@code epcHi:i64 epcLo:i32 antenna:u16 peakRssiDbm:i32 firstSeenMicros:i64 lastSeenMicros:i64 seenCount:i32}.
 */
public final class TagReadBatch {
    /** Bytes per read in the batch and in the journal record. */
    public static final int READ_BYTES = 38;
    static final int FIRST_SEEN_OFFSET = 18;
    static final int LAST_SEEN_OFFSET = 26;

    private final UnsafeBuffer buffer;
    private final int capacity;
    private int count;

    /** @param capacity reads per record at most (a 50-tag report fits in one record of 64) */
    public TagReadBatch(int capacity) {
        if (capacity < 1 || capacity > 0xFFFF) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be 1..65535");
        }
        this.capacity = capacity;
        this.buffer = new UnsafeBuffer(new byte[capacity * READ_BYTES]);
    }

    /**
     * Adds a read.
     *
     * @return true when the batch is now full: append it before adding more
     */
    public boolean add(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                       long lastSeenMicros, int seenCount) {
        if (count == capacity) {
            throw new IllegalStateException("batch of " + capacity + " reads is full");
        }
        int at = count * READ_BYTES;
        buffer.putLong(at, epcHi, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(at + 8, epcLo, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(at + 12, (short) antenna, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(at + 14, peakRssiDbm, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(at + FIRST_SEEN_OFFSET, firstSeenMicros, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(at + LAST_SEEN_OFFSET, lastSeenMicros, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(at + 34, seenCount, ByteOrder.LITTLE_ENDIAN);
        return ++count == capacity;
    }

    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Forgets the reads (after they are appended). */
    public void clear() {
        count = 0;
    }

    /** The reads, {@code count() * READ_BYTES} bytes from 0. */
    UnsafeBuffer buffer() {
        return buffer;
    }

    long firstSeenMicros(int read) {
        return buffer.getLong(read * READ_BYTES + FIRST_SEEN_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    long lastSeenMicros(int read) {
        return buffer.getLong(read * READ_BYTES + LAST_SEEN_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}
