package walkout.bench.load;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Recorder;

/**
 * The latency floor of the socket-to-journal path on this machine: a verticle that dials raw-mode, paced
 * {@link EmulatedReader}s from one event loop, as a {@code ReaderSessionGroup} does, and for every whole report records
 * the time since its due time and since its write, once per tag. It decodes nothing and journals nothing, so whatever
 * tail it shows (event loop wake-ups, loopback, the scheduler, the hypervisor) any receiver on this machine has,
 * ingest included.
 */
final class LoopbackFloor extends VerticleBase {
    private final List<EmulatedReader> readers;
    private final Recorder fromDue;
    private final Recorder fromWrite;
    private NetClient client;
    /** Tags read so far; written on the event loop only. */
    private volatile long reads;

    /**
     * Records, per tag, the time since its report's due time into {@code fromDue} and since its write into
     * {@code fromWrite}, as ingest's journal probe does.
     */
    LoopbackFloor(List<EmulatedReader> readers, Recorder fromDue, Recorder fromWrite) {
        this.readers = List.copyOf(readers);
        this.fromDue = fromDue;
        this.fromWrite = fromWrite;
    }

    @Override
    public Future<Void> start() {
        client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
        List<Future<?>> connected = new ArrayList<>();
        for (EmulatedReader reader : readers) {
            int dueStampOffset = reader.dueStampOffset();
            int writeStampOffset = reader.writeStampOffset();
            int tags = reader.tagsPerReport();
            connected.add(client.connect(reader.port(), "127.0.0.1").onSuccess(socket -> socket.handler(
                    RecordParser.newFixed(reader.reportLength(), report -> {
                        long now = System.nanoTime();
                        fromDue.recordValueWithCount(Math.max(0, now - report.getLong(dueStampOffset)), tags);
                        fromWrite.recordValueWithCount(Math.max(0, now - report.getLong(writeStampOffset)), tags);
                        reads += tags;
                    }))));
        }
        return Future.all(connected).mapEmpty();
    }

    /** Tags read so far, one per tag of each whole report, as ingest counts journaled reads. */
    long reads() {
        return reads;
    }

    @Override
    public Future<Void> stop() {
        return client.close();
    }
}
