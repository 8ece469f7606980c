package walkout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeviceTokensTest {
    private final DeviceTokenSigner signer =
            new DeviceTokenSigner("0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldAcceptATokenUntilItsExpiryAndRefuseItFromThen() {
        DeviceTokens tokens = new DeviceTokens(signer, 1_000);
        String token = tokens.issue("c-1", 5_000);

        assertThat(tokens.verify(token, 5_999)).isEqualTo(new DeviceTokens.Verified(DeviceTokens.Check.VALID, "c-1"));
        assertThat(tokens.verify(token, 6_000).check()).isEqualTo(DeviceTokens.Check.EXPIRED);
        // the expiry is inside the signature: the signer sees customer id and expiry together
        assertThat(signer.verify(token)).contains("c-1|6000");
    }

    @Test
    void shouldRefuseATokenWhoseExpiryWasChanged() {
        DeviceTokens tokens = new DeviceTokens(signer, 1_000);
        String token = tokens.issue("c-1", 5_000);
        String payload = token.substring(0, token.indexOf('.'));
        String other = new DeviceTokens(signer, 999_000).issue("c-1", 5_000);
        String spliced = other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'));

        assertThat(spliced).doesNotStartWith(payload);
        assertThat(tokens.verify(spliced, 5_500).check()).isEqualTo(DeviceTokens.Check.INVALID);
    }

    @Test
    void shouldAcceptTokensIssuedWithoutExpiry() {
        DeviceTokens tokens = new DeviceTokens(signer, 1_000);

        assertThat(tokens.verify(signer.issue("c-2"), Long.MAX_VALUE - 1))
                .isEqualTo(new DeviceTokens.Verified(DeviceTokens.Check.VALID, "c-2"));
        assertThat(new DeviceTokens(signer, 0).issue("c-2", 5_000)).isEqualTo(signer.issue("c-2"));
    }

    @Test
    void shouldRefuseGarbage() {
        DeviceTokens tokens = new DeviceTokens(signer, 1_000);

        assertThat(tokens.verify("nope", 0).check()).isEqualTo(DeviceTokens.Check.INVALID);
        assertThat(tokens.verify(signer.issue("c-1|soon"), 0).check()).isEqualTo(DeviceTokens.Check.INVALID);
        assertThat(tokens.verify(signer.issue("|99"), 0).check()).isEqualTo(DeviceTokens.Check.INVALID);
    }
}
