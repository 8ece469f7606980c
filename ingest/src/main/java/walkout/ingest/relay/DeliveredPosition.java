package walkout.ingest.relay;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal index up to which every record has been acknowledged by Kafka, kept in a small memory-mapped file
 * ({@code relay.position}: one little-endian i64, -1 when nothing has been delivered). Written from the producer's
 * callback thread with a volatile store: it survives the death of the process (the page cache keeps it) without a
 * system call per acknowledgement. A restart resumes after this index, so records acknowledged but not yet recorded
 * are sent again: at least once, and consumers drop repeats by record id.
 */
public final class DeliveredPosition implements AutoCloseable {
    public static final String FILE_NAME = "relay.position";
    private static final int LENGTH = Long.BYTES;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private DeliveredPosition(MappedByteBuffer mapped) {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /** Opens the position file in {@code dir}, creating it (at -1) when missing. */
    public static DeliveredPosition open(Path dir) {
        File file = dir.resolve(FILE_NAME).toFile();
        if (file.exists() && file.length() == LENGTH) {
            return new DeliveredPosition(IoUtil.mapExistingFile(file, FILE_NAME));
        }
        DeliveredPosition position = new DeliveredPosition(IoUtil.mapNewFile(file, LENGTH));
        position.store(-1);
        return position;
    }

    /** The last delivered journal index, or -1. */
    public long delivered() {
        return buffer.getLongVolatile(0);
    }

    public void store(long index) {
        buffer.putLongVolatile(0, index);
    }

    @Override
    public void close() {
        mapped.force();
        IoUtil.unmap(mapped);
    }
}
