package walkout.store.sim;

/**
 * One tag as one antenna saw it during one reader round: what goes into a TagReportData parameter.
 *
 * @param epcHi            first 64 bits of the EPC-96
 * @param epcLo            last 32 bits of the EPC-96
 * @param antenna          antenna port, 1-based as in the layout
 * @param peakRssiDbm      strongest signal of the round, dBm
 * @param firstSeenMicros  first read in the round, microseconds since the epoch
 * @param lastSeenMicros   last read in the round, microseconds since the epoch
 * @param seenCount        reads in the round, at least 1
 */
public record TagRead(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros, long lastSeenMicros,
                      int seenCount) {
}
