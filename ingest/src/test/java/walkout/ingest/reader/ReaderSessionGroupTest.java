package walkout.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import walkout.ingest.AntennaConfig;
import walkout.ingest.ReaderConfig;
import walkout.ingest.journal.Journal;

@ExtendWith(VertxExtension.class)
class ReaderSessionGroupTest {
    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private List<ReaderSession> sessions(Journal journal, int... ports) {
        List<ReaderSession> sessions = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            sessions.add(new ReaderSession(new ReaderConfig("r-" + i, "127.0.0.1", ports[i],
                    Map.of(1, AntennaConfig.of("A1"))), new ReaderSessionConfig(2_000, 20, 100, 200), journal,
                    meters, Clock.systemUTC()));
        }
        return sessions;
    }

    @Test
    void shouldSpreadSessionsRoundRobinWithoutEmptyGroups() {
        try (Journal journal = Journal.open(dir)) {
            List<ReaderSession> five = sessions(journal, 1, 2, 3, 4, 5);

            assertThat(ReaderSessionGroup.spread(five, 2)).hasSize(2);
            assertThat(ReaderSessionGroup.spread(five, 9)).hasSize(5);
            assertThat(ReaderSessionGroup.spread(List.of(), 1)).isEmpty();
            assertThatThrownBy(() -> ReaderSessionGroup.spread(five, 0)).hasMessage("groups=0 must be >= 1");
        }
    }

    @Test
    void shouldRunEverySessionOfAGroupOnTheGroupsEventLoop(Vertx vertx) throws Exception {
        try (Journal journal = Journal.open(dir); ScriptedReader first = new ScriptedReader(vertx);
             ScriptedReader second = new ScriptedReader(vertx)) {
            List<ReaderSession> sessions = sessions(journal, first.port(), second.port());
            String id = vertx.deployVerticle(new ReaderSessionGroup(sessions)).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> sessions.stream()
                    .allMatch(s -> s.state() == ReaderState.CONNECTED));
            assertThat(sessions.get(0).sessionContext()).isNotNull().isSameAs(sessions.get(1).sessionContext());

            vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(first.received).contains("1:CLOSE_CONNECTION");
            assertThat(second.received).contains("1:CLOSE_CONNECTION");
            assertThat(sessions).allMatch(s -> s.state() == ReaderState.DISCONNECTED);
        }
    }
}
