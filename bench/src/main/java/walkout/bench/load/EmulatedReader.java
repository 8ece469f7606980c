package walkout.bench.load;

import static java.nio.ByteOrder.BIG_ENDIAN;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import walkout.bench.load.episodes.ProcThread;
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.LlrpReaderEncoder;
import walkout.ingest.llrp.MessageType;
import walkout.ingest.llrp.ParameterType;

/**
 * A fixed LLRP reader for the load benchmark, on plain blocking sockets: listens on 127.0.0.1 (port 0), greets each
 * connection with a successful ConnectionAttemptEvent and answers every request with success. Once the client has
 * sent START_ROSPEC (or at once in raw mode, for a discard client) a writer thread pushes RO_ACCESS_REPORTs of
 * {@code tagsPerReport} tags: flat out, many reports per write, or paced at {@code reportsPerSec} (the reports that
 * fell due since the last write leave together, as a reader's TCP stack would send them). Each tag's
 * LastSeenTimestamp carries the {@link System#nanoTime()} at which the report was due, so whoever
 * journals it can measure socket-to-journal latency (intended send time: no coordinated omission), and in paced mode
 * its FirstSeenTimestamp the {@code nanoTime} just before the write that sent it (the same latency without this
 * emulator's own lateness).
 */
final class EmulatedReader implements AutoCloseable {
    private static final int BATCH_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final int tagsPerReport;
    private final boolean raw;
    private final double reportsPerSec;
    private final byte[] report;
    private final int[] stampOffsets;
    /** Paced mode: where each tag's FirstSeenTimestamp goes, which carries the {@code nanoTime} of the write. */
    private final int[] writeStampOffsets;
    private final AtomicLong reportsSent = new AtomicLong();
    /** Paced mode: how late each report left this emulator (write time minus due time), in nanoseconds. */
    private final Recorder sendLateness = new Recorder(3);
    private final CountDownLatch streaming = new CountDownLatch(1);
    private final Thread acceptor;
    private volatile boolean running = true;
    private volatile Socket socket;

    /**
     * @param reportsPerSec 0 = as fast as the socket takes them
     * @param raw           start pushing reports right after accept, with no LLRP handshake (discard client)
     */
    EmulatedReader(String name, int tagsPerReport, double reportsPerSec, boolean raw) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.tagsPerReport = tagsPerReport;
        this.reportsPerSec = reportsPerSec;
        this.raw = raw;
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(64 + tagsPerReport * 64);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        encoder.beginReport(1);
        for (int i = 0; i < tagsPerReport; i++) {
            encoder.addTag(0x3074257BF7194E40L, 0x1000 + i, 1 + (i & 1), -55, 1_763_820_000_000_000L, 1, 1);
        }
        int length = encoder.finishReport();
        report = new byte[length];
        out.getBytes(0, report);
        stampOffsets = timestampOffsets(report, tagsPerReport, ParameterType.LAST_SEEN_TIMESTAMP_UTC);
        writeStampOffsets = timestampOffsets(report, tagsPerReport, ParameterType.FIRST_SEEN_TIMESTAMP_UTC);
        acceptor = new Thread(this::serve, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int reportLength() {
        return report.length;
    }

    int tagsPerReport() {
        return tagsPerReport;
    }

    /** Where in each report the first tag's due time ({@code nanoTime}, big-endian) sits. */
    int dueStampOffset() {
        return stampOffsets[0];
    }

    /** Paced mode: where in each report the first tag's write time ({@code nanoTime}, big-endian) sits. */
    int writeStampOffset() {
        return writeStampOffsets[0];
    }

    /**
     * How late reports left since the last call (write time minus due time): the emulator's own lateness on a busy
     * machine, which the socket-to-journal latency includes since it counts from the due time.
     */
    Histogram sendLateness() {
        return sendLateness.getIntervalHistogram();
    }

    long reportsSent() {
        return reportsSent.get();
    }

    /** Waits until reports flow. */
    boolean awaitStreaming(long timeoutMs) throws InterruptedException {
        return streaming.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static int[] timestampOffsets(byte[] frame, int tags, int timestampType) {
        int[] offsets = new int[tags];
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        int cursor = LlrpHeaderFlyweight.LENGTH;
        for (int t = 0; t < tags; t++) {
            int tagEnd = cursor + (buffer.getShort(cursor + 2, BIG_ENDIAN) & 0xFFFF);
            int p = cursor + 4;
            offsets[t] = -1;
            while (p < tagEnd) {
                int type = buffer.getByte(p) & 0x7F;
                if (type == timestampType) {
                    offsets[t] = p + 1;
                }
                p += ParameterType.tvLength(type);
            }
            if (offsets[t] < 0) {
                throw new IllegalStateException("tag " + t + " has no TV parameter " + timestampType);
            }
            cursor = tagEnd;
        }
        return offsets;
    }

    private void serve() {
        try (Socket accepted = server.accept()) {
            socket = accepted;
            accepted.setTcpNoDelay(true);
            OutputStream out = accepted.getOutputStream();
            if (raw) {
                push(out);
                return;
            }
            ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
            LlrpReaderEncoder encoder = new LlrpReaderEncoder(buffer);
            write(out, buffer, encoder.connectionAttempt(0, System.currentTimeMillis() * 1000, 0));
            DataInputStream in = new DataInputStream(accepted.getInputStream());
            byte[] header = new byte[LlrpHeaderFlyweight.LENGTH];
            LlrpHeaderFlyweight flyweight = new LlrpHeaderFlyweight();
            while (running) {
                in.readFully(header);
                flyweight.wrap(new UnsafeBuffer(header), 0);
                int type = flyweight.messageType();
                long id = flyweight.messageId();
                in.readFully(new byte[(int) flyweight.messageLength() - LlrpHeaderFlyweight.LENGTH]);
                int responseType = MessageType.responseTo(type);
                if (responseType >= 0) {
                    synchronized (out) {
                        write(out, buffer, encoder.response(responseType, id, 0, ""));
                    }
                }
                if (type == MessageType.START_ROSPEC) {
                    Thread writer = new Thread(() -> pushQuietly(out), Thread.currentThread().getName() + "-push");
                    writer.setDaemon(true);
                    writer.start();
                }
                if (type == MessageType.CLOSE_CONNECTION) {
                    return;
                }
            }
        } catch (EOFException | SocketException e) {
            // the client went away, or close(): the run is over
        } catch (IOException e) {
            if (running) {
                System.err.println("emulated reader failed: " + e);
            }
        }
    }

    private static void write(OutputStream out, ExpandableArrayBuffer buffer, int length) throws IOException {
        out.write(buffer.byteArray(), 0, length);
        out.flush();
    }

    private void pushQuietly(OutputStream out) {
        try {
            push(out);
        } catch (IOException e) {
            if (running) {
                System.err.println("emulated reader push failed: " + e);
            }
        }
    }

    private void push(OutputStream out) throws IOException {
        lowerPriority();
        streaming.countDown();
        if (reportsPerSec <= 0) {
            int perBatch = Math.max(1, BATCH_BYTES / report.length);
            byte[] batch = new byte[perBatch * report.length];
            UnsafeBuffer view = new UnsafeBuffer(batch);
            for (int r = 0; r < perBatch; r++) {
                System.arraycopy(report, 0, batch, r * report.length, report.length);
            }
            while (running) {
                long now = System.nanoTime();
                for (int r = 0; r < perBatch; r++) {
                    for (int offset : stampOffsets) {
                        view.putLong(r * report.length + offset, now, BIG_ENDIAN);
                    }
                }
                synchronized (out) {
                    out.write(batch);
                }
                reportsSent.addAndGet(perBatch);
            }
            return;
        }
        // reports that fell due while the writer slept leave in one write, each stamped with its own due time
        int maxPerWrite = Math.max(1, BATCH_BYTES / report.length);
        byte[] batch = new byte[maxPerWrite * report.length];
        UnsafeBuffer view = new UnsafeBuffer(batch);
        for (int r = 0; r < maxPerWrite; r++) {
            System.arraycopy(report, 0, batch, r * report.length, report.length);
        }
        double intervalNs = 1e9 / reportsPerSec;
        long startNs = System.nanoTime();
        long sent = 0;
        while (running) {
            long now = System.nanoTime();
            long dueCount = (long) ((now - startNs) / intervalNs) + 1 - sent;
            if (dueCount <= 0) {
                LockSupport.parkNanos((long) (startNs + sent * intervalNs) - now);
                continue;
            }
            int count = (int) Math.min(dueCount, maxPerWrite);
            // the write time, taken just before the reports are stamped and written (a few microseconds at most)
            long writeNs = System.nanoTime();
            for (int r = 0; r < count; r++) {
                long due = startNs + (long) ((sent + r) * intervalNs);
                sendLateness.recordValue(Math.max(0, writeNs - due));
                for (int offset : stampOffsets) {
                    view.putLong(r * report.length + offset, due, BIG_ENDIAN);
                }
                for (int offset : writeStampOffsets) {
                    view.putLong(r * report.length + offset, writeNs, BIG_ENDIAN);
                }
            }
            synchronized (out) {
                out.write(batch, 0, count * report.length);
            }
            sent += count;
            reportsSent.addAndGet(count);
        }
    }

    /**
     * {@code -Dwalkout.bench.emulatorNice=N}: this writer thread runs at nice N ({@code renice} on its Linux thread
     * id), so that the emulated readers, which stand in for separate hardware, take less CPU from ingest.
     */
    private static void lowerPriority() {
        Integer nice = Integer.getInteger("walkout.bench.emulatorNice");
        if (nice == null) {
            return;
        }
        try {
            String tid = ProcThread.taskDir().getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", nice.toString(), "-p", tid).redirectErrorStream(true)
                    .start();
            String output = new String(renice.getInputStream().readAllBytes());
            if (renice.waitFor() != 0) {
                System.err.println("renice of emulated reader thread " + tid + " failed: " + output.trim());
            }
        } catch (IOException e) {
            System.err.println("cannot renice an emulated reader thread: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        Socket current = socket;
        if (current != null) {
            current.close();
        }
        server.close();
    }

    /** A client that reads and throws away everything a raw-mode reader pushes; counts bytes. */
    static final class DiscardClient implements AutoCloseable {
        private final Socket socket;
        private final AtomicLong bytes = new AtomicLong();
        private final Thread thread;

        DiscardClient(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            thread = new Thread(this::drain, "discard-" + port);
            thread.setDaemon(true);
            thread.start();
        }

        long bytes() {
            return bytes.get();
        }

        private void drain() {
            byte[] sink = new byte[BATCH_BYTES];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(sink)) >= 0) {
                    bytes.addAndGet(n);
                }
            } catch (IOException e) {
                // closed at the end of the run
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
