package walkout.ingest.llrp;

import static java.nio.ByteOrder.BIG_ENDIAN;

import java.nio.charset.StandardCharsets;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes what a READER sends (LLRP 1.0.1, big-endian): the store simulator and tests play readers with it.
 * Every frame is written at offset 0 of the buffer given to the constructor; each method returns (or
 * {@link #finishReport()} returns) the frame length, so the caller sends bytes {@code [0, length)}. The buffer must be
 * large enough, or expandable (for example {@code ExpandableArrayBuffer}).
 *
 * <p>Not thread-safe; one instance per writing thread. A report is built with {@link #beginReport(long)}, any number
 * of {@link #addTag}, then {@link #finishReport()}, without allocation.
 */
public final class LlrpReaderEncoder {
    private static final int TLV_HEADER_LENGTH = 4;
    private static final int TV_FLAG = 0x80;

    private final MutableDirectBuffer buffer;
    private int reportCursor = -1;

    public LlrpReaderEncoder(MutableDirectBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * READER_EVENT_NOTIFICATION with ReaderEventNotificationData holding a UTCTimestamp and a ConnectionAttemptEvent.
     *
     * @param status 0 success, 1 failed (reader-initiated connection already exists), 2 failed (client-initiated
     *               connection already exists), 3 failed (any other reason), 4 another connection attempted
     * @return the frame length (32)
     */
    public int connectionAttempt(long messageId, long utcMicros, int status) {
        int cursor = LlrpHeaderFlyweight.LENGTH;
        int dataStart = cursor;
        cursor += TLV_HEADER_LENGTH;
        cursor = putTlvHeader(cursor, ParameterType.UTC_TIMESTAMP, TLV_HEADER_LENGTH + 8);
        buffer.putLong(cursor, utcMicros, BIG_ENDIAN);
        cursor += 8;
        cursor = putTlvHeader(cursor, ParameterType.CONNECTION_ATTEMPT_EVENT, TLV_HEADER_LENGTH + 2);
        buffer.putShort(cursor, (short) status, BIG_ENDIAN);
        cursor += 2;
        putTlvHeader(dataStart, ParameterType.READER_EVENT_NOTIFICATION_DATA, cursor - dataStart);
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.READER_EVENT_NOTIFICATION, cursor, messageId);
        return cursor;
    }

    /**
     * READER_EVENT_NOTIFICATION from a reader without a UTC clock: an Uptime (microseconds since boot) and a
     * ConnectionAttemptEvent.
     */
    public int connectionAttemptUptime(long messageId, long uptimeMicros, int status) {
        int length = connectionAttempt(messageId, uptimeMicros, status);
        putTlvHeader(LlrpHeaderFlyweight.LENGTH + TLV_HEADER_LENGTH, ParameterType.UPTIME, TLV_HEADER_LENGTH + 8);
        return length;
    }

    /**
     * GET_READER_CAPABILITIES_RESPONSE: LLRPStatus success, then GeneralDeviceCapabilities with
     * {@code maxAntennas} and the UTC clock flag (manufacturer 0, model 0, firmware "test").
     */
    public int capabilitiesResponse(long messageId, int maxAntennas, boolean hasUtcClock) {
        int cursor = response(MessageType.GET_READER_CAPABILITIES_RESPONSE, messageId, 0, "");
        int start = cursor;
        cursor += TLV_HEADER_LENGTH;
        buffer.putShort(cursor, (short) maxAntennas, BIG_ENDIAN);
        buffer.putShort(cursor + 2, (short) (hasUtcClock ? 0x4000 : 0), BIG_ENDIAN);
        buffer.putInt(cursor + 4, 0, BIG_ENDIAN);
        buffer.putInt(cursor + 8, 0, BIG_ENDIAN);
        byte[] firmware = "test".getBytes(StandardCharsets.UTF_8);
        buffer.putShort(cursor + 12, (short) firmware.length, BIG_ENDIAN);
        buffer.putBytes(cursor + 14, firmware);
        cursor += 14 + firmware.length;
        putTlvHeader(start, ParameterType.GENERAL_DEVICE_CAPABILITIES, cursor - start);
        buffer.putInt(LlrpHeaderFlyweight.LENGTH_OFFSET, cursor, BIG_ENDIAN);
        return cursor;
    }

    /** Turns the FirstSeen/LastSeen timestamps of the tags added so far into Uptime ones (TV 3 and 5). */
    public void uptimeTimestamps() {
        int cursor = LlrpHeaderFlyweight.LENGTH;
        while (cursor < reportCursor) {
            int tagEnd = cursor + (buffer.getShort(cursor + 2, BIG_ENDIAN) & 0xFFFF);
            int p = cursor + TLV_HEADER_LENGTH;
            while (p < tagEnd) {
                int type = buffer.getByte(p) & 0x7F;
                if (type == ParameterType.FIRST_SEEN_TIMESTAMP_UTC) {
                    buffer.putByte(p, (byte) (TV_FLAG | ParameterType.FIRST_SEEN_TIMESTAMP_UPTIME));
                } else if (type == ParameterType.LAST_SEEN_TIMESTAMP_UTC) {
                    buffer.putByte(p, (byte) (TV_FLAG | ParameterType.LAST_SEEN_TIMESTAMP_UPTIME));
                }
                p += ParameterType.tvLength(type);
            }
            cursor = tagEnd;
        }
    }

    /** KEEPALIVE; the client answers KEEPALIVE_ACK with the same id. Returns the frame length (10). */
    public int keepalive(long messageId) {
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.KEEPALIVE, LlrpHeaderFlyweight.LENGTH, messageId);
        return LlrpHeaderFlyweight.LENGTH;
    }

    /**
     * A message whose body is one LLRPStatus parameter: any {@code *_RESPONSE} to a ROSpec or connection request, or
     * ERROR_MESSAGE.
     *
     * @param messageType  the response type, e.g. {@link MessageType#ADD_ROSPEC_RESPONSE}
     * @param messageId    the id of the request being answered
     * @param statusCode   LLRP status code, 0 = M_Success
     * @param description  ErrorDescription (UTF-8), may be empty; {@code null} is written as empty
     * @return the frame length
     */
    public int response(int messageType, long messageId, int statusCode, String description) {
        int cursor = LlrpHeaderFlyweight.LENGTH;
        int statusStart = cursor;
        cursor += TLV_HEADER_LENGTH;
        buffer.putShort(cursor, (short) statusCode, BIG_ENDIAN);
        cursor += 2;
        byte[] text = description == null ? new byte[0] : description.getBytes(StandardCharsets.UTF_8);
        buffer.putShort(cursor, (short) text.length, BIG_ENDIAN);
        cursor += 2;
        buffer.putBytes(cursor, text);
        cursor += text.length;
        putTlvHeader(statusStart, ParameterType.LLRP_STATUS, cursor - statusStart);
        LlrpHeaderFlyweight.write(buffer, 0, messageType, cursor, messageId);
        return cursor;
    }

    /**
     * GET_READER_CONFIG_RESPONSE with LLRPStatus M_Success and the reader's Identification.
     *
     * @param idType   0 = MAC address, 1 = EPC
     * @param readerId the ReaderID bytes (e.g. the 6 or 8 bytes of a MAC address)
     * @return the frame length
     */
    public int identificationResponse(long messageId, int idType, byte[] readerId) {
        int cursor = response(MessageType.GET_READER_CONFIG_RESPONSE, messageId, 0, "");
        int start = cursor;
        cursor += TLV_HEADER_LENGTH;
        buffer.putByte(cursor++, (byte) idType);
        buffer.putShort(cursor, (short) readerId.length, BIG_ENDIAN);
        cursor += 2;
        buffer.putBytes(cursor, readerId);
        cursor += readerId.length;
        putTlvHeader(start, ParameterType.IDENTIFICATION, cursor - start);
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.GET_READER_CONFIG_RESPONSE, cursor, messageId);
        return cursor;
    }

    /** Starts an RO_ACCESS_REPORT; follow with {@link #addTag} calls and {@link #finishReport()}. */
    public void beginReport(long messageId) {
        // the length is fixed in finishReport
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.RO_ACCESS_REPORT, LlrpHeaderFlyweight.LENGTH, messageId);
        reportCursor = LlrpHeaderFlyweight.LENGTH;
    }

    /**
     * Appends one TagReportData: EPC-96 (TV 13), AntennaID (TV 1), PeakRSSI (TV 6), FirstSeenTimestampUTC (TV 2),
     * LastSeenTimestampUTC (TV 4), TagSeenCount (TV 8), in the order the spec gives them.
     *
     * @param epcHi           the EPC's first 64 bits
     * @param epcLo           the EPC's last 32 bits
     * @param antenna         antenna port, 1..65535
     * @param peakRssiDbm     peak RSSI in dBm, -128..127
     * @param firstSeenMicros reader UTC time, microseconds since the epoch
     * @param lastSeenMicros  reader UTC time, microseconds since the epoch; {@code <= 0} leaves the parameter out
     * @param seenCount       reads in this report window; {@code <= 0} leaves the parameter out
     */
    public void addTag(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                       long lastSeenMicros, int seenCount) {
        if (reportCursor < 0) {
            throw new IllegalStateException("addTag before beginReport");
        }
        int start = reportCursor;
        int cursor = start + TLV_HEADER_LENGTH;
        buffer.putByte(cursor, (byte) (TV_FLAG | ParameterType.EPC_96));
        buffer.putLong(cursor + 1, epcHi, BIG_ENDIAN);
        buffer.putInt(cursor + 9, epcLo, BIG_ENDIAN);
        cursor += 13;
        buffer.putByte(cursor, (byte) (TV_FLAG | ParameterType.ANTENNA_ID));
        buffer.putShort(cursor + 1, (short) antenna, BIG_ENDIAN);
        cursor += 3;
        buffer.putByte(cursor, (byte) (TV_FLAG | ParameterType.PEAK_RSSI));
        buffer.putByte(cursor + 1, (byte) peakRssiDbm);
        cursor += 2;
        buffer.putByte(cursor, (byte) (TV_FLAG | ParameterType.FIRST_SEEN_TIMESTAMP_UTC));
        buffer.putLong(cursor + 1, firstSeenMicros, BIG_ENDIAN);
        cursor += 9;
        if (lastSeenMicros > 0) {
            buffer.putByte(cursor, (byte) (TV_FLAG | ParameterType.LAST_SEEN_TIMESTAMP_UTC));
            buffer.putLong(cursor + 1, lastSeenMicros, BIG_ENDIAN);
            cursor += 9;
        }
        if (seenCount > 0) {
            buffer.putByte(cursor, (byte) (TV_FLAG | ParameterType.TAG_SEEN_COUNT));
            buffer.putShort(cursor + 1, (short) seenCount, BIG_ENDIAN);
            cursor += 3;
        }
        putTlvHeader(start, ParameterType.TAG_REPORT_DATA, cursor - start);
        reportCursor = cursor;
    }

    /** Fixes the RO_ACCESS_REPORT's length and returns it; the next report starts with {@link #beginReport}. */
    public int finishReport() {
        if (reportCursor < 0) {
            throw new IllegalStateException("finishReport before beginReport");
        }
        int length = reportCursor;
        buffer.putInt(LlrpHeaderFlyweight.LENGTH_OFFSET, length, BIG_ENDIAN);
        reportCursor = -1;
        return length;
    }

    private int putTlvHeader(int offset, int type, int length) {
        buffer.putShort(offset, (short) (type & 0x3FF), BIG_ENDIAN);
        buffer.putShort(offset + 2, (short) length, BIG_ENDIAN);
        return offset + TLV_HEADER_LENGTH;
    }
}
