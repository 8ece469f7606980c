package walkout.ingest.llrp;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;

/**
 * One LLRP parameter, TV or TLV, at an offset. Reusable: wrap it at the next parameter to walk a list.
 *
 * <pre>
 * TV:  |1| type (7) | value (size fixed by type) ...
 * TLV: |rsvd (6)| type (10) | length (16, header included) | value ...
 * </pre>
 */
public final class LlrpParameterFlyweight {
    public static final int TLV_HEADER_LENGTH = 4;

    private DirectBuffer buffer;
    private int offset;

    public LlrpParameterFlyweight wrap(DirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int offset() {
        return offset;
    }

    public boolean isTv() {
        return (buffer.getByte(offset) & 0x80) != 0;
    }

    /** The TV type (7 bits) or TLV type (10 bits). */
    public int type() {
        return isTv() ? buffer.getByte(offset) & 0x7F : buffer.getShort(offset, BIG_ENDIAN) & 0x3FF;
    }

    /**
     * Total length in bytes, header included: fixed by type for TV (-1 when the TV type is unknown), the length
     * field for TLV.
     */
    public int length() {
        return isTv() ? ParameterType.tvLength(buffer.getByte(offset) & 0x7F)
                : buffer.getShort(offset + 2, BIG_ENDIAN) & 0xFFFF;
    }

    /** Offset of the value: after the type byte for TV, after the 4-byte header for TLV. */
    public int valueOffset() {
        return isTv() ? offset + 1 : offset + TLV_HEADER_LENGTH;
    }
}
