package walkout.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaderTlsTest {
    private static final String PIN = "ab".repeat(32);

    @Test
    void shouldNormalizeAnOpensslStyleFingerprint() {
        String openssl = "SHA256:" + "AB:".repeat(31) + "AB";

        assertThat(new ReaderTls(null, openssl, null, null).pinSha256()).isEqualTo(PIN);
        assertThat(new ReaderTls("ca.pem", " ", "", null).pinSha256()).isNull();
    }

    @Test
    void shouldNameWhatIsMissingOrMalformed() {
        assertThatThrownBy(() -> new ReaderTls(null, null, null, null))
                .hasMessage("tls: needs a CA file (ca) or a pinned SHA-256 fingerprint (pin)");
        assertThatThrownBy(() -> new ReaderTls(null, "abcd", null, null))
                .hasMessage("tls: pin=abcd must be a SHA-256 fingerprint: 64 hex digits, optionally separated by ':'");
        assertThatThrownBy(() -> new ReaderTls("ca.pem", null, "client.pem", null))
                .hasMessageContaining("a client certificate (cert) needs its key (key)");
        assertThatThrownBy(() -> new ReaderConfig("r-nat", null, 0, Map.of(1, AntennaConfig.of("A1")), null,
                new ReaderTls(null, PIN, "client.pem", "client.key")))
                .hasMessageStartingWith("reader r-nat: it dials in, so it is the TLS client: tls cert/key are for "
                        + "readers ingest dials");
    }

    @Test
    void shouldTakeAPinOrCaForTheClientCertificateOfAReaderThatDialsIn() {
        ReaderConfig nat = new ReaderConfig("r-nat", null, 0, Map.of(1, AntennaConfig.of("A1")), null,
                new ReaderTls(null, PIN, null, null));

        assertThat(nat.dialsIn()).isTrue();
        assertThat(nat.tls().pinSha256()).isEqualTo(PIN);
    }
}
