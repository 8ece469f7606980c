package walkout.ingest;

import java.util.Locale;

/**
 * LLRP over TLS to one reader (LLRP's TLS port is usually 5085). The reader's certificate is accepted when it chains
 * to {@code caFile}, when its SHA-256 fingerprint equals {@code pinSha256}, or, with both, when both hold. Host names
 * are not checked: readers are usually addressed by IP and their certificates rarely name it; the CA or the pin is
 * the trust. An optional client certificate identifies ingest to readers that ask for one.
 *
 * @param caFile     PEM file of the CA (or the reader's own certificate) to trust; null = none
 * @param pinSha256  SHA-256 fingerprint of the reader's certificate (DER), 64 hex digits, {@code :} separators and a
 *                   {@code sha256:} prefix allowed (as {@code openssl x509 -fingerprint -sha256} prints it);
 *                   stored as 64 lower-case hex digits; null = none
 * @param certFile   PEM client certificate (chain); null = none
 * @param keyFile    PEM (PKCS#8) private key of {@code certFile}
 */
public record ReaderTls(String caFile, String pinSha256, String certFile, String keyFile) {
    public ReaderTls {
        caFile = blankToNull(caFile);
        pinSha256 = blankToNull(pinSha256);
        certFile = blankToNull(certFile);
        keyFile = blankToNull(keyFile);
        if (caFile == null && pinSha256 == null) {
            throw new IllegalArgumentException("tls: needs a CA file (ca) or a pinned SHA-256 fingerprint (pin)");
        }
        if (pinSha256 != null) {
            pinSha256 = normalizePin(pinSha256);
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("tls: a client certificate (cert) needs its key (key), and the other "
                    + "way round");
        }
    }

    /** 64 lower-case hex digits, or an exception naming the value. */
    public static String normalizePin(String pin) {
        String hex = pin.strip().toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256:")) {
            hex = hex.substring("sha256:".length());
        }
        hex = hex.replace(":", "");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("tls: pin=" + pin + " must be a SHA-256 fingerprint: 64 hex digits, "
                    + "optionally separated by ':'");
        }
        return hex;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
