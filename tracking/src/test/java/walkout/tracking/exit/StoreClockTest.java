package walkout.tracking.exit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreClockTest {
    private static final long GUARD_MS = 2_000;

    @Test
    void shouldFollowStreamTimeWhenRecordsFlow() {
        StoreClock clock = new StoreClock(GUARD_MS, null, 0);

        assertThat(clock.onStreamTime(10_000, 0)).isEqualTo(10_000);
        assertThat(clock.onWallClock(10_500, 50_000)).isEqualTo(10_500);
    }

    @Test
    void shouldAddQuietWallTimeWhenStreamTimeStalls() {
        StoreClock clock = new StoreClock(GUARD_MS, null, 0);
        clock.onStreamTime(10_000, 1_000);

        assertThat(clock.onWallClock(10_000, 2_999)).isEqualTo(10_000);
        assertThat(clock.onWallClock(10_000, 3_000)).isEqualTo(12_000);
        assertThat(clock.onWallClock(10_000, 4_500)).isEqualTo(13_500);
    }

    @Test
    void shouldNeverGoBackWhenStreamTimeResumesBehindEffectiveTime() {
        StoreClock clock = new StoreClock(GUARD_MS, null, 0);
        clock.onStreamTime(10_000, 0);
        clock.onWallClock(10_000, 5_000);

        assertThat(clock.onStreamTime(11_000, 5_100)).isEqualTo(15_000);
        assertThat(clock.onWallClock(11_000, 6_000)).isEqualTo(15_000);
    }

    @Test
    void shouldStayUnknownWhenNoStreamTimeYet() {
        StoreClock clock = new StoreClock(GUARD_MS, null, 0);

        assertThat(clock.onWallClock(StoreClock.NONE, 60_000)).isEqualTo(StoreClock.NONE);
    }

    @Test
    void shouldResumeFromSavedStateWhenRestarted() {
        StoreClock clock = new StoreClock(GUARD_MS, new ClockState(10_000, 12_000), 100_000);

        assertThat(clock.effectiveMillis()).isEqualTo(12_000);
        assertThat(clock.onWallClock(10_000, 103_000)).isEqualTo(13_000);
        assertThat(clock.state()).isEqualTo(new ClockState(10_000, 13_000));
    }
}
