package walkout.ingest.journal;

/**
 * Receives journal records as {@link JournalTailer} reads them, each with its Chronicle index. Called on the
 * tailer's thread; arguments are only valid during the call.
 */
public interface JournalRecordHandler {
    /**
     * A tag read with a 96-bit EPC; {@code peakRssiDbm} is {@code LlrpMessageHandler.NO_RSSI} when unknown. The
     * read is {@code (index, slot)}: a TAG_READS record holds a report's reads, called in order with slots 0, 1, ...;
     * a one-read record has slot 0.
     */
    void onTagRead(long index, int slot, String readerId, long epcHi, int epcLo, int antenna, int peakRssiDbm,
                   long firstSeenMicros, long lastSeenMicros, int seenCount);

    /** A tag read whose EPC is not 96 bits, as upper-case hex. */
    default void onLongEpcTagRead(long index, String readerId, String epcHex, int epcBits, int antenna,
                                  int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
    }

    // Device events: a handler that only wants tag reads (replay, benchmarks) leaves these as they are.
    default void onShopperEntered(long index, String visitId, String customerId, String gateId, long atMillis) {
    }


    default void onBeaconSighted(long index, String customerId, String beaconId, String zone, int rssiDbm,
                                 long atMillis) {
    }


    default void onCustomerRegistered(long index, String customerId, String name, String paymentMethod,
                                      long atMillis) {
    }


    /** A record this version does not know (a newer writer, or damage): skipped, never fatal. */
    default void onUnknownRecord(long index, int type) {
    }
}
