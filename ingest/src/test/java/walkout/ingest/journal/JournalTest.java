package walkout.ingest.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import walkout.ingest.llrp.LlrpMessageHandler;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryRecordTypeFieldByFieldWhenAppendedAndTailed() {
        try (Journal journal = Journal.open(dir)) {
            long first = journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 0x00001A85, 2, -58, 100, 200, 7);
            byte[] epc = new byte[25];
            epc[0] = 0x36;
            epc[24] = (byte) 0xAB;
            journal.appendLongEpcTagRead("r-exit", new UnsafeBuffer(epc), 0, 200, 1, -60, 300, 300, 1);
            journal.appendShopperEntered("v-1", "c-1", "g-entry", 1000);
            journal.appendBeaconSighted("c-1", "b-a1", "A1", -61, 2000);
            long last = journal.appendCustomerRegistered("c-2", "Ada Lovelace", "pm_card_visa", 3000);

            assertThat(last).isGreaterThan(first);
            assertThat(journal.appended()).isEqualTo(5);

            RecordingJournalHandler handler = new RecordingJournalHandler();
            try (JournalTailer tailer = journal.tailer()) {
                while (tailer.readNext(handler) >= 0) {
                    // read everything there is
                }
            }
            assertThat(handler.lines).containsExactly(
                    "tag r-a1 3074257BF7194E4000001A85 a=2 rssi=-58 100..200 x7",
                    "long r-exit 36" + "00".repeat(23) + "AB/200 a=1 rssi=-60 300..300 x1",
                    "entered v-1 c-1 g-entry 1000",
                    "sighted c-1 b-a1 A1 -61 2000",
                    "registered c-2 Ada Lovelace pm_card_visa 3000");
            assertThat(handler.indexes.get(0)).isEqualTo(first);
            assertThat(handler.indexes.get(4)).isEqualTo(last);
        }
    }

    @Test
    void shouldResumeAfterAGivenIndexWhenReopened() {
        long second;
        try (Journal journal = Journal.open(dir)) {
            journal.appendShopperEntered("v-1", "c-1", "g", 1);
            second = journal.appendShopperEntered("v-2", "c-1", "g", 2);
            journal.appendShopperEntered("v-3", "c-1", "g", 3);
        }
        try (Journal journal = Journal.open(dir); JournalTailer tailer = journal.tailer()) {
            assertThat(tailer.resumeAfter(second)).isTrue();
            RecordingJournalHandler handler = new RecordingJournalHandler();
            while (tailer.readNext(handler) >= 0) {
                // drain
            }
            assertThat(handler.lines).containsExactly("entered v-3 c-1 g 3");
            assertThat(journal.appended()).isZero();
        }
    }

    @Test
    void shouldKeepEveryRecordWhenTwoThreadsAppendAtOnce() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            Runnable writer = () -> {
                for (int i = 0; i < 1000; i++) {
                    journal.appendTagRead(Thread.currentThread().getName(), i, i, 1, -50, i, i, 1);
                }
            };
            CompletableFuture<Void> a = CompletableFuture.runAsync(writer);
            CompletableFuture<Void> b = CompletableFuture.runAsync(writer);
            CompletableFuture.allOf(a, b).get();

            RecordingJournalHandler handler = new RecordingJournalHandler();
            try (JournalTailer tailer = journal.tailer()) {
                while (tailer.readNext(handler) >= 0) {
                    // drain
                }
            }
            assertThat(handler.lines).hasSize(2000);
            assertThat(handler.indexes).isSorted().doesNotHaveDuplicates();
            assertThat(journal.appended()).isEqualTo(2000);
        }
    }

    @Test
    void shouldReadBackEveryReaderIdWhenMoreIdsThanItsEncodedCacheHoldsAreInterleaved() {
        List<String> written = new ArrayList<>();
        try (Journal journal = Journal.open(dir)) {
            for (int round = 0; round < 3; round++) {
                for (int r = 0; r < 40; r++) {
                    // a new String each time, equal to the last: the cache must not mix ids up either way
                    String id = new String(r % 7 == 0 ? "lecteur-" + r + "-\u00e9t\u00e9" : "r-" + r);
                    written.add(id);
                    if (r % 5 == 0) {
                        journal.appendLongEpcTagRead(id, new UnsafeBuffer(new byte[16]), 0, 128, 1, -50, r, r, 1);
                    } else {
                        journal.appendTagRead(id, r, r, 1, -50, r, r, 1);
                    }
                }
            }
            RecordingJournalHandler handler = new RecordingJournalHandler();
            try (JournalTailer tailer = journal.tailer()) {
                while (tailer.readNext(handler) >= 0) {
                    // drain
                }
            }
            assertThat(handler.lines).hasSize(written.size());
            for (int i = 0; i < written.size(); i++) {
                assertThat(handler.lines.get(i).split(" ")[1]).isEqualTo(written.get(i));
            }
        }
    }

    @Test
    void shouldReadAReportRecordBackAsItsReadsInOrderWithTheirSlots() {
        try (Journal journal = Journal.open(dir)) {
            List<Long> probed = new ArrayList<>();
            journal.tagReadProbe((first, last) -> probed.add(last));
            TagReadBatch batch = new TagReadBatch(3);
            assertThat(journal.appendTagReads("r-a1", batch)).isEqualTo(-1);
            assertThat(batch.add(0x3074257BF7194E40L, 0x1A85, 1, -58, 100, 200, 7)).isFalse();
            assertThat(batch.add(0x3074257BF7194E40L, 0x1A86, 2, LlrpMessageHandler.NO_RSSI, 300, 400, 1)).isFalse();
            assertThat(batch.add(0x30FFFFFFFFFFFFFFL, 0xFFFFFFFF, 0xFFFF, -1, -5, Long.MAX_VALUE, 65_536)).isTrue();
            long index = journal.appendTagReads("r-a1", batch);

            assertThat(batch.isEmpty()).isTrue();
            assertThat(journal.appended()).isEqualTo(3);
            assertThat(probed).containsExactly(200L, 400L, Long.MAX_VALUE);
            RecordingJournalHandler handler = new RecordingJournalHandler();
            try (JournalTailer tailer = journal.tailer()) {
                assertThat(tailer.readNext(handler)).isEqualTo(index);
                assertThat(tailer.readNext(handler)).isEqualTo(-1);
            }
            assertThat(handler.lines).containsExactly(
                    "tag r-a1 3074257BF7194E4000001A85 a=1 rssi=-58 100..200 x7",
                    "tag r-a1 3074257BF7194E4000001A86 a=2 rssi=" + LlrpMessageHandler.NO_RSSI + " 300..400 x1",
                    "tag r-a1 30FFFFFFFFFFFFFFFFFFFFFF a=65535 rssi=-1 -5.." + Long.MAX_VALUE + " x65536");
            assertThat(handler.indexes).containsExactly(index, index, index);
            assertThat(handler.slots).containsExactly(0, 1, 2);
        }
    }

    @Test
    void shouldHandARecordShorterThanItsCountOverAsUnknownAndReadTheNext() {
        try (Journal journal = Journal.open(dir)) {
            try (ExcerptAppender appender = journal.queue().createAppender();
                 DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeByte(RecordType.TAG_READS).writeUtf8("r-a1").writeUnsignedShort(2)
                        .writeLong(1L);
            }
            journal.appendShopperEntered("v-1", "c-1", "g", 1);

            assertThat(RecordingJournalHandler.linesOf(journal))
                    .containsExactly("unknown " + RecordType.TAG_READS, "entered v-1 c-1 g 1");
        }
    }

    @Test
    void shouldCountRecordsAfterAnIndexForTheRelayLag() {
        try (Journal journal = Journal.open(dir)) {
            assertThat(journal.recordsAfter(-1)).isZero();
            long first = journal.appendShopperEntered("v-1", "c-1", "g", 1);
            long second = journal.appendShopperEntered("v-2", "c-1", "g", 2);
            journal.appendShopperEntered("v-3", "c-1", "g", 3);

            assertThat(journal.recordsAfter(-1)).isEqualTo(3);
            assertThat(journal.recordsAfter(first)).isEqualTo(2);
            assertThat(journal.recordsAfter(second)).isEqualTo(1);
            assertThat(journal.recordsAfter(journal.appendShopperEntered("v-4", "c-1", "g", 4))).isZero();
        }
    }

    @Test
    void shouldTellTheProbeOfEachTagReadOnceItIsJournaledUntilCleared() {
        try (Journal journal = Journal.open(dir)) {
            List<String> probed = new ArrayList<>();
            journal.tagReadProbe((firstSeen, lastSeen) -> probed.add(firstSeen + ".." + lastSeen));

            journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 1, 1, -58, 100, 200, 1);
            journal.appendLongEpcTagRead("r-exit", new UnsafeBuffer(new byte[25]), 0, 200, 1, -60, 300, 400, 1);
            journal.appendShopperEntered("v-1", "c-1", "g", 500);
            journal.tagReadProbe(null);
            journal.appendTagRead("r-a1", 0x3074257BF7194E40L, 2, 1, -58, 600, 700, 1);

            assertThat(probed).containsExactly("100..200", "300..400");
            assertThat(journal.appended()).isEqualTo(4);
        }
    }
}
