package walkout.ingest.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceRateLimiterTest {
    @Test
    void shouldAllowTheBurstThenRefillAtTheRate() {
        DeviceRateLimiter limiter = new DeviceRateLimiter(10, 2);

        assertThat(limiter.tryAcquire("c-1", 0)).isTrue();
        assertThat(limiter.tryAcquire("c-1", 0)).isTrue();
        assertThat(limiter.tryAcquire("c-1", 0)).isFalse();
        assertThat(limiter.retryAfterMs("c-1", 0)).isEqualTo(100);
        assertThat(limiter.tryAcquire("c-1", 99)).isFalse();
        assertThat(limiter.tryAcquire("c-1", 200)).isTrue();
        assertThat(limiter.tryAcquire("c-2", 200)).isTrue();
    }

    @Test
    void shouldForgetRefilledDevicesWhenTrackingTooMany() {
        DeviceRateLimiter limiter = new DeviceRateLimiter(10, 1, 2);
        limiter.tryAcquire("c-1", 0);
        limiter.tryAcquire("c-2", 0);
        limiter.tryAcquire("c-3", 0);

        limiter.tryAcquire("c-4", 10_000);

        assertThat(limiter.trackedDevices()).isEqualTo(1);
    }
}
