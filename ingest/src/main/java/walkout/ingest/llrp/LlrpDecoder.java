package walkout.ingest.llrp;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;

/**
 * Decodes one whole LLRP message sent by a reader and hands what it finds to a {@link LlrpMessageHandler}:
 * RO_ACCESS_REPORT (TagReportData with EPC-96 or EPCData, AntennaID, PeakRSSI, First/LastSeenTimestampUTC,
 * TagSeenCount; anything else, Custom included, skipped by length), READER_EVENT_NOTIFICATION
 * (ConnectionAttemptEvent, ConnectionCloseEvent), LLRPStatus in every response and in ERROR_MESSAGE, KEEPALIVE.
 *
 * <p>Timestamps: FirstSeen/LastSeen as Uptime (TV 3 and 5, microseconds since the reader booted) are converted to
 * UTC with the offset given to {@link #uptimeOffsetMicros(long)}; until one is given they are reported as absent
 * (0), and the caller substitutes its own arrival time.
 *
 * <p>Never throws on bad input: {@link #decode} returns a {@link DecodeStatus} and {@link #errorOffset()} says where
 * (from the frame's start) the problem is. Tags decoded before the fault have already been handed over. No
 * allocation on the RO_ACCESS_REPORT path. Not thread-safe: one instance per session or thread.
 */
public final class LlrpDecoder {
    /** Largest frame accepted by default: well above any report a real reader buffers. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 1 << 20;
    private static final int NOT_FOUND = -1;

    private final int maxMessageLength;
    private final LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
    private final LlrpParameterFlyweight parameter = new LlrpParameterFlyweight();
    private final LlrpParameterFlyweight inner = new LlrpParameterFlyweight();
    private final TagLayout layout = new TagLayout();
    private int frameOffset;
    private int errorOffset;
    private long uptimeOffsetMicros;
    private boolean uptimeOffsetKnown;

    public LlrpDecoder() {
        this(DEFAULT_MAX_MESSAGE_LENGTH);
    }

    public LlrpDecoder(int maxMessageLength) {
        if (maxMessageLength < LlrpHeaderFlyweight.LENGTH) {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " must be >= 10");
        }
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * Checks a header alone, as a framer does before waiting for the body.
     *
     * @return {@link DecodeStatus#OK}, {@link DecodeStatus#BAD_VERSION} or {@link DecodeStatus#BAD_LENGTH}
     */
    public int checkHeader(DirectBuffer buffer, int offset) {
        header.wrap(buffer, offset);
        errorOffset = 0;
        if (header.version() != LlrpHeaderFlyweight.VERSION_1) {
            return DecodeStatus.BAD_VERSION;
        }
        long length = header.messageLength();
        if (length < LlrpHeaderFlyweight.LENGTH || length > maxMessageLength) {
            errorOffset = LlrpHeaderFlyweight.LENGTH_OFFSET;
            return DecodeStatus.BAD_LENGTH;
        }
        return DecodeStatus.OK;
    }

    /**
     * Decodes the message in {@code buffer[offset, offset + length)}, which must be exactly one frame.
     *
     * @return {@link DecodeStatus#OK} or the reason the frame is malformed
     */
    public int decode(DirectBuffer buffer, int offset, int length, LlrpMessageHandler handler) {
        frameOffset = offset;
        errorOffset = 0;
        if (length < LlrpHeaderFlyweight.LENGTH) {
            return DecodeStatus.TOO_SHORT;
        }
        int status = checkHeader(buffer, offset);
        if (status != DecodeStatus.OK) {
            return status;
        }
        if (header.messageLength() != length) {
            errorOffset = LlrpHeaderFlyweight.LENGTH_OFFSET;
            return header.messageLength() > length ? DecodeStatus.TOO_SHORT : DecodeStatus.BAD_LENGTH;
        }
        int type = header.messageType();
        long id = header.messageId();
        int bodyStart = offset + LlrpHeaderFlyweight.LENGTH;
        int end = offset + length;
        switch (type) {
            case MessageType.RO_ACCESS_REPORT:
                return decodeReport(buffer, bodyStart, end, handler);
            case MessageType.READER_EVENT_NOTIFICATION:
                return decodeReaderEvent(buffer, bodyStart, end, handler);
            case MessageType.KEEPALIVE:
                handler.onKeepalive(id);
                return DecodeStatus.OK;
            case MessageType.ERROR_MESSAGE:
            case MessageType.GET_READER_CAPABILITIES_RESPONSE:
            case MessageType.GET_READER_CONFIG_RESPONSE:
            case MessageType.SET_READER_CONFIG_RESPONSE:
            case MessageType.CLOSE_CONNECTION_RESPONSE:
            case MessageType.ADD_ROSPEC_RESPONSE:
            case MessageType.DELETE_ROSPEC_RESPONSE:
            case MessageType.START_ROSPEC_RESPONSE:
            case MessageType.STOP_ROSPEC_RESPONSE:
            case MessageType.ENABLE_ROSPEC_RESPONSE:
            case MessageType.DISABLE_ROSPEC_RESPONSE:
            case MessageType.GET_ROSPECS_RESPONSE:
                return decodeStatus(buffer, bodyStart, end, type, id, handler);
            default:
                handler.onOtherMessage(type, id);
                return DecodeStatus.OK;
        }
    }

    /** The reader's UTC minus its uptime, microseconds: added to Uptime timestamps from now on. */
    public void uptimeOffsetMicros(long offsetMicros) {
        uptimeOffsetMicros = offsetMicros;
        uptimeOffsetKnown = true;
    }

    /** Forgets the uptime offset (a reconnect: the reader may have rebooted). */
    public void clearUptimeOffset() {
        uptimeOffsetKnown = false;
    }

    /** Where the last rejected frame went wrong, in bytes from the frame's start. */
    public int errorOffset() {
        return errorOffset;
    }

    private int decodeReport(DirectBuffer buffer, int cursor, int end, LlrpMessageHandler handler) {
        while (cursor < end) {
            int status = checkParameter(buffer, parameter, cursor, end);
            if (status != DecodeStatus.OK) {
                return status;
            }
            if (!parameter.isTv() && parameter.type() == ParameterType.TAG_REPORT_DATA) {
                status = decodeTag(buffer, parameter.valueOffset(), cursor + parameter.length(), handler);
                if (status != DecodeStatus.OK) {
                    return status;
                }
            }
            cursor += parameter.length();
        }
        return DecodeStatus.OK;
    }

    /** Finds the tag's fields (where the last tag had them, or by walking it), then hands the tag over. */
    private int decodeTag(DirectBuffer buffer, int cursor, int end, LlrpMessageHandler handler) {
        if (!layout.matches(buffer, cursor, end - cursor)) {
            // a walk that fails leaves no layout to reuse
            int status = locateFields(buffer, cursor, end);
            if (status != DecodeStatus.OK) {
                return status;
            }
        }
        long firstSeen = timestamp(buffer, cursor, layout.firstSeen, layout.firstSeenUptime);
        long lastSeen = timestamp(buffer, cursor, layout.lastSeen, layout.lastSeenUptime);
        if (lastSeen == 0) {
            lastSeen = firstSeen;
        }
        int antenna = layout.antenna == TagLayout.ABSENT ? 0
                : buffer.getShort(cursor + layout.antenna, BIG_ENDIAN) & 0xFFFF;
        int rssi = layout.peakRssi == TagLayout.ABSENT ? LlrpMessageHandler.NO_RSSI
                : buffer.getByte(cursor + layout.peakRssi);
        int seenCount = layout.seenCount == TagLayout.ABSENT ? 0
                : buffer.getShort(cursor + layout.seenCount, BIG_ENDIAN) & 0xFFFF;
        if (seenCount == 0) {
            seenCount = 1;
        }
        int epcOffset = cursor + layout.epc;
        if (layout.epcBits == 96) {
            handler.onTagReport(buffer.getLong(epcOffset, BIG_ENDIAN), buffer.getInt(epcOffset + 8, BIG_ENDIAN),
                    antenna, rssi, firstSeen, lastSeen, seenCount);
        } else {
            handler.onLongEpcTagReport(buffer, epcOffset, layout.epcBits, antenna, rssi, firstSeen, lastSeen,
                    seenCount);
        }
        return DecodeStatus.OK;
    }

    /** Walks a TagReportData from {@code cursor} to {@code end}, noting in {@link #layout} where each field is. */
    private int locateFields(DirectBuffer buffer, int cursor, int end) {
        int start = cursor;
        int tagStart = cursor - LlrpParameterFlyweight.TLV_HEADER_LENGTH;
        layout.clear();
        while (cursor < end) {
            int status = checkParameter(buffer, inner, cursor, end);
            if (status != DecodeStatus.OK) {
                return status;
            }
            layout.parameter(buffer.getByte(cursor), cursor - start, inner.isTv());
            int value = inner.valueOffset() - start;
            if (inner.isTv()) {
                switch (inner.type()) {
                    case ParameterType.EPC_96:
                        layout.epc = value;
                        layout.epcBits = 96;
                        break;
                    case ParameterType.ANTENNA_ID:
                        layout.antenna = value;
                        break;
                    case ParameterType.PEAK_RSSI:
                        layout.peakRssi = value;
                        break;
                    case ParameterType.FIRST_SEEN_TIMESTAMP_UTC:
                    case ParameterType.FIRST_SEEN_TIMESTAMP_UPTIME:
                        layout.firstSeen = value;
                        layout.firstSeenUptime = inner.type() == ParameterType.FIRST_SEEN_TIMESTAMP_UPTIME;
                        break;
                    case ParameterType.LAST_SEEN_TIMESTAMP_UTC:
                    case ParameterType.LAST_SEEN_TIMESTAMP_UPTIME:
                        layout.lastSeen = value;
                        layout.lastSeenUptime = inner.type() == ParameterType.LAST_SEEN_TIMESTAMP_UPTIME;
                        break;
                    case ParameterType.TAG_SEEN_COUNT:
                        layout.seenCount = value;
                        break;
                    default:
                        break;
                }
            } else if (inner.type() == ParameterType.EPC_DATA) {
                if (inner.length() < LlrpParameterFlyweight.TLV_HEADER_LENGTH + 2) {
                    errorOffset = cursor - frameOffset;
                    return DecodeStatus.BAD_PARAMETER_LENGTH;
                }
                int epcBits = buffer.getShort(start + value, BIG_ENDIAN) & 0xFFFF;
                if (start + value + 2 + (epcBits + 7) / 8 > cursor + inner.length()) {
                    errorOffset = start + value - frameOffset;
                    return DecodeStatus.PARAMETER_OVERRUN;
                }
                layout.epc = value + 2;
                layout.epcBits = epcBits;
            }
            cursor += inner.length();
        }
        if (layout.epc == TagLayout.ABSENT) {
            errorOffset = tagStart - frameOffset;
            return DecodeStatus.MISSING_PARAMETER;
        }
        layout.complete(end - start);
        return DecodeStatus.OK;
    }

    /** A First/LastSeen timestamp at {@code offset} from {@code start}: UTC as it is, Uptime converted; 0 if absent. */
    private long timestamp(DirectBuffer buffer, int start, int offset, boolean uptime) {
        if (offset == TagLayout.ABSENT) {
            return 0;
        }
        long micros = buffer.getLong(start + offset, BIG_ENDIAN);
        if (!uptime) {
            return micros;
        }
        return uptimeOffsetKnown ? micros + uptimeOffsetMicros : 0;
    }

    private int decodeReaderEvent(DirectBuffer buffer, int cursor, int end, LlrpMessageHandler handler) {
        while (cursor < end) {
            int status = checkParameter(buffer, parameter, cursor, end);
            if (status != DecodeStatus.OK) {
                return status;
            }
            if (!parameter.isTv() && parameter.type() == ParameterType.READER_EVENT_NOTIFICATION_DATA) {
                status = decodeEventData(buffer, parameter.valueOffset(), cursor + parameter.length(), handler);
                if (status != DecodeStatus.OK) {
                    return status;
                }
            }
            cursor += parameter.length();
        }
        return DecodeStatus.OK;
    }

    private int decodeEventData(DirectBuffer buffer, int cursor, int end, LlrpMessageHandler handler) {
        long utcMicros = 0;
        while (cursor < end) {
            int status = checkParameter(buffer, inner, cursor, end);
            if (status != DecodeStatus.OK) {
                return status;
            }
            if (!inner.isTv()) {
                int value = inner.valueOffset();
                int length = inner.length();
                switch (inner.type()) {
                    case ParameterType.UTC_TIMESTAMP:
                        if (length < LlrpParameterFlyweight.TLV_HEADER_LENGTH + 8) {
                            errorOffset = cursor - frameOffset;
                            return DecodeStatus.BAD_PARAMETER_LENGTH;
                        }
                        utcMicros = buffer.getLong(value, BIG_ENDIAN);
                        break;
                    case ParameterType.UPTIME:
                        if (length < LlrpParameterFlyweight.TLV_HEADER_LENGTH + 8) {
                            errorOffset = cursor - frameOffset;
                            return DecodeStatus.BAD_PARAMETER_LENGTH;
                        }
                        handler.onReaderUptime(buffer.getLong(value, BIG_ENDIAN));
                        break;
                    case ParameterType.CONNECTION_ATTEMPT_EVENT:
                        if (length < LlrpParameterFlyweight.TLV_HEADER_LENGTH + 2) {
                            errorOffset = cursor - frameOffset;
                            return DecodeStatus.BAD_PARAMETER_LENGTH;
                        }
                        handler.onConnectionAttempt(buffer.getShort(value, BIG_ENDIAN) & 0xFFFF, utcMicros);
                        break;
                    case ParameterType.CONNECTION_CLOSE_EVENT:
                        handler.onConnectionClose();
                        break;
                    default:
                        break;
                }
            }
            cursor += inner.length();
        }
        return DecodeStatus.OK;
    }

    private int decodeStatus(DirectBuffer buffer, int cursor, int end, int type, long id,
                             LlrpMessageHandler handler) {
        if (type == MessageType.GET_READER_CAPABILITIES_RESPONSE) {
            int status = decodeCapabilities(buffer, cursor, end, handler);
            if (status != DecodeStatus.OK) {
                return status;
            }
        } else if (type == MessageType.GET_READER_CONFIG_RESPONSE) {
            int status = decodeIdentification(buffer, cursor, end, handler);
            if (status != DecodeStatus.OK) {
                return status;
            }
        }
        while (cursor < end) {
            int status = checkParameter(buffer, parameter, cursor, end);
            if (status != DecodeStatus.OK) {
                return status;
            }
            if (!parameter.isTv() && parameter.type() == ParameterType.LLRP_STATUS) {
                int value = parameter.valueOffset();
                int paramEnd = cursor + parameter.length();
                if (value + 4 > paramEnd) {
                    errorOffset = cursor - frameOffset;
                    return DecodeStatus.BAD_PARAMETER_LENGTH;
                }
                int code = buffer.getShort(value, BIG_ENDIAN) & 0xFFFF;
                int textLength = buffer.getShort(value + 2, BIG_ENDIAN) & 0xFFFF;
                if (value + 4 + textLength > paramEnd) {
                    errorOffset = value + 2 - frameOffset;
                    return DecodeStatus.PARAMETER_OVERRUN;
                }
                String description = textLength == 0 ? "" : buffer.getStringWithoutLengthUtf8(value + 4, textLength);
                handler.onStatus(type, id, code, description);
                return DecodeStatus.OK;
            }
            cursor += parameter.length();
        }
        errorOffset = LlrpHeaderFlyweight.LENGTH;
        return DecodeStatus.MISSING_PARAMETER;
    }

    private int decodeCapabilities(DirectBuffer buffer, int cursor, int end, LlrpMessageHandler handler) {
        int at = findTlv(buffer, cursor, end, ParameterType.GENERAL_DEVICE_CAPABILITIES);
        if (at < 0) {
            return at == NOT_FOUND ? DecodeStatus.OK : -2 - at;
        }
        if (parameter.length() < LlrpParameterFlyweight.TLV_HEADER_LENGTH + 4) {
            errorOffset = at - frameOffset;
            return DecodeStatus.BAD_PARAMETER_LENGTH;
        }
        int value = parameter.valueOffset();
        int maxAntennas = buffer.getShort(value, BIG_ENDIAN) & 0xFFFF;
        boolean hasUtcClock = (buffer.getShort(value + 2, BIG_ENDIAN) & 0x4000) != 0;
        handler.onCapabilities(maxAntennas, hasUtcClock);
        return DecodeStatus.OK;
    }

    private int decodeIdentification(DirectBuffer buffer, int cursor, int end, LlrpMessageHandler handler) {
        int at = findTlv(buffer, cursor, end, ParameterType.IDENTIFICATION);
        if (at < 0) {
            return at == NOT_FOUND ? DecodeStatus.OK : -2 - at;
        }
        int value = parameter.valueOffset();
        int paramEnd = at + parameter.length();
        if (value + 3 > paramEnd) {
            errorOffset = at - frameOffset;
            return DecodeStatus.BAD_PARAMETER_LENGTH;
        }
        int idType = buffer.getByte(value) & 0xFF;
        int idLength = buffer.getShort(value + 1, BIG_ENDIAN) & 0xFFFF;
        if (value + 3 + idLength > paramEnd) {
            errorOffset = value + 1 - frameOffset;
            return DecodeStatus.PARAMETER_OVERRUN;
        }
        handler.onIdentification(idType, buffer, value + 3, idLength);
        return DecodeStatus.OK;
    }

    /**
     * The offset of the first TLV parameter of {@code type} in {@code [cursor, end)}, with {@code parameter} wrapped
     * on it; {@link #NOT_FOUND} when there is none; {@code -2 - status} when a parameter before it is malformed.
     */
    private int findTlv(DirectBuffer buffer, int cursor, int end, int type) {
        while (cursor < end) {
            int status = checkParameter(buffer, parameter, cursor, end);
            if (status != DecodeStatus.OK) {
                return -2 - status;
            }
            if (!parameter.isTv() && parameter.type() == type) {
                return cursor;
            }
            cursor += parameter.length();
        }
        return NOT_FOUND;
    }

    /** Validates the parameter at {@code cursor} against its enclosing {@code end}; wraps {@code flyweight} there. */
    private int checkParameter(DirectBuffer buffer, LlrpParameterFlyweight flyweight, int cursor, int end) {
        flyweight.wrap(buffer, cursor);
        if (flyweight.isTv()) {
            int length = flyweight.length();
            if (length < 0) {
                errorOffset = cursor - frameOffset;
                return DecodeStatus.UNKNOWN_TV;
            }
            if (cursor + length > end) {
                errorOffset = cursor - frameOffset;
                return DecodeStatus.PARAMETER_OVERRUN;
            }
            return DecodeStatus.OK;
        }
        if (cursor + LlrpParameterFlyweight.TLV_HEADER_LENGTH > end) {
            errorOffset = cursor - frameOffset;
            return DecodeStatus.PARAMETER_OVERRUN;
        }
        int length = flyweight.length();
        if (length < LlrpParameterFlyweight.TLV_HEADER_LENGTH) {
            errorOffset = cursor - frameOffset;
            return DecodeStatus.BAD_PARAMETER_LENGTH;
        }
        if (cursor + length > end) {
            errorOffset = cursor - frameOffset;
            return DecodeStatus.PARAMETER_OVERRUN;
        }
        return DecodeStatus.OK;
    }
}
