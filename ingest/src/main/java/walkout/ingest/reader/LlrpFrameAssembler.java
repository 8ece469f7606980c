package walkout.ingest.reader;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import walkout.ingest.llrp.DecodeStatus;
import walkout.ingest.llrp.LlrpDecoder;
import walkout.ingest.llrp.LlrpHeaderFlyweight;

/**
 * Cuts LLRP frames straight out of what a socket delivers: bytes are appended to one reusable buffer and every whole
 * frame in it is handed over in place (several per TCP read, or one over many reads), with no object per frame. A
 * bad header (wrong version, length out of bounds) stops the stream. One per connection side; not thread-safe.
 */
final class LlrpFrameAssembler {
    /** Receives whole frames. */
    interface FrameHandler {
        /**
         * One whole frame at {@code buffer[offset, offset + length)}, valid during the call only.
         *
         * @return true to go on with the next frame, false to stop (the frame counts as consumed)
         */
        boolean onFrame(DirectBuffer buffer, int offset, int length);

        /** A frame whose header is malformed; nothing more is delivered until {@link #reset()}. */
        void onBadHeader(int messageType, int status, int errorOffset);
    }

    private final LlrpDecoder decoder;
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(4096);
    private final LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
    /** Bytes received and not yet handed over, at the start of {@code frame}. */
    private int filled;

    /** @param decoder checks each header (its maximum message length applies) */
    LlrpFrameAssembler(LlrpDecoder decoder) {
        this.decoder = decoder;
    }

    /** Forgets buffered bytes (a new connection). */
    void reset() {
        filled = 0;
    }

    /**
     * Appends {@code data} and hands over every whole frame now buffered.
     *
     * @return false when the handler stopped or a header was bad
     */
    boolean append(Buffer data, FrameHandler handler) {
        int length = data.length();
        frame.checkLimit(filled + length);
        data.getBytes(0, length, frame.byteArray(), filled);
        filled += length;
        return cutFrames(handler);
    }

    /**
     * As {@link #append(Buffer, FrameHandler)}, from the readable bytes of a Netty buffer (left unread and not
     * released: the caller owns it). The socket's own buffer, so nothing is allocated per TCP read.
     */
    boolean append(ByteBuf data, FrameHandler handler) {
        int length = data.readableBytes();
        frame.checkLimit(filled + length);
        data.getBytes(data.readerIndex(), frame.byteArray(), filled, length);
        filled += length;
        return cutFrames(handler);
    }

    private boolean cutFrames(FrameHandler handler) {
        int offset = 0;
        boolean goOn = true;
        while (goOn && filled - offset >= LlrpHeaderFlyweight.LENGTH) {
            int status = decoder.checkHeader(frame, offset);
            if (status != DecodeStatus.OK) {
                handler.onBadHeader(header.wrap(frame, offset).messageType(), status, decoder.errorOffset());
                return false;
            }
            int frameLength = (int) header.wrap(frame, offset).messageLength();
            if (filled - offset < frameLength) {
                break;
            }
            goOn = handler.onFrame(frame, offset, frameLength);
            offset += frameLength;
        }
        if (offset > 0) {
            // keep the start of a frame split over reads at the buffer's start
            frame.putBytes(0, frame, offset, filled - offset);
            filled -= offset;
        }
        return goOn;
    }

    /** A copy of the bytes buffered and not handed over (to pass a connection on to another handler). */
    Buffer remaining() {
        return Buffer.buffer(Arrays.copyOf(frame.byteArray(), filled));
    }
}
