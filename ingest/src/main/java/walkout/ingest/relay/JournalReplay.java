package walkout.ingest.relay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import walkout.events.Epc;
import walkout.events.PortalSide;
import walkout.events.TagSeen;
import walkout.events.topic.Topics;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;
import walkout.ingest.journal.JournalRecordHandler;
import walkout.ingest.journal.JournalTailer;
import walkout.ingest.llrp.LlrpMessageHandler;

/**
 * Re-publishes a range of the journal's raw tag reads (no smoothing: one {@link TagSeen} per journaled read, the
 * relay's {@code recordId} ({@code readerId:journalIndex[.slot]}), zone and side from the given layout) to a named
 * topic, keyed by store id with the read's event time as timestamp: for audit, or to feed tracking again with other
 * settings. Device events and reads from antennas not in the layout are skipped. What
 * {@code ./walkout replay --from --to --topic} runs.
 *
 * <p>Single use, on the calling thread; the caller owns (and flushes or closes) the producer.
 */
public final class JournalReplay {
    private final String storeId;
    private final Map<String, ReaderConfig> readers = new HashMap<>();
    private final Journal journal;
    private final Serializer<TagSeen> serializer = Topics.TAG_READS.valueSerde().serializer();

    public JournalReplay(String storeId, List<ReaderConfig> readers, Journal journal) {
        this.storeId = storeId;
        for (ReaderConfig reader : readers) {
            this.readers.put(reader.id(), reader);
        }
        this.journal = journal;
    }

    /**
     * Sends every tag read whose journal index is in {@code [fromIndex, toIndex]} and whose event time (first seen,
     * ms) is in {@code [fromMillis, toMillis]}.
     *
     * @param fromIndex  first journal index, below 0 for the start
     * @param toIndex    last journal index, below 0 for the end as of now
     * @param fromMillis earliest event time, {@code Long.MIN_VALUE} for any
     * @param toMillis   latest event time, {@code Long.MAX_VALUE} for any
     * @return the number of reads sent
     */
    public long replay(long fromIndex, long toIndex, long fromMillis, long toMillis, String topic,
                       Producer<String, byte[]> producer) {
        long[] sent = {0};
        JournalRecordHandler handler = new JournalRecordHandler() {
            @Override
            public void onTagRead(long index, int slot, String readerId, long epcHi, int epcLo, int antenna,
                                  int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
                send(index, slot, readerId, Epc.hex96(epcHi, epcLo), antenna, peakRssiDbm,
                        firstSeenMicros, lastSeenMicros, seenCount);
            }

            @Override
            public void onLongEpcTagRead(long index, String readerId, String epcHex, int epcBits, int antenna,
                                         int peakRssiDbm, long firstSeenMicros, long lastSeenMicros,
                                         int seenCount) {
                send(index, 0, readerId, epcHex, antenna, peakRssiDbm, firstSeenMicros, lastSeenMicros,
                        seenCount);
            }

            private void send(long index, int slot, String readerId, String epc, int antenna, int peakRssiDbm,
                              long firstSeenMicros, long lastSeenMicros, int seenCount) {
                ReaderConfig reader = readers.get(readerId);
                AntennaConfig where = reader == null ? null : reader.antennas().get(antenna);
                long atMillis = firstSeenMicros / 1000;
                if (where == null || atMillis < fromMillis || atMillis > toMillis
                        || (toIndex >= 0 && index > toIndex)) {
                    return;
                }
                TagSeen seen = new TagSeen(storeId, RelayAgent.recordId(readerId, index, slot), readerId, antenna,
                        where.zone(), where.side() == null ? PortalSide.NONE : where.side(), epc, firstSeenMicros,
                        lastSeenMicros, peakRssiDbm == LlrpMessageHandler.NO_RSSI ? Integer.MIN_VALUE
                        : peakRssiDbm * 100, seenCount);
                producer.send(new ProducerRecord<>(topic, null, atMillis, storeId, serializer.serialize(topic, seen)));
                sent[0]++;
            }
        };
        try (JournalTailer tailer = journal.tailer()) {
            tailer.moveTo(fromIndex);
            long index;
            while ((index = tailer.readNext(handler)) >= 0) {
                if (toIndex >= 0 && index >= toIndex) {
                    break;
                }
            }
        }
        return sent[0];
    }
}
