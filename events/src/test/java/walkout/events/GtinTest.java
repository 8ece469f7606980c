package walkout.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GtinTest {

    @Test
    void shouldAcceptGtinWithRightCheckDigit() {
        assertThat(new Gtin("80614141123458").value()).isEqualTo("80614141123458");
        assertThat(Gtin.of(4012345000016L).value()).isEqualTo("04012345000016");
    }

    @Test
    void shouldRejectWrongCheckDigitNamingTheExpectedOne() {
        assertThatThrownBy(() -> new Gtin("80614141123457")).hasMessageContaining("expected 8");
    }

    @Test
    void shouldRejectWhenNotFourteenDigits() {
        assertThatThrownBy(() -> new Gtin("123")).hasMessageContaining("14 digits");
        assertThatThrownBy(() -> new Gtin("8061414112345X")).hasMessageContaining("14 digits");
    }
}
