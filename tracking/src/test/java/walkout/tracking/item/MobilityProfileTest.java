package walkout.tracking.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MobilityProfileTest {
    private static final long SETTLE_MS = 5_000;
    private final MobilityProfile profile = MobilityProfile.DEFAULT;

    @Test
    void shouldHoldFullThresholdDuringHoldoffThenDecayThroughZero() {
        assertThat(profile.offsetCdbm(0)).isCloseTo(600, within(1e-9));
        assertThat(profile.offsetCdbm(500)).isCloseTo(600, within(1e-9));
        assertThat(profile.offsetCdbm(1_000)).isCloseTo(200, within(1e-9));
        assertThat(profile.offsetCdbm(1_250)).isCloseTo(0, within(1e-9));
        assertThat(profile.offsetCdbm(2_000)).isCloseTo(-600, within(1e-9));
    }

    @Test
    void shouldMoveOnlyWhenNewReadBeatsOldShelfByOffset() {
        assertThat(profile.moves(-5000, -5500, 100)).as("5 dB stronger, within hold-off").isFalse();
        assertThat(profile.moves(-4800, -5500, 100)).as("7 dB stronger, within hold-off").isTrue();
        assertThat(profile.moves(-5000, -5500, 1_000)).as("5 dB stronger, margin decayed to 2 dB").isTrue();
        assertThat(profile.moves(-6000, -5500, 1_000)).as("weaker, old shelf recently confirmed").isFalse();
        assertThat(profile.moves(-6000, -5500, 2_500)).as("weaker, old shelf quiet for 2.5 s").isTrue();
    }

    @Test
    void shouldRejectNegativeSettingsNamingField() {
        assertThatThrownBy(() -> new MobilityProfile(-1, 500, 0.8))
                .hasMessage("mobility.thresholdCdbm=-1 must be >= 0");
        assertThatThrownBy(() -> new MobilityProfile(600, -1, 0.8))
                .hasMessage("mobility.holdoffMs=-1 must be >= 0");
        assertThatThrownBy(() -> new MobilityProfile(600, 500, Double.NaN))
                .hasMessage("mobility.decayCdbmPerMs=NaN must be a finite number >= 0");
    }

    @Test
    void shouldKeepItemOnItsShelfWhenNeighbourHearsItWeakerAndMoveItWhenOwnShelfGoesQuiet() {
        ItemState onA1 = ItemState.first("store-1", "EPC", "80614141123458")
                .onShelfRead("A1", 1_000, -5500, profile, SETTLE_MS);

        ItemState heardNextDoor = onA1.onShelfRead("A2", 1_400, -6000, profile, SETTLE_MS);
        ItemState confirmed = heardNextDoor.onShelfRead("A1", 2_000, -5100, profile, SETTLE_MS);
        ItemState movedLater = confirmed.onShelfRead("A2", 5_000, -6000, profile, SETTLE_MS);

        assertThat(heardNextDoor).isSameAs(onA1);
        assertThat(confirmed.zone()).isEqualTo("A1");
        assertThat(confirmed.zoneAtMillis()).isEqualTo(2_000);
        assertThat(confirmed.shelfRssiCdbm()).isEqualTo(-5400);
        assertThat(movedLater.zone()).isEqualTo("A2");
        assertThat(movedLater.shelfRssiCdbm()).isEqualTo(-6000);
    }

    @Test
    void shouldPlaceCarriedItemOnAnotherShelfWhenShelfReadsOutlastTheSettleTime() {
        ItemState carried = ItemState.first("store-1", "EPC", "80614141123458")
                .onShelfRead("A1", 1_000, -5000, profile, SETTLE_MS)
                .onFloorRead("A1", 1_500, true);

        ItemState loudInHand = carried.onShelfRead("A3", 1_800, -6000, profile, SETTLE_MS);
        ItemState putDown = loudInHand.onShelfRead("A3", 1_800 + SETTLE_MS, -6000, profile, SETTLE_MS);

        assertThat(loudInHand.status()).as("one shelf-strength read soon after a carried one is still a carry")
                .isEqualTo(ItemStatus.MOVING);
        assertThat(loudInHand.travel()).extracting(TravelSegment::zone).containsExactly("A1", "A3");
        assertThat(putDown.status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(putDown.zone()).isEqualTo("A3");
        assertThat(putDown.travel()).isEmpty();
    }
}
