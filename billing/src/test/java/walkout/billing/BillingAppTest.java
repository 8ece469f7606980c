package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.codec.DeviceTokenSigner;

/**
 * Wiring only: start migrates the ledger and runs the consumer thread, the router answers, stop ends the thread.
 * No broker here (a closed port): the store's end-to-end IT covers Kafka.
 */
@ExtendWith(VertxExtension.class)
class BillingAppTest {
    @TempDir
    Path tempDir;

    @Test
    void shouldMigrateServeAndStopWhenStartedWithoutABroker(Vertx vertx) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BillingConfig config = new BillingConfig("store-1", "EUR",
                "jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath(), "127.0.0.1:" + closedPort,
                "billing-test", 50);
        BillingApp app = new BillingApp(vertx, config, Fixtures.demoCatalog(),
                new DeviceTokenSigner("app-test-secret-0123456789".getBytes(StandardCharsets.UTF_8)),
                new SimpleMeterRegistry(), Clock.systemUTC());
        HttpServer server = null;
        WebClient client = WebClient.create(vertx);
        try {
            app.start().await();
            await().atMost(Duration.ofSeconds(20)).until(app::running);
            server = vertx.createHttpServer().requestHandler(app.router()).listen(0, "127.0.0.1").await();

            var response = client.get(server.actualPort(), "127.0.0.1", "/api/orders").send().await();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonArray()).isEmpty();
            var receipt = client.get(server.actualPort(), "127.0.0.1", "/v1/visits/v-1/receipt").send().await();
            assertThat(receipt.statusCode()).isEqualTo(401);
        } finally {
            client.close();
            if (server != null) {
                server.close().await();
            }
            app.stop().await();
        }
        assertThat(app.running()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("billing-consumer-store-1"));
    }
}
