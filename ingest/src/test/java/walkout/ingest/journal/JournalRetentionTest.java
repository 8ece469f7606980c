package walkout.ingest.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRetentionTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long START_MS = Instant.parse("2026-11-01T10:00:00Z").toEpochMilli();
    private static final int DAYS = 10;

    @TempDir
    Path dir;

    private final SetTimeProvider time = new SetTimeProvider(START_MS);
    private long clockMs;
    private long delivered = -1;

    /**
     * Two reads a day for {@link #DAYS} days; returns each day's last journal index. Leaves the time on the last day.
     */
    private long[] appendTwoReadsADay(Journal journal) {
        long[] lastOfDay = new long[DAYS];
        for (int day = 0; day < DAYS; day++) {
            time.currentTimeMillis(START_MS + day * DAY_MS);
            journal.appendTagRead("r-a1", 0x3074257BF7194E40L, day, 1, -60, 1, 1, 1);
            lastOfDay[day] = journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 100 + day, 1, -60, 1, 1, 1);
        }
        return lastOfDay;
    }

    private List<String> cycleFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    void shouldDeleteOnlyCyclesOlderThanTheWindowWhenKafkaHasThem() throws IOException {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY, time)) {
            long[] lastOfDay = appendTwoReadsADay(journal);
            JournalRetention retention = new JournalRetention(journal, 3, () -> delivered, () -> clockMs, 60_000);
            assertThat(cycleFiles()).hasSize(DAYS).first().isEqualTo("20261101F.cq4");

            // nothing relayed yet: every cycle stays, however old
            assertThat(retention.deleteRelayedCycles(-1)).isZero();
            assertThat(cycleFiles()).hasSize(DAYS);

            // relayed up to the end of Nov 3: Nov 1 and 2 go; Nov 3 holds the delivered index and stays
            assertThat(retention.deleteRelayedCycles(lastOfDay[2])).isEqualTo(2);
            assertThat(cycleFiles()).hasSize(DAYS - 2).first().isEqualTo("20261103F.cq4");

            // everything relayed, now Nov 10 10:00, 3 days kept: cycles that ended by Nov 7 10:00 go (Nov 3..6)
            assertThat(retention.deleteRelayedCycles(lastOfDay[DAYS - 1])).isEqualTo(4);
            assertThat(cycleFiles()).containsExactly("20261107F.cq4", "20261108F.cq4", "20261109F.cq4",
                    "20261110F.cq4");
            assertThat(retention.deleted()).isEqualTo(6);

            // what is left still reads from its first record, and appends go on
            journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 999, 1, -60, 1, 1, 1);
            List<String> lines = RecordingJournalHandler.linesOf(journal);
            assertThat(lines).hasSize(9);
            assertThat(lines.get(0)).startsWith("tag r-a1 3074257BF7194E4000000006 ");
            assertThat(lines.get(8)).startsWith("tag r-a1 3074257BF7194E40000003E7 ");
        }
    }

    @Test
    void shouldCheckOncePerPeriodWhenRunAsAnAgent() throws IOException {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY, time)) {
            long[] lastOfDay = appendTwoReadsADay(journal);
            JournalRetention retention = new JournalRetention(journal, 3, () -> delivered, () -> clockMs, 60_000);

            delivered = lastOfDay[1];
            assertThat(retention.doWork()).isEqualTo(1);
            delivered = lastOfDay[DAYS - 1];
            clockMs += 59_999;
            assertThat(retention.doWork()).isZero();
            assertThat(cycleFiles()).hasSize(DAYS - 1);
            clockMs += 1;
            assertThat(retention.doWork()).isEqualTo(5);
            assertThat(cycleFiles()).hasSize(4);
        }
    }

    @Test
    void shouldKeepEverythingWhenKeepDaysIsZero() throws IOException {
        try (Journal journal = Journal.open(dir, JournalRollCycle.DAILY, time)) {
            long[] lastOfDay = appendTwoReadsADay(journal);
            JournalRetention retention = new JournalRetention(journal, 0, () -> delivered, () -> clockMs, 60_000);

            delivered = lastOfDay[DAYS - 1];
            assertThat(retention.doWork()).isZero();
            assertThat(retention.deleteRelayedCycles(delivered)).isZero();
            assertThat(cycleFiles()).hasSize(DAYS);
        }
    }

    @Test
    void shouldNameTheAcceptedValuesWhenTheRollCycleIsUnknown() {
        assertThat(JournalRollCycle.parse("five-minutely")).isEqualTo(JournalRollCycle.FIVE_MINUTELY);
        assertThat(JournalRollCycle.parse("HOURLY")).isEqualTo(JournalRollCycle.HOURLY);
        assertThatThrownBy(() -> JournalRollCycle.parse("monthly"))
                .hasMessage("journal roll cycle=monthly must be one of five-minutely, hourly, daily, weekly");
    }
}
