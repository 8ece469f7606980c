package walkout.events;

/**
 * One tag seen by one reader antenna over a short window (smoothed), as relayed from the journal.
 *
 * <p>Times are the reader's own clock, microseconds since the epoch. {@code zone} and {@code side} come from the
 * layout's antenna map at ingest. {@code epc} is upper-case hex (24 digits for EPC-96).
 *
 * @param recordId unique per journaled read ({@code readerId:journalIndex[.slot]}); lets consumers drop at-least-once
 *                 repeats
 */
public record TagSeen(
        String storeId,
        String recordId,
        String readerId,
        int antenna,
        String zone,
        PortalSide side,
        String epc,
        long firstSeenMicros,
        long lastSeenMicros,
        int peakRssiCdbm,
        int seenCount) {

    /** Event time of this read in epoch milliseconds (first seen). */
    public long atMillis() {
        return firstSeenMicros / 1000;
    }
}
