package walkout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeviceTokenSignerTest {
    private final DeviceTokenSigner signer =
            new DeviceTokenSigner("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldVerifyTokenItIssuedForThatCustomer() {
        assertThat(signer.verify(signer.issue("c-42"))).contains("c-42");
    }

    @Test
    void shouldRejectTokenWhenCustomerPartIsSwapped() {
        String ada = signer.issue("c-ada");
        String bob = signer.issue("c-bob");
        String forged = bob.substring(0, bob.indexOf('.')) + ada.substring(ada.indexOf('.'));

        assertThat(signer.verify(forged)).isEmpty();
    }

    @Test
    void shouldRejectTokenFromAnotherSecret() {
        DeviceTokenSigner other = new DeviceTokenSigner("another-secret-of-16".getBytes(StandardCharsets.UTF_8));

        assertThat(signer.verify(other.issue("c-42"))).isEmpty();
    }

    @Test
    void shouldRejectMalformedTokens() {
        assertThat(signer.verify(null)).isEmpty();
        assertThat(signer.verify("")).isEmpty();
        assertThat(signer.verify("no-dot")).isEmpty();
        assertThat(signer.verify(".sig")).isEmpty();
        assertThat(signer.verify("id.")).isEmpty();
        assertThat(signer.verify("%%%.###")).isEmpty();
    }

    @Test
    void shouldRefuseShortSecret() {
        assertThatThrownBy(() -> new DeviceTokenSigner(new byte[8])).hasMessageContaining("at least 16 bytes");
    }
}
