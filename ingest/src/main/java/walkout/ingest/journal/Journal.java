package walkout.ingest.journal;

import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable edge buffer: a Chronicle Queue under {@code journalDir}. Every accepted event is appended here before
 * anything else happens to it; the relay tails it to Kafka.
 *
 * <p>Record layout: one Chronicle document per event, in Chronicle's byte order (little-endian), starting with a
 * {@link RecordType} byte. Strings are Chronicle UTF-8 with a stop-bit length.
 * <pre>
 * TAG_READ            (1): type:u8 readerId:utf8 epcHi:i64 epcLo:i32 antenna:u16 peakRssiDbm:i32
 *                          firstSeenMicros:i64 lastSeenMicros:i64 seenCount:i32
 * LONG_EPC_TAG_READ   (2): type:u8 readerId:utf8 epcBits:u16 epc:u8[(epcBits+7)/8] antenna:u16 peakRssiDbm:i32
 *                          firstSeenMicros:i64 lastSeenMicros:i64 seenCount:i32
 * SHOPPER_ENTERED     (3): type:u8 visitId:utf8 customerId:utf8 gateId:utf8 atMillis:i64
 * BEACON_SIGHTED      (4): type:u8 customerId:utf8 beaconId:utf8 zone:utf8 rssiDbm:i32 atMillis:i64
 * CUSTOMER_REGISTERED (5): type:u8 customerId:utf8 name:utf8 paymentMethod:utf8 atMillis:i64
 * TAG_READS           (6): type:u8 readerId:utf8 count:u16, then count times:
 *                          epcHi:i64 epcLo:i32 antenna:u16 peakRssiDbm:i32 firstSeenMicros:i64 lastSeenMicros:i64
 *                          seenCount:i32
 * </pre>
 * Reader sessions write a report's EPC-96 reads as one TAG_READS record ({@link TagReadBatch}): a Chronicle record
 * costs about 200 ns of upkeep (header, lock, index) whatever it holds, which one record per read paid 50 times per
 * 50-tag report. A read is known by its record's index and its slot in the record (0 for the one-read layouts).
 * Tag reads are written from primitives: no object per read.
 *
 * <p>Threading: every append method may be called from any thread. A Chronicle appender belongs to the thread that
 * made it, so each calling thread gets its own (reader sessions and HTTP handlers run on different event loops).
 * Each append returns the record's journal index once the record is in the memory-mapped file, so it survives the
 * death of this process.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /**
     * {@code -Dwalkout.journal.prefault=false} leaves page faults to the appending threads (for comparing; the
     * prefaulter is on by default).
     */
    public static final String PREFAULT_PROPERTY = "walkout.journal.prefault";
    /** How far ahead of the append position {@link JournalPrefaulter} faults pages in. */
    static final long PREFAULT_AHEAD_BYTES = 16L << 20;
    /** Tag reads between two reports of the append position to the prefaulter (a power of two). */
    private static final int PREFAULT_OFFER_EVERY = 64;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ThreadLocal<ThreadAppender> appenders;
    private final Queue<ExcerptAppender> allAppenders = new ConcurrentLinkedQueue<>();
    private final AtomicLong appended = new AtomicLong();
    private final JournalPrefaulter prefaulter;
    private volatile TagReadProbe tagReadProbe;
    private volatile boolean closed;

    /** Told of each tag read once it is in the journal, on the thread that appended it. */
    @FunctionalInterface
    public interface TagReadProbe {
        void onJournaled(long firstSeenMicros, long lastSeenMicros);
    }

    private Journal(Path dir, JournalRollCycle rollCycle, TimeProvider time) {
        this.dir = dir;
        this.queue = SingleChronicleQueueBuilder.single(dir.toString()).rollCycle(rollCycle.chronicle())
                .timeProvider(time).build();
        if (queue.rollCycle() != rollCycle.chronicle()) {
            LOG.warn("journal={} keeps the roll cycle it was created with ({}), not {}", dir, queue.rollCycle(),
                    rollCycle.optionName());
        }
        this.prefaulter = Boolean.parseBoolean(System.getProperty(PREFAULT_PROPERTY, "true"))
                ? new JournalPrefaulter(dir.toString(), PREFAULT_AHEAD_BYTES) : null;
        this.appenders = ThreadLocal.withInitial(() -> {
            ExcerptAppender appender = queue.createAppender();
            allAppenders.add(appender);
            return new ThreadAppender(appender);
        });
    }

    /** Opens (creating when needed) the journal in {@code dir}, daily files; existing records are kept. */
    public static Journal open(Path dir) {
        return open(dir, JournalRollCycle.DAILY, SystemTimeProvider.INSTANCE);
    }

    /**
     * Opens (creating when needed) the journal in {@code dir}; existing records are kept.
     *
     * @param rollCycle how often a new file starts (an existing journal keeps its own)
     * @param time      wall time that picks the file each append goes to (Chronicle's {@code SetTimeProvider} in
     *                  tests)
     */
    public static Journal open(Path dir, JournalRollCycle rollCycle, TimeProvider time) {
        return new Journal(dir, rollCycle, time);
    }

    public Path dir() {
        return dir;
    }

    /** A tailer positioned at the first record; see {@link JournalTailer#resumeAfter(long)}. Use on one thread. */
    public JournalTailer tailer() {
        return new JournalTailer(queue.createTailer());
    }

    /** Reads and device events appended through this instance since it was opened (each read of a batch counts). */
    public long appended() {
        return appended.get();
    }

    /**
     * Records in the journal after {@code index} (all of them for an index below zero): with the relay's delivered
     * index, how far Kafka lags behind the journal. Safe from any thread; costs an index walk, so for gauges, not
     * the hot path.
     *
     * @return the count, or -1 when the journal is closed or {@code index} is not in it
     */
    public long recordsAfter(long index) {
        if (!isOpen()) {
            return -1;
        }
        try {
            long last = queue.lastIndex();
            if (last < 0) {
                return 0;
            }
            if (index < 0) {
                return queue.countExcerpts(queue.firstIndex(), last) + 1;
            }
            return index >= last ? 0 : queue.countExcerpts(index, last);
        } catch (RuntimeException e) {
            LOG.debug("journal={} cannot count records after index {}: {}", dir, index, e.toString());
            return -1;
        }
    }

    /** Bytes of the journal file faulted in ahead of the appenders so far (0 with the prefaulter off). */
    long prefaultedBytes() {
        return prefaulter == null ? 0 : prefaulter.populatedBytes();
    }

    /** The queue, for {@link JournalRetention}. */
    SingleChronicleQueue queue() {
        return queue;
    }

    public boolean isOpen() {
        return !closed && !queue.isClosed();
    }

    public long appendTagRead(String readerId, long epcHi, int epcLo, int antenna, int peakRssiDbm,
                              long firstSeenMicros, long lastSeenMicros, int seenCount) {
        ThreadAppender thread = threadAppender();
        ExcerptAppender appender = thread.appender;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = thread.tagRecord(dc, RecordType.TAG_READ, readerId);
            bytes.writeLong(epcHi);
            bytes.writeInt(epcLo);
            bytes.writeUnsignedShort(antenna);
            bytes.writeInt(peakRssiDbm);
            bytes.writeLong(firstSeenMicros);
            bytes.writeLong(lastSeenMicros);
            bytes.writeInt(seenCount);
        }
        probe(firstSeenMicros, lastSeenMicros);
        return appendedTagRead(appender);
    }

    /**
     * Appends {@code batch}'s reads as one TAG_READS record (nothing when it is empty) and clears it. The probe is
     * told of each read once the record is in the file.
     *
     * @return the record's journal index, or -1 when the batch was empty
     */
    public long appendTagReads(String readerId, TagReadBatch batch) {
        int count = batch.count();
        if (count == 0) {
            return -1;
        }
        ThreadAppender thread = threadAppender();
        ExcerptAppender appender = thread.appender;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = thread.tagRecord(dc, RecordType.TAG_READS, readerId);
            bytes.writeUnsignedShort(count);
            bytes.write(batch.buffer().byteArray(), 0, count * TagReadBatch.READ_BYTES);
        }
        TagReadProbe probe = tagReadProbe;
        if (probe != null) {
            for (int i = 0; i < count; i++) {
                probe.onJournaled(batch.firstSeenMicros(i), batch.lastSeenMicros(i));
            }
        }
        batch.clear();
        appended.addAndGet(count);
        if (prefaulter != null) {
            prefaulter.offer(appender.wire().bytes());
        }
        return appender.lastIndexAppended();
    }

    public long appendLongEpcTagRead(String readerId, DirectBuffer epcBuffer, int epcOffset, int epcBits, int antenna,
                                     int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
        ThreadAppender thread = threadAppender();
        ExcerptAppender appender = thread.appender;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = thread.tagRecord(dc, RecordType.LONG_EPC_TAG_READ, readerId);
            bytes.writeUnsignedShort(epcBits);
            int epcBytes = (epcBits + 7) / 8;
            for (int i = 0; i < epcBytes; i++) {
                bytes.writeByte(epcBuffer.getByte(epcOffset + i));
            }
            bytes.writeUnsignedShort(antenna);
            bytes.writeInt(peakRssiDbm);
            bytes.writeLong(firstSeenMicros);
            bytes.writeLong(lastSeenMicros);
            bytes.writeInt(seenCount);
        }
        probe(firstSeenMicros, lastSeenMicros);
        return appended(appender);
    }

    public long appendShopperEntered(String visitId, String customerId, String gateId, long atMillis) {
        ExcerptAppender appender = appender();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(RecordType.SHOPPER_ENTERED);
            bytes.writeUtf8(visitId);
            bytes.writeUtf8(customerId);
            bytes.writeUtf8(gateId);
            bytes.writeLong(atMillis);
        }
        return appended(appender);
    }

    public long appendBeaconSighted(String customerId, String beaconId, String zone, int rssiDbm, long atMillis) {
        ExcerptAppender appender = appender();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(RecordType.BEACON_SIGHTED);
            bytes.writeUtf8(customerId);
            bytes.writeUtf8(beaconId);
            bytes.writeUtf8(zone);
            bytes.writeInt(rssiDbm);
            bytes.writeLong(atMillis);
        }
        return appended(appender);
    }

    public long appendCustomerRegistered(String customerId, String name, String paymentMethod, long atMillis) {
        ExcerptAppender appender = appender();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(RecordType.CUSTOMER_REGISTERED);
            bytes.writeUtf8(customerId);
            bytes.writeUtf8(name);
            bytes.writeUtf8(paymentMethod);
            bytes.writeLong(atMillis);
        }
        return appended(appender);
    }

    /**
     * Tells {@code probe} of every tag read appended from now on ({@code null}: nobody), right after the record is in
     * the file, on the appending thread: the load benchmark measures socket-to-journal latency with it. It runs on a
     * reader session's event loop, so it must be quick and must not throw.
     */
    public void tagReadProbe(TagReadProbe probe) {
        this.tagReadProbe = probe;
    }

    private void probe(long firstSeenMicros, long lastSeenMicros) {
        TagReadProbe probe = tagReadProbe;
        if (probe != null) {
            probe.onJournaled(firstSeenMicros, lastSeenMicros);
        }
    }

    private ExcerptAppender appender() {
        return threadAppender().appender;
    }

    private ThreadAppender threadAppender() {
        if (closed) {
            throw new IllegalStateException("journal " + dir + " is closed");
        }
        return appenders.get();
    }

    private long appended(ExcerptAppender appender) {
        appended.incrementAndGet();
        return appender.lastIndexAppended();
    }

    /** As {@link #appended}, and now and then tells the prefaulter where the file is being written. */
    private long appendedTagRead(ExcerptAppender appender) {
        if ((appended.incrementAndGet() & (PREFAULT_OFFER_EVERY - 1)) == 0 && prefaulter != null) {
            prefaulter.offer(appender.wire().bytes());
        }
        return appender.lastIndexAppended();
    }

    /**
     * One thread's appender, with what spares a tag read needless work: the reader ids it has written, already in the
     * journal's UTF-8 form, and Chronicle's single-thread check turned off. That check is a debugging aid; the
     * appender and its bytes never leave this thread (the {@link ThreadLocal}), so it could only pass. Together they
     * took a tag read's append from 224 to 194 ns in a loop on one thread.
     */
    private static final class ThreadAppender {
        private static final int IDS = 16;

        private final ExcerptAppender appender;
        private final String[] ids = new String[IDS];
        private final byte[][] idsUtf8 = new byte[IDS][];
        private int nextId;
        private Bytes<?> uncheckedBytes;

        ThreadAppender(ExcerptAppender appender) {
            this.appender = appender;
            appender.singleThreadedCheckDisabled(true);
        }

        /** Starts a tag record in {@code dc}: its type, then the reader id. */
        Bytes<?> tagRecord(DocumentContext dc, byte type, String readerId) {
            Bytes<?> bytes = bytes(dc);
            bytes.writeByte(type);
            bytes.write(utf8(readerId));
            return bytes;
        }

        /** The document's bytes; a new file (a new cycle) brings new bytes, whose check is turned off once. */
        Bytes<?> bytes(DocumentContext dc) {
            Bytes<?> bytes = dc.wire().bytes();
            if (bytes != uncheckedBytes) {
                bytes.singleThreadedCheckDisabled(true);
                uncheckedBytes = bytes;
            }
            return bytes;
        }

        /** {@code id} as {@code Bytes.writeUtf8} writes it (stop-bit length, then UTF-8), encoded once per id. */
        byte[] utf8(String id) {
            for (int i = 0; i < IDS; i++) {
                if (ids[i] == id) {
                    return idsUtf8[i];
                }
            }
            Bytes<byte[]> encoded = Bytes.allocateElasticOnHeap(id.length() + 5);
            encoded.writeUtf8(id);
            byte[] utf8 = encoded.toByteArray();
            encoded.releaseLast();
            int slot = nextId++ & (IDS - 1);
            ids[slot] = id;
            idsUtf8[slot] = utf8;
            return utf8;
        }
    }

    /** Closes every appender and the queue. Call after the threads that append have stopped appending. */
    @Override
    public void close() {
        closed = true;
        if (prefaulter != null) {
            prefaulter.close();
        }
        ExcerptAppender appender;
        while ((appender = allAppenders.poll()) != null) {
            try {
                // made on another thread; by now that thread no longer appends
                appender.singleThreadedCheckReset();
                appender.close();
            } catch (RuntimeException e) {
                LOG.warn("journal={} closing an appender failed: {}", dir, e.toString());
            }
        }
        queue.close();
    }
}
