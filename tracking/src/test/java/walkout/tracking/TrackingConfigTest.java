package walkout.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import walkout.tracking.item.MobilityProfile;

class TrackingConfigTest {

    @Test
    void shouldUseDocumentedDefaultsWhenBuiltFromDefaults() {
        TrackingConfig config = TrackingConfig.defaults("walkout-tracking", "127.0.0.1:9092", "EXIT");

        assertThat(config.passGapMs()).isEqualTo(1000);
        assertThat(config.attributionWindowMs()).isEqualTo(1500);
        assertThat(config.minMargin()).isEqualTo(0.25);
        assertThat(config.basketGraceMs()).isEqualTo(3000);
        assertThat(config.quietGuardMs()).isEqualTo(2000);
        assertThat(config.punctuateEveryMs()).isEqualTo(250);
    }

    @Test
    void shouldNameFieldAndValueWhenApplicationIdIsBlank() {
        assertThatThrownBy(() -> TrackingConfig.defaults(" ", "127.0.0.1:9092", "EXIT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("applicationId=' ' must not be blank");
    }

    @Test
    void shouldNameFieldWhenBootstrapServersIsNull() {
        assertThatThrownBy(() -> TrackingConfig.defaults("app", null, "EXIT"))
                .hasMessage("bootstrapServers=null must not be blank");
    }

    @Test
    void shouldNameFieldWhenExitZoneIsEmpty() {
        assertThatThrownBy(() -> TrackingConfig.defaults("app", "127.0.0.1:9092", ""))
                .hasMessage("exitZone='' must not be blank");
    }

    @Test
    void shouldRejectNonPositiveWindowsWhenConfigured() {
        assertThatThrownBy(() -> config(0, 1500, 0.25, 3000, 2000, 250))
                .hasMessage("passGapMs=0 must be > 0");
        assertThatThrownBy(() -> config(3000, -1, 0.25, 3000, 2000, 250))
                .hasMessage("attributionWindowMs=-1 must be > 0");
        assertThatThrownBy(() -> config(3000, 1500, 0.25, 3000, 0, 250))
                .hasMessage("quietGuardMs=0 must be > 0");
        assertThatThrownBy(() -> config(3000, 1500, 0.25, 3000, 2000, 0))
                .hasMessage("punctuateEveryMs=0 must be > 0");
    }

    @Test
    void shouldRejectMarginOutsideZeroToOneWhenConfigured() {
        assertThatThrownBy(() -> config(3000, 1500, 1.5, 3000, 2000, 250))
                .hasMessage("minMargin=1.5 must be between 0 and 1");
        assertThatThrownBy(() -> config(3000, 1500, Double.NaN, 3000, 2000, 250))
                .hasMessage("minMargin=NaN must be between 0 and 1");
    }

    @Test
    void shouldRejectGraceShorterThanTwoAttributionWindowsWhenConfigured() {
        assertThatThrownBy(() -> config(3000, 1500, 0.25, 2999, 2000, 250))
                .hasMessage("basketGraceMs=2999 must be >= 2 * attributionWindowMs (3000) so every item is decided"
                        + " before its basket closes");
    }

    @Test
    void shouldRejectMissingMobilityAndNonPositiveEpcisRetentionWhenConfigured() {
        TrackingConfig ok = TrackingConfig.defaults("app", "127.0.0.1:9092", "EXIT");
        assertThat(ok.mobility()).isEqualTo(MobilityProfile.DEFAULT);
        assertThat(ok.epcisRetentionMs()).isEqualTo(7L * 24 * 60 * 60 * 1000);
        assertThatThrownBy(() -> new TrackingConfig("app", "127.0.0.1:9092", "EXIT", 3000, 1500, 0.25, 3000, 2000,
                250, -6500, -6500, 2000, null, 1000))
                .hasMessage("mobility=null must be set (MobilityProfile.DEFAULT)");
        assertThatThrownBy(() -> new TrackingConfig("app", "127.0.0.1:9092", "EXIT", 3000, 1500, 0.25, 3000, 2000,
                250, -6500, -6500, 2000, MobilityProfile.DEFAULT, 0))
                .hasMessage("epcisRetentionMs=0 must be > 0");
    }

    private static TrackingConfig config(long passGapMs, long attributionWindowMs, double minMargin,
                                         long basketGraceMs, long quietGuardMs, long punctuateEveryMs) {
        return new TrackingConfig("app", "127.0.0.1:9092", "EXIT", passGapMs, attributionWindowMs, minMargin,
                basketGraceMs, quietGuardMs, punctuateEveryMs);
    }
}
