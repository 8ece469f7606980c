package walkout.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.codec.DeviceTokenSigner;
import walkout.ingest.llrp.LlrpHeaderFlyweight;
import walkout.ingest.llrp.LlrpReaderEncoder;
import walkout.ingest.llrp.MessageType;

@ExtendWith(VertxExtension.class)
class IngestAppTest {
    @TempDir
    Path dir;

    /** A minimal reader: greets, answers each request with success, then reports one tag after START_ROSPEC. */
    private static void playReader(NetSocket socket) {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        socket.write(Buffer.buffer(Arrays.copyOf(out.byteArray(), encoder.connectionAttempt(0, 1L, 0))));
        LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
        Buffer[] pending = {Buffer.buffer()};
        socket.handler(data -> {
            pending[0].appendBuffer(data);
            while (pending[0].length() >= LlrpHeaderFlyweight.LENGTH) {
                header.wrap(new UnsafeBuffer(pending[0].getBytes(0, LlrpHeaderFlyweight.LENGTH)), 0);
                int length = (int) header.messageLength();
                if (pending[0].length() < length) {
                    return;
                }
                int type = header.messageType();
                long id = header.messageId();
                pending[0] = pending[0].getBuffer(length, pending[0].length());
                int response = MessageType.responseTo(type);
                if (type == MessageType.GET_READER_CONFIG) {
                    byte[] readerId = "r-nat".getBytes(StandardCharsets.US_ASCII);
                    socket.write(Buffer.buffer(Arrays.copyOf(out.byteArray(),
                            encoder.identificationResponse(id, 1, readerId))));
                } else if (response > 0) {
                    socket.write(Buffer.buffer(Arrays.copyOf(out.byteArray(), encoder.response(response, id, 0, ""))));
                }
                if (type == MessageType.START_ROSPEC) {
                    encoder.beginReport(9);
                    encoder.addTag(0x3074257BF7194E40L, 0x00001A85, 1, -60, 1_000_000, 1_000_000, 1);
                    socket.write(Buffer.buffer(Arrays.copyOf(out.byteArray(), encoder.finishReport())));
                }
            }
        });
    }

    @Test
    void shouldJournalReadsAndReportRelayDownWhenKafkaIsUnreachable(Vertx vertx) throws Exception {
        NetServer reader = vertx.createNetServer().connectHandler(IngestAppTest::playReader);
        reader.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        IngestConfig config = IngestConfig.defaults("store-1",
                List.of(new ReaderConfig("r-a1", "127.0.0.1", reader.actualPort(), Map.of(1, AntennaConfig.of("A1")))),
                Map.of("b-a1", "A1"), Set.of("g-entry"), dir.resolve("journal"), "127.0.0.1:1");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestApp app = new IngestApp(vertx, config, new DeviceTokenSigner("0123456789abcdef0123".getBytes(
                StandardCharsets.UTF_8)), meters, Clock.systemUTC());
        assertThat(app.readerStates()).containsExactly(Map.entry("r-a1", "DISCONNECTED"));
        assertThat(app.journalUp()).isFalse();

        app.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            assertThat(app.journalUp()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> app.readerStates().get("r-a1").equals("CONNECTED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> app.journalAppended() == 1);
            // the producer cannot reach Kafka: the send fails after max.block.ms and the relay reports itself down
            await().atMost(Duration.ofSeconds(30)).until(() -> !app.relayUp());
            assertThat(app.journalRelayed()).isZero();
            assertThat(meters.get("walkout.ingest.journal.appended").gauge().value()).isEqualTo(1.0);
            // nothing acknowledged: the one journaled read is the lag
            assertThat(meters.get("walkout.ingest.journal.lag").gauge().value()).isEqualTo(1.0);
            assertThat(meters.get("walkout.ingest.reader.state").tag("reader", "r-a1").gauge().value())
                    .isEqualTo(2.0);
            assertThat(meters.get("walkout.ingest.reader.connects").tag("reader", "r-a1").counter().count())
                    .isEqualTo(1.0);
        } finally {
            app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            reader.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(app.journalUp()).isFalse();
    }

    @Test
    void shouldServeAReaderThatDialsInThroughTheListener(Vertx vertx) throws Exception {
        IngestConfig config = IngestConfig.defaults("store-1",
                List.of(ReaderConfig.dialingIn("r-nat", null, Map.of(1, AntennaConfig.of("A1")))), Map.of(),
                Set.of("g-entry"), dir.resolve("journal"), "127.0.0.1:1").withLlrpListener("127.0.0.1", 0);
        IngestApp app = new IngestApp(vertx, config, new DeviceTokenSigner("0123456789abcdef0123".getBytes(
                StandardCharsets.UTF_8)), new SimpleMeterRegistry(), Clock.systemUTC());
        app.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        NetClient client = vertx.createNetClient();
        try {
            assertThat(app.readerStates()).containsExactly(Map.entry("r-nat", "DISCONNECTED"));
            client.connect(app.llrpListenPort(), "127.0.0.1").onSuccess(IngestAppTest::playReader);

            await().atMost(Duration.ofSeconds(10)).until(() -> app.readerStates().get("r-nat").equals("CONNECTED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> app.journalAppended() == 1);
        } finally {
            app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(app.readerStates()).containsExactly(Map.entry("r-nat", "DISCONNECTED"));
    }

    @Test
    void shouldRefuseAReaderThatDialsInWhenTheListenerIsOff(Vertx vertx) {
        IngestConfig config = IngestConfig.defaults("store-1",
                List.of(ReaderConfig.dialingIn("r-nat", null, Map.of(1, AntennaConfig.of("A1")))), Map.of(),
                Set.of("g-entry"), dir.resolve("journal"), "127.0.0.1:1");

        assertThatThrownBy(() -> new IngestApp(vertx, config, new DeviceTokenSigner("0123456789abcdef0123".getBytes(
                StandardCharsets.UTF_8)), new SimpleMeterRegistry(), Clock.systemUTC()))
                .hasMessage("reader r-nat has no address (it dials in), but the LLRP listener is off "
                        + "(llrpListenPort=-1, --llrp-listen)");
    }

    @Test
    void shouldRefuseAReaderThatDialsInWithTlsWhenTheListenerHasNoCertificate(Vertx vertx) {
        IngestConfig config = IngestConfig.defaults("store-1",
                List.of(ReaderConfig.dialingIn("r-nat", null, Map.of(1, AntennaConfig.of("A1")))
                        .withTls(new ReaderTls(null, "ab".repeat(32), null, null))), Map.of(),
                Set.of("g-entry"), dir.resolve("journal"), "127.0.0.1:1").withLlrpListener("127.0.0.1", 0);

        assertThatThrownBy(() -> new IngestApp(vertx, config, new DeviceTokenSigner("0123456789abcdef0123".getBytes(
                StandardCharsets.UTF_8)), new SimpleMeterRegistry(), Clock.systemUTC()))
                .hasMessage("reader r-nat dials in with tls, but the LLRP listener has no certificate "
                        + "(--llrp-listen-cert and --llrp-listen-key)");
    }
}
