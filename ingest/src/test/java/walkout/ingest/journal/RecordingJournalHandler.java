package walkout.ingest.journal;

import java.util.ArrayList;
import java.util.List;

/** Test handler: every record as one readable line, with its index kept apart. */
public final class RecordingJournalHandler implements JournalRecordHandler {
    public final List<String> lines = new ArrayList<>();
    public final List<Long> indexes = new ArrayList<>();
    /** The slot of each EPC-96 read in its record, in order. */
    public final List<Integer> slots = new ArrayList<>();

    /** Every record in {@code journal}, from its first, one line each. */
    public static List<String> linesOf(Journal journal) {
        RecordingJournalHandler handler = new RecordingJournalHandler();
        try (JournalTailer tailer = journal.tailer()) {
            while (tailer.readNext(handler) >= 0) {
                // read everything there is
            }
        }
        return handler.lines;
    }

    @Override
    public void onTagRead(long index, int slot, String readerId, long epcHi, int epcLo, int antenna,
                          int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
        slots.add(slot);
        add(index, String.format("tag %s %016X%08X a=%d rssi=%d %d..%d x%d", readerId, epcHi, epcLo, antenna,
                peakRssiDbm, firstSeenMicros, lastSeenMicros, seenCount));
    }

    @Override
    public void onLongEpcTagRead(long index, String readerId, String epcHex, int epcBits, int antenna,
                                 int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
        add(index, String.format("long %s %s/%d a=%d rssi=%d %d..%d x%d", readerId, epcHex, epcBits, antenna,
                peakRssiDbm, firstSeenMicros, lastSeenMicros, seenCount));
    }

    @Override
    public void onShopperEntered(long index, String visitId, String customerId, String gateId, long atMillis) {
        add(index, "entered " + visitId + " " + customerId + " " + gateId + " " + atMillis);
    }

    @Override
    public void onBeaconSighted(long index, String customerId, String beaconId, String zone, int rssiDbm,
                                long atMillis) {
        add(index, "sighted " + customerId + " " + beaconId + " " + zone + " " + rssiDbm + " " + atMillis);
    }

    @Override
    public void onCustomerRegistered(long index, String customerId, String name, String paymentMethod,
                                     long atMillis) {
        add(index, "registered " + customerId + " " + name + " " + paymentMethod + " " + atMillis);
    }

    @Override
    public void onUnknownRecord(long index, int type) {
        add(index, "unknown " + type);
    }

    private void add(long index, String line) {
        indexes.add(index);
        lines.add(line);
    }
}
