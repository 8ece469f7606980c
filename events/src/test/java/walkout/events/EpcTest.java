package walkout.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpcTest {

    @Test
    void shouldSplitAndJoinEpc96() {
        String hex = "3074257BF7194E4000001A85";

        assertThat(Epc.hi(hex)).isEqualTo(0x3074257BF7194E40L);
        assertThat(Epc.lo(hex)).isEqualTo(0x00001A85);
        assertThat(Epc.hex96(Epc.hi(hex), Epc.lo(hex))).isEqualTo(hex);
        assertThat(Epc.hex96(-1L, -1)).isEqualTo("FFFFFFFFFFFFFFFFFFFFFFFF");
    }

    @Test
    void shouldRejectWhenNotTwentyFourHexDigits() {
        assertThat(Epc.isHex96("3074257BF7194E4000001A8")).isFalse();
        assertThat(Epc.isHex96("3074257BF7194E4000001A8G")).isFalse();
        assertThatThrownBy(() -> Epc.hi("xyz")).hasMessageContaining("not a 96-bit EPC");
    }
}
