package walkout.tracking.item;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import walkout.events.PortalSide;

class PortalPassTest {
    /**
     * A burst from a portal whose fields overlap, as the second physics world delivered it: the inner antenna read the
     * item first but also last, and the two centres are 27 ms apart the wrong way; only the RSSI trend (inner fading,
     * outer growing) and the loudest reads tell that it left.
     */
    private static final long[][] LEAVING_BURST = {
        {115_594, 1, -5300}, {115_777, 2, -6200}, {115_944, 1, -5500}, {115_919, 2, -6000}, {116_151, 1, -5800},
        {116_182, 2, -6200}, {116_262, 2, -5700}, {116_545, 2, -5500}, {116_538, 1, -6000}, {116_633, 2, -5300},
        {116_763, 1, -6300}, {116_857, 2, -5100}, {117_033, 1, -6300},
    };

    @Test
    void shouldTellLeavingFromTheWholeBurstWhenFirstAndLastReadsAndCentresDisagree() {
        assertThat(pass(LEAVING_BURST, false).direction()).isEqualTo(PortalPass.Direction.LEAVING);
    }

    @Test
    void shouldTellEnteringWhenTheSameBurstRunsTheOtherWay() {
        assertThat(pass(LEAVING_BURST, true).direction()).isEqualTo(PortalPass.Direction.ENTERING);
    }

    @Test
    void shouldDecideNothingWhenOnlyOneAntennaReadTheItem() {
        PortalPass inner = PortalPass.start("store-1", "EPC", PortalSide.INNER, 1_000, -5500)
                .plus(PortalSide.INNER, 1_200, -5600);

        assertThat(inner.direction()).isEqualTo(PortalPass.Direction.UNKNOWN);
        assertThat(inner.innerOnly()).isTrue();
        assertThat(inner.lastMillis()).isEqualTo(1_200);
    }

    @Test
    void shouldLeaveWhenInnerThenOuterAsTheFirstWorldReadsIt() {
        PortalPass pass = PortalPass.start("store-1", "EPC", PortalSide.INNER, 1_000, -5500)
                .plus(PortalSide.INNER, 1_400, -5900).plus(PortalSide.OUTER, 1_800, -5000)
                .plus(PortalSide.OUTER, 2_200, -5800);

        assertThat(pass.direction()).isEqualTo(PortalPass.Direction.LEAVING);
        assertThat(pass.outMillis()).as("half-way between the centres, not before the first outer read")
                .isEqualTo(1_800);
    }

    @Test
    void shouldKeepTheSameCentresWhenReadsArriveOutOfOrder() {
        PortalPass inOrder = pass(LEAVING_BURST, false);
        PortalPass reversed = null;
        for (int i = LEAVING_BURST.length - 1; i >= 0; i--) {
            long[] read = LEAVING_BURST[i];
            PortalSide side = read[1] == 1 ? PortalSide.INNER : PortalSide.OUTER;
            reversed = reversed == null ? PortalPass.start("store-1", "EPC", side, read[0], (int) read[2])
                    : reversed.plus(side, read[0], (int) read[2]);
        }

        assertThat(reversed.direction()).isEqualTo(PortalPass.Direction.LEAVING);
        assertThat(reversed.outMillis()).isEqualTo(inOrder.outMillis());
        assertThat(reversed.leavingClues()).isCloseTo(inOrder.leavingClues(),
                org.assertj.core.api.Assertions.within(1e-6));
    }

    private static PortalPass pass(long[][] reads, boolean swapSides) {
        PortalPass pass = null;
        for (long[] read : reads) {
            boolean inner = (read[1] == 1) != swapSides;
            PortalSide side = inner ? PortalSide.INNER : PortalSide.OUTER;
            pass = pass == null ? PortalPass.start("store-1", "EPC", side, read[0], (int) read[2])
                    : pass.plus(side, read[0], (int) read[2]);
        }
        return pass;
    }
}
