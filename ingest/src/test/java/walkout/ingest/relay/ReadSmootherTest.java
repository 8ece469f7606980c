package walkout.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadSmootherTest {
    private static final long EPC_HI = 0x3074257BF7194E40L;
    private static final long T0 = 1_763_820_000_000_000L;

    private record Window(int reader, long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                          long lastSeenMicros, int seenCount, long firstIndex, int firstSlot, long token) {
    }

    private final List<Window> closed = new ArrayList<>();
    private final ReadSmoother.WindowHandler out = (reader, hi, lo, antenna, rssi, first, last, count, index,
                                                    slot, token) -> closed.add(new Window(reader, hi, lo, antenna,
            rssi, first, last, count, index, slot, token));

    @Test
    void shouldFoldReadsOfOneKeyIntoOneWindowWithFirstLastPeakAndCount() {
        ReadSmoother smoother = new ReadSmoother(1, 250, 500, 16);
        int window = smoother.onRead(0, EPC_HI, 1, 1, -60, T0, T0 + 10, 2, 100, 3, 0, out);
        smoother.token(window, 7);
        assertThat(smoother.onRead(0, EPC_HI, 1, 1, -52, T0 + 100_000, T0 + 120_000, 3, 101, 0, 0, out))
                .isEqualTo(ReadSmoother.ABSORBED);
        assertThat(smoother.onRead(0, EPC_HI, 1, 1, -70, T0 + 200_000, T0 + 240_000, 1, 102, 0, 0, out))
                .isEqualTo(ReadSmoother.ABSORBED);
        assertThat(closed).isEmpty();

        assertThat(smoother.flushAll(out)).isEqualTo(1);

        assertThat(closed).containsExactly(new Window(0, EPC_HI, 1, 1, -52, T0, T0 + 240_000, 6, 100, 3, 7));
        assertThat(smoother.openWindows()).isZero();
    }

    @Test
    void shouldKeepEachAntennaItsOwnFirstAndLastSeenWhenOneTagCrossesThePortal() {
        ReadSmoother smoother = new ReadSmoother(1, 250, 500, 16);
        smoother.onRead(0, EPC_HI, 1, 1, -50, T0, T0 + 50_000, 1, 1, 0, 0, out);          // INNER
        smoother.onRead(0, EPC_HI, 1, 2, -55, T0 + 150_000, T0 + 200_000, 1, 2, 0, 0, out); // OUTER
        smoother.onRead(0, EPC_HI, 1, 1, -58, T0 + 60_000, T0 + 90_000, 1, 3, 0, 0, out);  // INNER again

        smoother.flushAll(out);

        assertThat(closed).extracting(Window::antenna, Window::firstSeenMicros, Window::lastSeenMicros,
                        Window::seenCount)
                .containsExactly(tuple(1, T0, T0 + 90_000, 2),
                        tuple(2, T0 + 150_000, T0 + 200_000, 1));
    }

    @Test
    void shouldCloseAWindowWhenItsReadersEventTimePassesItsEnd() {
        ReadSmoother smoother = new ReadSmoother(2, 250, 10_000, 16);
        smoother.onRead(0, EPC_HI, 1, 1, -50, T0, T0, 1, 1, 0, 0, out);
        smoother.onRead(1, EPC_HI, 2, 1, -50, T0, T0, 1, 2, 0, 0, out);
        // another tag on reader 0 moves that reader's event time past the first window's end
        smoother.onRead(0, EPC_HI, 3, 1, -50, T0 + 250_000, T0 + 250_000, 1, 3, 0, 0, out);

        assertThat(smoother.flushDue(0, out)).isEqualTo(1);

        assertThat(closed).extracting(Window::firstIndex).containsExactly(1L);
        assertThat(smoother.openWindows()).isEqualTo(2);
    }

    @Test
    void shouldStartANewWindowWhenTheSameKeyIsReadPastTheWindow() {
        ReadSmoother smoother = new ReadSmoother(1, 250, 10_000, 16);
        smoother.onRead(0, EPC_HI, 1, 1, -50, T0, T0, 1, 1, 0, 0, out);
        int second = smoother.onRead(0, EPC_HI, 1, 1, -50, T0 + 300_000, T0 + 300_000, 1, 2, 0, 0, out);

        assertThat(second).isNotEqualTo(ReadSmoother.ABSORBED);
        assertThat(closed).extracting(Window::firstIndex).containsExactly(1L);
        assertThat(smoother.openWindows()).isEqualTo(1);
    }

    @Test
    void shouldCloseWindowsOfAQuietReaderAfterTheIdleFlushInWallTime() {
        ReadSmoother smoother = new ReadSmoother(1, 250, 500, 16);
        smoother.onRead(0, EPC_HI, 1, 1, -50, T0, T0, 1, 1, 0, 1_000, out);

        assertThat(smoother.flushDue(1_499, out)).isZero();
        assertThat(smoother.flushDue(1_500, out)).isEqualTo(1);
        assertThat(closed).hasSize(1);
    }

    @Test
    void shouldCloseTheOldestWindowEarlyWhenFull() {
        ReadSmoother smoother = new ReadSmoother(1, 250, 10_000, 2);
        smoother.onRead(0, EPC_HI, 1, 1, -50, T0, T0, 1, 1, 0, 0, out);
        smoother.onRead(0, EPC_HI, 2, 1, -50, T0, T0, 1, 2, 0, 0, out);
        smoother.onRead(0, EPC_HI, 3, 1, -50, T0, T0, 1, 3, 0, 0, out);

        assertThat(closed).extracting(Window::epcLo).containsExactly(1);
        assertThat(smoother.openWindows()).isEqualTo(2);
    }

    @Test
    void shouldFindEveryKeyAgainAfterManyOpensAndClosesWhenKeysCollide() {
        ReadSmoother smoother = new ReadSmoother(1, 250, 10_000, 64);
        // many keys through a small table: removals shift probe chains, lookups must still find the rest
        for (int round = 0; round < 50; round++) {
            long t = T0 + round * 1_000_000L;
            for (int tag = 0; tag < 60; tag++) {
                smoother.onRead(0, EPC_HI, tag, 1, -50, t, t, 1, round * 100L + tag, 0, 0, out);
            }
            for (int tag = 0; tag < 60; tag += 2) {
                assertThat(smoother.onRead(0, EPC_HI, tag, 1, -50, t + 1, t + 1, 1, 0, 0, 0, out))
                        .isEqualTo(ReadSmoother.ABSORBED);
            }
        }
        smoother.flushAll(out);

        assertThat(closed).hasSize(50 * 60);
        assertThat(closed).extracting(Window::seenCount).containsOnly(1, 2);
        assertThat(closed.stream().mapToInt(Window::seenCount).sum()).isEqualTo(50 * 90);
    }

    @Test
    void shouldForgetOpenWindowsWhenCleared() {
        ReadSmoother smoother = new ReadSmoother(1, 250, 500, 16);
        smoother.onRead(0, EPC_HI, 1, 1, -50, T0, T0, 1, 1, 0, 0, out);
        smoother.clear();

        assertThat(smoother.flushAll(out)).isZero();
        assertThat(smoother.onRead(0, EPC_HI, 1, 1, -50, T0, T0, 1, 1, 0, 0, out)).isNotEqualTo(ReadSmoother.ABSORBED);
    }

    @Test
    void shouldRejectAWindowOfZero() {
        assertThatThrownBy(() -> new ReadSmoother(1, 0, 500, 16)).hasMessageContaining("windowMs=0");
    }
}
