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
    // read once by wrap: the first byte says TV or TLV, and a TV parameter's type fixes its length
    private boolean tv;
    private int tvType;
    private int tvLength;

    /** Reads only the parameter's first byte: a TLV header is read when asked for, once its 4 bytes are known there. */
    public LlrpParameterFlyweight wrap(DirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        int first = buffer.getByte(offset);
        tv = (first & 0x80) != 0;
        if (tv) {
            tvType = first & 0x7F;
            tvLength = ParameterType.tvLength(tvType);
        }
        return this;
    }

    public int offset() {
        return offset;
    }

    public boolean isTv() {
        return tv;
    }

    /** The TV type (7 bits) or TLV type (10 bits). */
    public int type() {
        return tv ? tvType : buffer.getShort(offset, BIG_ENDIAN) & 0x3FF;
    }

    /**
     * Total length in bytes, header included: fixed by type for TV (-1 when the TV type is unknown), the length
     * field for TLV.
     */
    public int length() {
        return tv ? tvLength : buffer.getShort(offset + 2, BIG_ENDIAN) & 0xFFFF;
    }

    /** Offset of the value: after the type byte for TV, after the 4-byte header for TLV. */
    public int valueOffset() {
        return tv ? offset + 1 : offset + TLV_HEADER_LENGTH;
    }
}
