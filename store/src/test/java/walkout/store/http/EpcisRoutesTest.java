package walkout.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import walkout.events.BadInput;
import walkout.tracking.query.EpcisQuery;

class EpcisRoutesTest {
    @Test
    void shouldReadSinceAsIsoInstantOrEpochMillisWhenGiven() {
        assertThat(EpcisRoutes.sinceMillis("2026-11-22T15:40:00.123Z")).isEqualTo(1_795_362_000_123L);
        assertThat(EpcisRoutes.sinceMillis("1795362000123")).isEqualTo(1_795_362_000_123L);
        assertThat(EpcisRoutes.sinceMillis(null)).isZero();
    }

    @Test
    void shouldRefuseSinceNamingFieldWhenNeitherInstantNorMillis() {
        assertThatThrownBy(() -> EpcisRoutes.sinceMillis("yesterday")).isInstanceOf(BadInput.class)
                .hasMessageStartingWith("since: expected an ISO-8601 instant");
        assertThatThrownBy(() -> EpcisRoutes.sinceMillis("99999999999999999999")).isInstanceOf(BadInput.class)
                .hasMessageStartingWith("since: epoch milliseconds out of range");
    }

    @Test
    void shouldBoundLimitWhenMissingOrTooLarge() {
        assertThat(EpcisRoutes.limit(null)).isEqualTo(EpcisQuery.DEFAULT_LIMIT);
        assertThat(EpcisRoutes.limit("7")).isEqualTo(7);
        assertThatThrownBy(() -> EpcisRoutes.limit("0")).hasMessage("limit: must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> EpcisRoutes.limit("1001")).hasMessage("limit: must be between 1 and 1000, got 1001");
        assertThatThrownBy(() -> EpcisRoutes.limit("ten")).hasMessage("limit: expected a whole number, got ten");
    }
}
