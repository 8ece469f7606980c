package walkout.ingest.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalPrefaulterTest {
    private static final int READS = 100_000;

    @TempDir
    Path dir;

    @Test
    void shouldFaultInPagesAheadOfTheAppenderWithoutChangingARecord() {
        try (Journal journal = Journal.open(dir)) {
            appendReads(journal, 0);
            // about 5 MB written: the prefaulter has the append position and works 16 MiB ahead of it
            await().atMost(Duration.ofSeconds(10)).until(() -> journal.prefaultedBytes() >= 8L << 20);
            appendReads(journal, READS);

            SequenceCheck check = new SequenceCheck();
            try (JournalTailer tailer = journal.tailer()) {
                while (tailer.readNext(check) >= 0) {
                    // read everything there is
                }
            }
            assertThat(check.broken).as("first record out of sequence").isNull();
            assertThat(check.next).isEqualTo(2 * READS);
        }
    }

    @Test
    void shouldLeaveFaultsToTheAppenderWhenSwitchedOff() {
        System.setProperty(Journal.PREFAULT_PROPERTY, "false");
        try (Journal journal = Journal.open(dir)) {
            appendReads(journal, 0);
            assertThat(journal.prefaultedBytes()).isZero();
            assertThat(journal.appended()).isEqualTo(READS);
        } finally {
            System.clearProperty(Journal.PREFAULT_PROPERTY);
        }
    }

    private static void appendReads(Journal journal, int from) {
        for (int i = from; i < from + READS; i++) {
            journal.appendTagRead("r-a1", 0x3074257BF7194E40L, i, 1 + (i & 1), -55, i, i + 1L, i);
        }
    }

    /** Checks every tag read carries the next number of the sequence the test wrote. */
    private static final class SequenceCheck implements JournalRecordHandler {
        int next;
        String broken;

        @Override
        public void onTagRead(long index, int slot, String readerId, long epcHi, int epcLo, int antenna,
                              int peakRssiDbm, long firstSeenMicros, long lastSeenMicros, int seenCount) {
            boolean intact = epcLo == next && seenCount == next && firstSeenMicros == next
                    && lastSeenMicros == next + 1L && antenna == 1 + (next & 1) && "r-a1".equals(readerId);
            if (!intact && broken == null) {
                broken = "record " + next + " at index " + index + ": epcLo=" + epcLo + " seenCount=" + seenCount;
            }
            next++;
        }
    }
}
