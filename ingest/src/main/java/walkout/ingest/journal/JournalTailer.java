package walkout.ingest.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads journal records in order and hands each to a {@link JournalRecordHandler}. Belongs to the thread that
 * uses it (one Chronicle tailer). The tailer moves when it reads; the caller decides what counts as delivered.
 */
public final class JournalTailer implements AutoCloseable {
    private final ExcerptTailer tailer;
    private static final int READER_ID_CACHE = 256;

    private final StringBuilder hex = new StringBuilder(64);
    private final StringBuilder readerChars = new StringBuilder(32);
    private final String[] readerIds = new String[READER_ID_CACHE];
    private int readerIdCount;

    JournalTailer(ExcerptTailer tailer) {
        this.tailer = tailer;
    }

    /**
     * Positions the tailer just after the record at {@code index}, so the next read returns the record that follows
     * it. Indexes below zero mean "from the start".
     *
     * @return false when {@code index} is not in the journal (then the tailer starts from the beginning)
     */
    public boolean resumeAfter(long index) {
        if (index < 0) {
            tailer.toStart();
            return true;
        }
        if (!tailer.moveToIndex(index)) {
            tailer.toStart();
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            return dc.isPresent();
        }
    }

    /**
     * Positions the tailer at {@code index}, so the next read returns that record (or the first one after it, when
     * {@code index} falls between cycles). Indexes below zero mean "from the start".
     */
    public void moveTo(long index) {
        if (index < 0 || !tailer.moveToIndex(index)) {
            if (index >= 0) {
                // not an index of this journal: start at the first record at or after it
                tailer.toStart();
                while (tailer.index() < index) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            return;
                        }
                    }
                }
                return;
            }
            tailer.toStart();
        }
    }

    /**
     * Reads the next record, if there is one.
     *
     * @return the index read, or -1 when there is nothing new
     */
    public long readNext(JournalRecordHandler handler) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return -1;
            }
            long index = dc.index();
            Bytes<?> bytes = dc.wire().bytes();
            int type = bytes.readByte();
            switch (type) {
                case RecordType.TAG_READ:
                    tagRead(handler, index, 0, readerId(bytes), bytes);
                    break;
                case RecordType.TAG_READS: {
                    String readerId = readerId(bytes);
                    int count = bytes.readUnsignedShort();
                    if (bytes.readRemaining() < (long) count * TagReadBatch.READ_BYTES) {
                        // shorter than its count says: damage, handled as a record this version cannot read
                        handler.onUnknownRecord(index, type);
                        break;
                    }
                    for (int slot = 0; slot < count; slot++) {
                        tagRead(handler, index, slot, readerId, bytes);
                    }
                    break;
                }
                case RecordType.LONG_EPC_TAG_READ: {
                    String readerId = readerId(bytes);
                    int epcBits = bytes.readUnsignedShort();
                    hex.setLength(0);
                    for (int i = 0; i < (epcBits + 7) / 8; i++) {
                        int b = bytes.readUnsignedByte();
                        hex.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                    }
                    handler.onLongEpcTagRead(index, readerId, hex.toString(), epcBits, bytes.readUnsignedShort(),
                            bytes.readInt(), bytes.readLong(), bytes.readLong(), bytes.readInt());
                    break;
                }
                case RecordType.SHOPPER_ENTERED:
                    handler.onShopperEntered(index, bytes.readUtf8(), bytes.readUtf8(), bytes.readUtf8(),
                            bytes.readLong());
                    break;
                case RecordType.BEACON_SIGHTED:
                    handler.onBeaconSighted(index, bytes.readUtf8(), bytes.readUtf8(), bytes.readUtf8(),
                            bytes.readInt(), bytes.readLong());
                    break;
                case RecordType.CUSTOMER_REGISTERED:
                    handler.onCustomerRegistered(index, bytes.readUtf8(), bytes.readUtf8(), bytes.readUtf8(),
                            bytes.readLong());
                    break;
                default:
                    handler.onUnknownRecord(index, type);
                    break;
            }
            return index;
        }
    }

    /** One EPC-96 read's fields, as TAG_READ and TAG_READS both lay them out after the reader id. */
    private static void tagRead(JournalRecordHandler handler, long index, int slot, String readerId, Bytes<?> bytes) {
        handler.onTagRead(index, slot, readerId, bytes.readLong(), bytes.readInt(), bytes.readUnsignedShort(),
                bytes.readInt(), bytes.readLong(), bytes.readLong(), bytes.readInt());
    }

    /** Reader ids repeat on every read: hand out one String per id instead of one per record. */
    private String readerId(Bytes<?> bytes) {
        readerChars.setLength(0);
        bytes.readUtf8(readerChars);
        for (int i = 0; i < readerIdCount; i++) {
            if (readerIds[i].contentEquals(readerChars)) {
                return readerIds[i];
            }
        }
        String id = readerChars.toString();
        if (readerIdCount < READER_ID_CACHE) {
            readerIds[readerIdCount++] = id;
        }
        return id;
    }

    @Override
    public void close() {
        tailer.close();
    }
}
