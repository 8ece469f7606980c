package walkout.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import walkout.ingest.llrp.DecodeStatus;
import walkout.ingest.llrp.LlrpDecoder;
import walkout.ingest.llrp.MessageType;

class LlrpFrameAssemblerTest {
    private final LlrpFrameAssembler assembler = new LlrpFrameAssembler(new LlrpDecoder());
    private final Frames frames = new Frames();

    @Test
    void shouldCutTwoFramesDeliveredInOneNettyRead() {
        byte[] both = concat(keepalive(7), keepalive(8));

        assertThat(assembler.append(Unpooled.wrappedBuffer(both), frames)).isTrue();

        assertThat(frames.messageIds).containsExactly(7L, 8L);
    }

    @Test
    void shouldJoinAFrameSplitOverNettyReadsFromTheirReaderIndex() {
        byte[] frame = keepalive(42);
        // the first read carries two bytes the socket's reader already consumed: only readable bytes count
        ByteBuf first = Unpooled.wrappedBuffer(concat(new byte[] {9, 9}, Arrays.copyOfRange(frame, 0, 3)));
        first.skipBytes(2);

        assembler.append(first, frames);
        assembler.append(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 3, 7)), frames);
        assertThat(frames.messageIds).isEmpty();
        assembler.append(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 7, frame.length)), frames);

        assertThat(frames.messageIds).containsExactly(42L);
        assertThat(first.readerIndex()).as("the caller's buffer is left as it was").isEqualTo(2);
    }

    @Test
    void shouldGoOnFromNettyReadsWhereAVertxBufferLeftOff() {
        byte[] frame = keepalive(5);

        assembler.append(Buffer.buffer(Arrays.copyOfRange(frame, 0, 4)), frames);
        assembler.append(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 4, frame.length)), frames);

        assertThat(frames.messageIds).containsExactly(5L);
    }

    @Test
    void shouldStopAtABadHeaderInANettyRead() {
        byte[] bad = keepalive(1);
        bad[0] = (byte) (bad[0] & 0xE3 | 0x08); // version 2

        assertThat(assembler.append(Unpooled.wrappedBuffer(concat(bad, keepalive(2))), frames)).isFalse();

        assertThat(frames.messageIds).isEmpty();
        assertThat(frames.badHeaders).containsExactly(DecodeStatus.BAD_VERSION);
    }

    /** A KEEPALIVE: LLRP version 1, type 62, length 10, the given message id. */
    private static byte[] keepalive(int messageId) {
        return ByteBuffer.allocate(10).putShort((short) (1 << 10 | MessageType.KEEPALIVE)).putInt(10)
                .putInt(messageId).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static final class Frames implements LlrpFrameAssembler.FrameHandler {
        final List<Long> messageIds = new ArrayList<>();
        final List<Integer> badHeaders = new ArrayList<>();

        @Override
        public boolean onFrame(DirectBuffer buffer, int offset, int length) {
            messageIds.add(Integer.toUnsignedLong(buffer.getInt(offset + 6, ByteOrder.BIG_ENDIAN)));
            return true;
        }

        @Override
        public void onBadHeader(int messageType, int status, int errorOffset) {
            badHeaders.add(status);
        }
    }
}
