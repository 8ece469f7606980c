package walkout.ingest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void shouldDoubleUpToTheCapWhenRandomIsAtItsTop() {
        Backoff backoff = new Backoff(100, 1_000, () -> 0.999_999);

        assertThat(backoff.nextDelayMs()).isEqualTo(99);
        assertThat(backoff.nextDelayMs()).isEqualTo(199);
        assertThat(backoff.nextDelayMs()).isEqualTo(399);
        assertThat(backoff.nextDelayMs()).isEqualTo(799);
        assertThat(backoff.nextDelayMs()).isEqualTo(999);
        assertThat(backoff.nextDelayMs()).isEqualTo(999);
    }

    @Test
    void shouldWaitAtLeastHalfTheCeilingAndStartOverAfterReset() {
        Backoff backoff = new Backoff(100, 1_000, () -> 0.0);
        for (int i = 0; i < 40; i++) {
            backoff.nextDelayMs();
        }
        assertThat(backoff.nextDelayMs()).isEqualTo(500);

        backoff.reset();

        assertThat(backoff.nextDelayMs()).isEqualTo(50);
    }
}
