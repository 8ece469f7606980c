package walkout.ingest.llrp;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 10-byte LLRP message header, big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-----+-----+-------------------+-------------------------------+
 *  | Rsv | Ver |   Message Type    |     Message Length (hi 16)    |
 *  +-----+-----+-------------------+-------------------------------+
 *  |     Message Length (lo 16)    |       Message ID (hi 16)      |
 *  +-------------------------------+-------------------------------+
 *  |       Message ID (lo 16)      |
 *  +-------------------------------+
 * </pre>
 *
 * The length counts the whole message, header included. Reusable: wrap it again for the next message.
 */
public final class LlrpHeaderFlyweight {
    public static final int LENGTH = 10;
    /** The only protocol version of LLRP 1.0.1. */
    public static final int VERSION_1 = 1;

    public static final int TYPE_OFFSET = 0;
    public static final int LENGTH_OFFSET = 2;
    public static final int ID_OFFSET = 6;

    private DirectBuffer buffer;
    private int offset;

    public LlrpHeaderFlyweight wrap(DirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int version() {
        return (buffer.getShort(offset + TYPE_OFFSET, BIG_ENDIAN) >> 10) & 0x7;
    }

    public int messageType() {
        return buffer.getShort(offset + TYPE_OFFSET, BIG_ENDIAN) & 0x3FF;
    }

    /** Length of the whole message in bytes, header included (unsigned 32 bits). */
    public long messageLength() {
        return buffer.getInt(offset + LENGTH_OFFSET, BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** Message id (unsigned 32 bits); a response carries its request's id. */
    public long messageId() {
        return buffer.getInt(offset + ID_OFFSET, BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** Writes a version-1 header at {@code offset}; the reserved bits are zero. */
    public static void write(MutableDirectBuffer buffer, int offset, int messageType, long messageLength,
                             long messageId) {
        buffer.putShort(offset + TYPE_OFFSET, (short) ((VERSION_1 << 10) | (messageType & 0x3FF)), BIG_ENDIAN);
        buffer.putInt(offset + LENGTH_OFFSET, (int) messageLength, BIG_ENDIAN);
        buffer.putInt(offset + ID_OFFSET, (int) messageId, BIG_ENDIAN);
    }
}
