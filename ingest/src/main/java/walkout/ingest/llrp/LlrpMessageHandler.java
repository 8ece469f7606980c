package walkout.ingest.llrp;

import org.agrona.DirectBuffer;

/**
 * What {@link LlrpDecoder} finds in a reader's message, handed over as primitives. Every method has a no-op default
 * so a handler implements only what it needs. Called on the decoding thread, synchronously, from inside
 * {@link LlrpDecoder#decode}; buffers passed in are only valid during the call.
 */
public interface LlrpMessageHandler {
    /** {@code peakRssiDbm} has this value when the report carries no PeakRSSI. */
    int NO_RSSI = Integer.MIN_VALUE;

    /**
     * One TagReportData with a 96-bit EPC (EPC-96 TV 13, or EPCData TLV 241 of exactly 96 bits).
     *
     * @param epcHi           the EPC's first 64 bits
     * @param epcLo           the EPC's last 32 bits
     * @param antenna         AntennaID, 0 when absent
     * @param peakRssiDbm     PeakRSSI in dBm, {@link #NO_RSSI} when absent
     * @param firstSeenMicros FirstSeenTimestampUTC, microseconds since the epoch, 0 when absent
     * @param lastSeenMicros  LastSeenTimestampUTC, equal to {@code firstSeenMicros} when absent
     * @param seenCount       TagSeenCount, 1 when absent
     */
    default void onTagReport(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                             long lastSeenMicros, int seenCount) {
    }

    /**
     * One TagReportData whose EPC is not 96 bits long (EPCData TLV 241), e.g. SGTIN-198. The EPC's bytes are
     * {@code buffer[epcOffset, epcOffset + (epcBits + 7) / 8)}; other arguments as in {@link #onTagReport}.
     */
    default void onLongEpcTagReport(DirectBuffer buffer, int epcOffset, int epcBits, int antenna, int peakRssiDbm,
                                    long firstSeenMicros, long lastSeenMicros, int seenCount) {
    }

    /** READER_EVENT_NOTIFICATION with a ConnectionAttemptEvent; {@code utcMicros} 0 when the reader sent Uptime. */
    default void onConnectionAttempt(int status, long utcMicros) {
    }

    /** READER_EVENT_NOTIFICATION with a ConnectionCloseEvent: the reader is about to close. */
    default void onConnectionClose() {
    }

    /**
     * A message carrying an LLRPStatus: any response, or ERROR_MESSAGE.
     *
     * @param statusCode  0 = M_Success
     * @param description the ErrorDescription, empty when none
     */
    default void onStatus(int messageType, long messageId, int statusCode, String description) {
    }

    /**
     * READER_EVENT_NOTIFICATION whose timestamp is an Uptime (a reader without a UTC clock): microseconds since the
     * reader booted, as of now. Lets the session work out the reader's clock offset (see
     * {@link LlrpDecoder#uptimeOffsetMicros(long)}).
     */
    default void onReaderUptime(long uptimeMicros) {
    }

    /**
     * GET_READER_CAPABILITIES_RESPONSE's GeneralDeviceCapabilities, handed over before the response's
     * {@link #onStatus}.
     *
     * @param maxAntennas MaxNumberOfAntennaSupported: antenna ports are 1..maxAntennas
     */
    default void onCapabilities(int maxAntennas, boolean hasUtcClock) {
    }

    /**
     * GET_READER_CONFIG_RESPONSE's Identification, handed over before the response's {@link #onStatus}.
     *
     * @param idType   0 = MAC address, 1 = EPC
     * @param buffer   holds the ReaderID bytes at {@code [offset, offset + length)}, valid during the call only
     */
    default void onIdentification(int idType, DirectBuffer buffer, int offset, int length) {
    }

    /** KEEPALIVE; answer KEEPALIVE_ACK with the same id. */
    default void onKeepalive(long messageId) {
    }

    /** Any other well-formed message; its body was not inspected. */
    default void onOtherMessage(int messageType, long messageId) {
    }
}
