package walkout.ingest.llrp;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/**
 * Encodes what the CLIENT (ingest) sends a reader, LLRP 1.0.1, big-endian. Every frame is written at offset 0 of
 * the buffer; each method returns the frame length. Not thread-safe.
 */
public final class LlrpClientEncoder {
    /** TagReportContentSelector bits, most significant first as the spec lists them. */
    static final int ENABLE_ANTENNA_ID = 1 << 12;
    static final int ENABLE_PEAK_RSSI = 1 << 10;
    static final int ENABLE_FIRST_SEEN_TIMESTAMP = 1 << 9;
    static final int ENABLE_LAST_SEEN_TIMESTAMP = 1 << 8;
    static final int ENABLE_TAG_SEEN_COUNT = 1 << 7;

    /** ROSpecStartTriggerType: started by START_ROSPEC. */
    public static final int START_TRIGGER_NULL = 0;
    /** ROSpecStartTriggerType: starts as soon as it is enabled. */
    public static final int START_TRIGGER_IMMEDIATE = 1;

    private static final int ROREPORT_UPON_N_OR_END_OF_AISPEC = 1;
    private static final int ROREPORT_UPON_N_OR_END_OF_ROSPEC = 2;
    private static final int AISPEC_STOP_NULL = 0;
    private static final int AISPEC_STOP_DURATION = 1;
    private static final int PROTOCOL_EPC_GLOBAL_C1G2 = 1;
    private static final int TLV = LlrpParameterFlyweight.TLV_HEADER_LENGTH;
    private static final int REQUESTED_GENERAL_DEVICE_CAPABILITIES = 1;
    private static final int REQUESTED_IDENTIFICATION = 1;
    private static final int KEEPALIVE_NULL = 0;
    private static final int KEEPALIVE_PERIODIC = 1;

    private final MutableDirectBuffer buffer;

    public LlrpClientEncoder(MutableDirectBuffer buffer) {
        this.buffer = buffer;
    }

    /** DELETE_ROSPEC; {@code rospecId} 0 deletes every ROSpec on the reader. */
    public int deleteRospec(long messageId, long rospecId) {
        return withRospecId(MessageType.DELETE_ROSPEC, messageId, rospecId);
    }

    public int enableRospec(long messageId, long rospecId) {
        return withRospecId(MessageType.ENABLE_ROSPEC, messageId, rospecId);
    }

    public int startRospec(long messageId, long rospecId) {
        return withRospecId(MessageType.START_ROSPEC, messageId, rospecId);
    }

    /** GET_READER_CAPABILITIES asking for the General Device Capabilities (antenna count, UTC clock). */
    public int getReaderCapabilities(long messageId) {
        int length = LlrpHeaderFlyweight.LENGTH + 1;
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.GET_READER_CAPABILITIES, length, messageId);
        buffer.putByte(LlrpHeaderFlyweight.LENGTH, (byte) REQUESTED_GENERAL_DEVICE_CAPABILITIES);
        return length;
    }

    /**
     * GET_READER_CONFIG asking for the reader's Identification only: AntennaID 0, RequestedData 1, GPIPortNum 0,
     * GPOPortNum 0 (u16, u8, u16, u16).
     */
    public int getReaderConfigIdentification(long messageId) {
        int cursor = LlrpHeaderFlyweight.LENGTH;
        buffer.putShort(cursor, (short) 0, BIG_ENDIAN);
        buffer.putByte(cursor + 2, (byte) REQUESTED_IDENTIFICATION);
        buffer.putShort(cursor + 3, (short) 0, BIG_ENDIAN);
        buffer.putShort(cursor + 5, (short) 0, BIG_ENDIAN);
        cursor += 7;
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.GET_READER_CONFIG, cursor, messageId);
        return cursor;
    }

    /**
     * SET_READER_CONFIG (no factory reset) with a KeepaliveSpec: periodic KEEPALIVE every {@code keepaliveMs}, or
     * none when 0.
     */
    public int setReaderConfigKeepalive(long messageId, long keepaliveMs) {
        int cursor = LlrpHeaderFlyweight.LENGTH;
        buffer.putByte(cursor++, (byte) 0);             // ResetToFactoryDefault = 0, reserved
        cursor = tlvHeader(cursor, ParameterType.KEEPALIVE_SPEC, TLV + 5);
        buffer.putByte(cursor, (byte) (keepaliveMs > 0 ? KEEPALIVE_PERIODIC : KEEPALIVE_NULL));
        buffer.putInt(cursor + 1, (int) Math.max(0, keepaliveMs), BIG_ENDIAN);
        cursor += 5;
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.SET_READER_CONFIG, cursor, messageId);
        return cursor;
    }

    public int keepaliveAck(long messageId) {
        return headerOnly(MessageType.KEEPALIVE_ACK, messageId);
    }

    public int closeConnection(long messageId) {
        return headerOnly(MessageType.CLOSE_CONNECTION, messageId);
    }

    /**
     * ADD_ROSPEC: one ROSpec (disabled, priority 0) with no stop trigger, one AISpec over all antennas (AntennaID 0)
     * running a Gen2 inventory, and an ROReportSpec whose TagReportContentSelector enables AntennaID, PeakRSSI,
     * FirstSeenTimestamp, LastSeenTimestamp and TagSeenCount.
     *
     * <p>Reporting: with {@code reportEveryMs > 0} the AISpec stops after that duration and the reader reports at the
     * end of each AISpec (the ROSpec, having no stop trigger, loops), or sooner after {@code reportEveryTags} tags
     * when that is above 0. With {@code reportEveryMs == 0} the reader reports every {@code reportEveryTags} tags
     * (at least 1: with N = 0 and no end to the ROSpec the reader would never report).
     *
     * @param startTrigger {@link #START_TRIGGER_NULL} (needs START_ROSPEC) or {@link #START_TRIGGER_IMMEDIATE}
     */
    public int addRospec(long messageId, long rospecId, int startTrigger, long reportEveryMs, int reportEveryTags) {
        int cursor = LlrpHeaderFlyweight.LENGTH;
        int rospec = cursor;
        cursor += TLV;
        buffer.putInt(cursor, (int) rospecId, BIG_ENDIAN);
        buffer.putByte(cursor + 4, (byte) 0);           // Priority
        buffer.putByte(cursor + 5, (byte) 0);           // CurrentState: Disabled
        cursor += 6;

        int boundary = cursor;
        cursor += TLV;
        cursor = tlvHeader(cursor, ParameterType.RO_SPEC_START_TRIGGER, TLV + 1);
        buffer.putByte(cursor++, (byte) startTrigger);
        cursor = tlvHeader(cursor, ParameterType.RO_SPEC_STOP_TRIGGER, TLV + 5);
        buffer.putByte(cursor, (byte) 0);               // Null: runs until stopped or deleted
        buffer.putInt(cursor + 1, 0, BIG_ENDIAN);
        cursor += 5;
        tlvHeader(boundary, ParameterType.RO_BOUNDARY_SPEC, cursor - boundary);

        int aiSpec = cursor;
        cursor += TLV;
        buffer.putShort(cursor, (short) 1, BIG_ENDIAN);  // AntennaCount
        buffer.putShort(cursor + 2, (short) 0, BIG_ENDIAN); // AntennaID 0 = every antenna
        cursor += 4;
        cursor = tlvHeader(cursor, ParameterType.AI_SPEC_STOP_TRIGGER, TLV + 5);
        buffer.putByte(cursor, (byte) (reportEveryMs > 0 ? AISPEC_STOP_DURATION : AISPEC_STOP_NULL));
        buffer.putInt(cursor + 1, (int) Math.max(0, reportEveryMs), BIG_ENDIAN);
        cursor += 5;
        cursor = tlvHeader(cursor, ParameterType.INVENTORY_PARAMETER_SPEC, TLV + 3);
        buffer.putShort(cursor, (short) 1, BIG_ENDIAN);  // InventoryParameterSpecID
        buffer.putByte(cursor + 2, (byte) PROTOCOL_EPC_GLOBAL_C1G2);
        cursor += 3;
        tlvHeader(aiSpec, ParameterType.AI_SPEC, cursor - aiSpec);

        int report = cursor;
        cursor += TLV;
        buffer.putByte(cursor, (byte) (reportEveryMs > 0
                ? ROREPORT_UPON_N_OR_END_OF_AISPEC : ROREPORT_UPON_N_OR_END_OF_ROSPEC));
        int n = reportEveryMs > 0 ? Math.max(0, reportEveryTags) : Math.max(1, reportEveryTags);
        buffer.putShort(cursor + 1, (short) n, BIG_ENDIAN);
        cursor += 3;
        cursor = tlvHeader(cursor, ParameterType.TAG_REPORT_CONTENT_SELECTOR, TLV + 2);
        buffer.putShort(cursor, (short) (ENABLE_ANTENNA_ID | ENABLE_PEAK_RSSI | ENABLE_FIRST_SEEN_TIMESTAMP
                | ENABLE_LAST_SEEN_TIMESTAMP | ENABLE_TAG_SEEN_COUNT), BIG_ENDIAN);
        cursor += 2;
        tlvHeader(report, ParameterType.RO_REPORT_SPEC, cursor - report);

        tlvHeader(rospec, ParameterType.RO_SPEC, cursor - rospec);
        LlrpHeaderFlyweight.write(buffer, 0, MessageType.ADD_ROSPEC, cursor, messageId);
        return cursor;
    }

    private int withRospecId(int type, long messageId, long rospecId) {
        int length = LlrpHeaderFlyweight.LENGTH + 4;
        LlrpHeaderFlyweight.write(buffer, 0, type, length, messageId);
        buffer.putInt(LlrpHeaderFlyweight.LENGTH, (int) rospecId, BIG_ENDIAN);
        return length;
    }

    private int headerOnly(int type, long messageId) {
        LlrpHeaderFlyweight.write(buffer, 0, type, LlrpHeaderFlyweight.LENGTH, messageId);
        return LlrpHeaderFlyweight.LENGTH;
    }

    private int tlvHeader(int offset, int type, int length) {
        buffer.putShort(offset, (short) type, BIG_ENDIAN);
        buffer.putShort(offset + 2, (short) length, BIG_ENDIAN);
        return offset + TLV;
    }
}
