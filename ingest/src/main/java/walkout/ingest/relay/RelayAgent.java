package walkout.ingest.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.BeaconSighted;
import walkout.events.CustomerRegistered;
import walkout.events.Epc;
import walkout.events.PortalSide;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.TagSeen;
import walkout.events.topic.Topics;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.JournalRecordHandler;
import walkout.ingest.journal.JournalTailer;
import walkout.ingest.llrp.LlrpMessageHandler;

/**
 * Tails the journal and produces every record to Kafka, keyed by store id, with the event's time (ms) as the record
 * timestamp: tag reads to {@link Topics#TAG_READS} as {@link TagSeen} (zone and portal side from the reader's
 * antenna map; a read from an antenna or reader not in the layout is counted, logged once and dropped), entries and
 * sightings to {@link Topics#SHOPPER_EVENTS}, registrations to {@link Topics#CUSTOMERS}.
 *
 * <p>Delivery: the journal index up to which every record is acknowledged is advanced from the producer's callbacks
 * and kept in a {@link DeliveredPosition}; a restart resumes after it. When a send fails (Kafka unreachable past
 * the producer's timeouts), the agent waits for the records in flight, rewinds to the delivered index and tries
 * again after {@code retryDelayMs}; meanwhile the journal keeps accepting. At least once: repeats carry the same
 * {@code recordId} ({@code readerId:journalIndex} or {@code readerId:journalIndex.slot}, the read's record and its
 * place in it after the first, or the journal index for device events). A record holds a whole report's reads, so
 * the delivered index reaches a tag record only once every read in it is acknowledged (each read's in-flight slot
 * carries the index of the record before); a restart in the middle of a record sends all of it again.
 *
 * <p>Smoothing: with {@code smoothingWindowMs > 0}, EPC-96 reads from layout antennas go through a
 * {@link ReadSmoother} and one {@link TagSeen} per (EPC, reader, antenna) and window is produced, with the
 * {@code recordId} of the window's first read and the window's first/last seen, peak RSSI and summed count; raw
 * reads stay in the journal. The delivered index never passes the first read of a window that is open or not yet
 * acknowledged, so a restart rebuilds it from the journal. A read that joins an open window takes no in-flight slot:
 * its record's index moves the delivered index once everything before it is delivered. After a restart, reads of a
 * window that was delivered and whose first read lies before the resume point form a second, partial window: the
 * same tag, antenna and times, reported twice, which at-least-once consumers tolerate.
 *
 * <p>Threading: {@link #doWork()} runs on one agent thread; callbacks on the producer's I/O thread; the counters are
 * readable from any thread.
 */
public final class RelayAgent implements Agent, JournalRecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RelayAgent.class);
    private static final int BATCH = 256;
    private static final int IN_FLIGHT_CAPACITY = 1 << 17;
    /** In-flight slots one journal record can take at most: each read of a full TAG_READS record, and the record. */
    private static final int RECORD_SLOTS = 0xFFFF + 1;
    private static final int MASK = IN_FLIGHT_CAPACITY - 1;
    /** Open windows at most; well under the in-flight window, each open window holds one in-flight slot. */
    private static final int SMOOTHER_CAPACITY = 1 << 14;
    /** EPC header byte of SGTIN-96 (GS1 Tag Data Standard). */
    private static final int SGTIN_96_HEADER = 0x30;

    private final String storeId;
    private final Map<String, ReaderConfig> readers = new HashMap<>();
    private final Map<String, Integer> readerIndexes = new HashMap<>();
    private final ReaderConfig[] readersByIndex;
    private final ReadSmoother smoother;
    private final ReadSmoother.WindowHandler windowHandler = this::onWindow;
    private final Journal journal;
    private final Producer<String, byte[]> producer;
    private final DeliveredPosition position;
    private final EpochClock clock;
    private final long retryDelayMs;
    private final Serializer<TagSeen> tagSerializer = Topics.TAG_READS.valueSerde().serializer();
    private final Serializer<ShopperEvent> shopperSerializer = Topics.SHOPPER_EVENTS.valueSerde().serializer();
    private final Serializer<CustomerRegistered> customerSerializer = Topics.CUSTOMERS.valueSerde().serializer();
    private final Counter droppedReads;
    private final Counter sendFailures;
    private final Counter nonSgtinReads;
    private final Set<String> loggedUnknownAntennas = new HashSet<>();

    // in-flight window, guarded by "this": sequence -> journal index, and whether acknowledged
    private final long[] inFlightIndex = new long[IN_FLIGHT_CAPACITY];
    private final boolean[] inFlightAcked = new boolean[IN_FLIGHT_CAPACITY];
    private long head;
    private long tail;
    private boolean failed;

    private final AtomicLong relayed = new AtomicLong();
    private volatile boolean lastSendFailed;
    private volatile boolean running;
    private JournalTailer tailer;
    private long retryAtMs;
    /** The journal index of the last record read whole: where a read of the record being read may move delivery. */
    private long before = -1;
    /** The record being read held tag reads: once it is read, its index joins the in-flight window. */
    private boolean tagRecord;

    /** A relay without smoothing: one {@link TagSeen} per journaled read. */
    public RelayAgent(String storeId, Iterable<ReaderConfig> readers, Journal journal,
                      Producer<String, byte[]> producer, DeliveredPosition position, MeterRegistry meters,
                      EpochClock clock, long retryDelayMs) {
        this(storeId, readers, journal, producer, position, meters, clock, retryDelayMs, 0);
    }

    /**
     * @param clock             wall time, for retries and the smoother's idle flush
     * @param smoothingWindowMs event-time window per (EPC, reader, antenna); 0 relays every read as it is
     */
    public RelayAgent(String storeId, Iterable<ReaderConfig> readers, Journal journal,
                      Producer<String, byte[]> producer, DeliveredPosition position, MeterRegistry meters,
                      EpochClock clock, long retryDelayMs, long smoothingWindowMs) {
        if (smoothingWindowMs < 0) {
            throw new IllegalArgumentException("smoothingWindowMs=" + smoothingWindowMs + " must be >= 0");
        }
        this.storeId = storeId;
        for (ReaderConfig reader : readers) {
            this.readerIndexes.put(reader.id(), this.readers.size());
            this.readers.put(reader.id(), reader);
        }
        this.readersByIndex = new ReaderConfig[this.readers.size()];
        for (ReaderConfig reader : this.readers.values()) {
            readersByIndex[readerIndexes.get(reader.id())] = reader;
        }
        // a quiet reader's last windows still go out, a little after their end would have passed
        this.smoother = smoothingWindowMs == 0 || readersByIndex.length == 0 ? null
                : new ReadSmoother(readersByIndex.length, smoothingWindowMs, 2 * smoothingWindowMs,
                SMOOTHER_CAPACITY);
        this.journal = journal;
        this.producer = producer;
        this.position = position;
        this.clock = clock;
        this.retryDelayMs = retryDelayMs;
        this.droppedReads = Counter.builder("walkout.ingest.relay.dropped")
                .description("journaled reads not relayed: reader or antenna not in the layout").register(meters);
        this.nonSgtinReads = Counter.builder("walkout.ingest.reads.non.sgtin")
                .description("reads whose EPC is not an SGTIN-96: journaled, never billed").register(meters);
        Gauge.builder("walkout.ingest.relay.open.windows", this, RelayAgent::openWindows)
                .description("smoothing windows open (reads waiting for their window to close)").register(meters);
        this.sendFailures = Counter.builder("walkout.ingest.relay.send.failures")
                .description("Kafka sends that failed (then retried from the delivered index)").register(meters);
    }

    @Override
    public String roleName() {
        return "walkout-relay";
    }

    @Override
    public void onStart() {
        tailer = journal.tailer();
        long delivered = position.delivered();
        before = delivered;
        if (!tailer.resumeAfter(delivered)) {
            LOG.warn("relay: delivered index {} not in the journal; relaying from the start", delivered);
        }
        running = true;
        LOG.info("relay started after journal index {}", delivered);
    }

    @Override
    public int doWork() {
        if (isFailed()) {
            return recover();
        }
        if (retryAtMs > 0 && clock.time() < retryAtMs) {
            return 0;
        }
        retryAtMs = 0;
        int work = 0;
        while (work < BATCH && hasRoom()) {
            long index = tailer.readNext(this);
            if (index < 0) {
                break;
            }
            if (tagRecord) {
                tagRecord = false;
                skip(index);
            }
            before = index;
            work++;
            if (isFailed()) {
                break;
            }
        }
        if (smoother != null && !isFailed()) {
            work += smoother.flushDue(clock.time(), windowHandler);
        }
        return work;
    }

    /** Stops reading; the owner then closes the producer with a timeout, which flushes what is in flight. */
    @Override
    public void onClose() {
        running = false;
        if (smoother != null && !isFailed()) {
            // the owner closes the producer next, which flushes these too
            smoother.flushAll(windowHandler);
        }
        if (tailer != null) {
            tailer.close();
        }
        LOG.info("relay stopped at delivered journal index {}", position.delivered());
    }

    /** True while the agent runs and its last send did not fail. */
    public boolean isUp() {
        return running && !lastSendFailed;
    }

    /** Records the producer acknowledged since this agent was made. */
    public long relayed() {
        return relayed.get();
    }

    /** Smoothing windows open now (0 without smoothing); read it on the agent thread or as a rough gauge. */
    public int openWindows() {
        return smoother == null ? 0 : smoother.openWindows();
    }

    public long deliveredIndex() {
        return position.delivered();
    }

    private int recover() {
        // let every record in flight resolve, so the delivered index is final before rewinding
        try {
            producer.flush();
        } catch (RuntimeException e) {
            LOG.warn("relay: flush while recovering failed: {}", e.toString());
        }
        long delivered;
        synchronized (this) {
            // sequences stay monotonic, so a late callback from before the rewind is recognised and ignored
            for (long sequence = head; sequence < tail; sequence++) {
                inFlightAcked[(int) (sequence & MASK)] = false;
            }
            head = tail;
            failed = false;
            if (smoother != null) {
                smoother.clear();
            }
            delivered = position.delivered();
        }
        tailer.resumeAfter(delivered);
        before = delivered;
        tagRecord = false;
        retryAtMs = clock.time() + retryDelayMs;
        LOG.info("relay: resending from after journal index {} in {} ms", delivered, retryDelayMs);
        return 1;
    }

    private synchronized boolean isFailed() {
        return failed;
    }

    /** Room for the next record's slots, however many reads it holds. */
    private synchronized boolean hasRoom() {
        return tail - head <= IN_FLIGHT_CAPACITY - RECORD_SLOTS;
    }

    private void send(String topic, long index, long atMillis, byte[] value) {
        send(topic, reserve(index), index, atMillis, value);
    }

    /** Takes the next in-flight slot for {@code index}, not yet acknowledged. */
    private synchronized long reserve(long index) {
        long sequence = tail++;
        inFlightIndex[(int) (sequence & MASK)] = index;
        inFlightAcked[(int) (sequence & MASK)] = false;
        return sequence;
    }

    private void send(String topic, long sequence, long index, long atMillis, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, null, atMillis, storeId, value),
                    (metadata, exception) -> onAck(sequence, index, exception));
        } catch (RuntimeException e) {
            // e.g. metadata not available within max.block.ms: Kafka is unreachable
            onAck(sequence, index, e);
        }
    }

    /**
     * Moves the delivered index to {@code index} once everything before it is delivered: a record with nothing left
     * to send (not relayed, or a tag record whose reads are all sent or folded into windows). Consecutive ones share
     * one slot (the last slot, already acknowledged, just moves to this index), so records behind an open window do
     * not fill the ring.
     */
    private synchronized void skip(long index) {
        if (head == tail) {
            position.store(index);
            return;
        }
        int last = (int) ((tail - 1) & MASK);
        if (inFlightAcked[last]) {
            inFlightIndex[last] = index;
            return;
        }
        long sequence = tail++;
        inFlightIndex[(int) (sequence & MASK)] = index;
        inFlightAcked[(int) (sequence & MASK)] = true;
    }

    private void onAck(long sequence, long index, Exception exception) {
        if (exception != null) {
            sendFailures.increment();
            if (!lastSendFailed) {
                LOG.warn("relay: send of journal index {} failed: {}", index, exception.toString());
            }
            lastSendFailed = true;
            synchronized (this) {
                failed = true;
            }
            return;
        }
        lastSendFailed = false;
        relayed.incrementAndGet();
        acknowledge(sequence);
    }

    private synchronized void acknowledge(long sequence) {
        if (sequence < head || sequence >= tail) {
            return; // sent before a rewind: its slot has been reused
        }
        inFlightAcked[(int) (sequence & MASK)] = true;
        boolean advanced = false;
        long delivered = 0;
        while (head < tail && inFlightAcked[(int) (head & MASK)]) {
            inFlightAcked[(int) (head & MASK)] = false;
            delivered = inFlightIndex[(int) (head & MASK)];
            head++;
            advanced = true;
        }
        if (advanced) {
            position.store(delivered);
        }
    }

    /**
     * A read's in-flight slot carries {@link #before}, not its own record's index: the record's other reads may not
     * be sent yet. The record's index follows once it is read whole ({@link #doWork}); a read folded into an open
     * window or dropped takes no slot of its own.
     */
    @Override
    public void onTagRead(long index, int slot, String readerId, long epcHi, int epcLo, int antenna,
                          int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
        tagRecord = true;
        if ((int) (epcHi >>> 56) != SGTIN_96_HEADER) {
            nonSgtinReads.increment();
        }
        if (smoother != null) {
            Integer reader = readerIndexes.get(readerId);
            if (reader == null || !readersByIndex[reader].antennas().containsKey(antenna)) {
                dropUnknown(index, readerId, antenna);
                return;
            }
            int window = smoother.onRead(reader, epcHi, epcLo, antenna, peakRssiDbm, firstSeenMicros, lastSeenMicros,
                    seenCount, index, slot, clock.time(), windowHandler);
            if (window != ReadSmoother.ABSORBED) {
                smoother.token(window, reserve(before));
            }
            return;
        }
        relayTag(index, slot, readerId, Epc.hex96(epcHi, epcLo), antenna, peakRssiDbm, firstSeenMicros,
                lastSeenMicros, seenCount);
    }

    private void onWindow(int reader, long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                          long lastSeenMicros, int seenCount, long firstIndex, int firstSlot, long sequence) {
        ReaderConfig config = readersByIndex[reader];
        AntennaConfig where = config.antennas().get(antenna);
        TagSeen seen = tagSeen(recordId(config.id(), firstIndex, firstSlot), config.id(), Epc.hex96(epcHi, epcLo),
                antenna, where, peakRssiDbm, firstSeenMicros, lastSeenMicros, seenCount);
        send(Topics.TAG_READS.name(), sequence, firstIndex, seen.atMillis(),
                tagSerializer.serialize(Topics.TAG_READS.name(), seen));
    }

    /**
     * A tag read's id downstream: its reader, journal record and place in the record; {@code readerId:index} for
     * slot 0 (as every read had before records held more than one), {@code readerId:index.slot} after it.
     */
    static String recordId(String readerId, long index, int slot) {
        return slot == 0 ? readerId + ":" + index : readerId + ":" + index + "." + slot;
    }

    private TagSeen tagSeen(String recordId, String readerId, String epc, int antenna, AntennaConfig where,
                            int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
        int rssiCdbm = peakRssiDbm == LlrpMessageHandler.NO_RSSI ? Integer.MIN_VALUE : peakRssiDbm * 100;
        return new TagSeen(storeId, recordId, readerId, antenna, where.zone(),
                where.side() == null ? PortalSide.NONE : where.side(), epc, firstSeenMicros, lastSeenMicros,
                rssiCdbm, seenCount);
    }

    @Override
    public void onLongEpcTagRead(long index, String readerId, String epcHex, int epcBits, int antenna,
                                 int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
        tagRecord = true;
        nonSgtinReads.increment();
        relayTag(index, 0, readerId, epcHex, antenna, peakRssiDbm, firstSeenMicros, lastSeenMicros, seenCount);
    }

    /** One read as one {@link TagSeen}; its in-flight slot carries {@link #before} (see {@link #onTagRead}). */
    private void relayTag(long index, int slot, String readerId, String epc, int antenna, int peakRssiDbm,
                          long firstSeenMicros, long lastSeenMicros, int seenCount) {
        ReaderConfig reader = readers.get(readerId);
        AntennaConfig where = reader == null ? null : reader.antennas().get(antenna);
        if (where == null) {
            dropUnknown(index, readerId, antenna);
            return;
        }
        TagSeen seen = tagSeen(recordId(readerId, index, slot), readerId, epc, antenna, where, peakRssiDbm,
                firstSeenMicros, lastSeenMicros, seenCount);
        send(Topics.TAG_READS.name(), reserve(before), index, seen.atMillis(),
                tagSerializer.serialize(Topics.TAG_READS.name(), seen));
    }

    private void dropUnknown(long index, String readerId, int antenna) {
        droppedReads.increment();
        if (loggedUnknownAntennas.add(readerId + "/" + antenna)) {
            LOG.warn("relay: reader={} antenna={} is not in the layout; its reads are kept in the journal and not "
                    + "relayed (first at journal index {})", readerId, antenna, index);
        }
    }

    @Override
    public void onShopperEntered(long index, String visitId, String customerId, String gateId, long atMillis) {
        ShopperEvent event = new ShopperEntered(storeId, visitId, customerId, gateId, atMillis);
        send(Topics.SHOPPER_EVENTS.name(), index, atMillis,
                shopperSerializer.serialize(Topics.SHOPPER_EVENTS.name(), event));
    }

    @Override
    public void onBeaconSighted(long index, String customerId, String beaconId, String zone, int rssiDbm,
                                long atMillis) {
        ShopperEvent event = new BeaconSighted(storeId, customerId, beaconId, zone, rssiDbm, atMillis);
        send(Topics.SHOPPER_EVENTS.name(), index, atMillis,
                shopperSerializer.serialize(Topics.SHOPPER_EVENTS.name(), event));
    }

    @Override
    public void onCustomerRegistered(long index, String customerId, String name, String paymentMethod,
                                     long atMillis) {
        CustomerRegistered event = new CustomerRegistered(storeId, customerId, name, paymentMethod, atMillis);
        send(Topics.CUSTOMERS.name(), index, atMillis, customerSerializer.serialize(Topics.CUSTOMERS.name(), event));
    }

    @Override
    public void onUnknownRecord(long index, int type) {
        LOG.warn("relay: journal index {} has unknown record type {}; skipped", index, type);
        skip(index);
    }

}
