package walkout.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

class LoopbackFloorTest {
    private static final int TAGS = 3;

    @Test
    void countsEveryTagOfEveryWholeReportFromTheStampsTheEmulatorWrote() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<EmulatedReader> readers = List.of(new EmulatedReader("floor-test-0", TAGS, 500, true),
                new EmulatedReader("floor-test-1", TAGS, 500, true));
        Recorder fromDue = new Recorder(3);
        Recorder fromWrite = new Recorder(3);
        Histogram due = new Histogram(3);
        Histogram written = new Histogram(3);
        LoopbackFloor floor = new LoopbackFloor(readers, fromDue, fromWrite);
        try {
            vertx.deployVerticle(floor).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                due.add(fromDue.getIntervalHistogram());
                written.add(fromWrite.getIntervalHistogram());
                return due.getTotalCount() >= 600 && written.getTotalCount() >= 600;
            });
        } finally {
            for (EmulatedReader reader : readers) {
                reader.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        // the floor is gone, so what it recorded last is in the recorders now; it counted exactly those reads
        due.add(fromDue.getIntervalHistogram());
        assertThat(floor.reads()).isEqualTo(due.getTotalCount());
        // one count per tag of each report
        assertThat(due.getTotalCount() % TAGS).isZero();
        assertThat(written.getTotalCount() % TAGS).isZero();
        // a stamp read from the wrong place in the frame would be a time before the run (0 once clamped) or far off
        assertThat(due.getCountBetweenValues(0, 0)).isZero();
        assertThat(written.getCountBetweenValues(0, 0)).isZero();
        assertThat(due.getMaxValue()).isLessThan(TimeUnit.SECONDS.toNanos(30));
        // each report is written at or after its due time, so it is never later from its write than from its due time
        assertThat(written.getMaxValue()).isLessThanOrEqualTo(due.getMaxValue());
    }
}
