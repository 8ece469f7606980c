package walkout.ingest.reader;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a reader's certificate when the SHA-256 fingerprint of its DER encoding is the pinned one, after the CA
 * check of {@code delegate} when there is one. A mismatch fails the handshake with a message that names the reader,
 * both fingerprints and the certificate's subject. As a trust manager, client side only (ingest dials the reader);
 * {@link #checkDialledInReader} applies the same rules to the client certificate of a reader that dialled in.
 */
final class PinnedTrustManager implements X509TrustManager {
    private final String readerId;
    private final String pinSha256;
    private final X509TrustManager delegate;

    /**
     * @param pinSha256 64 lower-case hex digits; null for the CA alone (dial-in checks only)
     * @param delegate  CA check made first, or null for the pin alone
     */
    PinnedTrustManager(String readerId, String pinSha256, X509TrustManager delegate) {
        this.readerId = readerId;
        this.pinSha256 = pinSha256;
        this.delegate = delegate;
    }

    static String sha256(X509Certificate certificate) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException("SHA-256 is not available", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("ingest is the LLRP client; it does not accept client certificates");
    }

    /** For a reader that dialled in: its client certificate against the CA, if any, and the pin. */
    void checkDialledInReader(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, true);
    }

    private void check(X509Certificate[] chain, String authType, boolean readerIsClient) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("reader " + readerId + " sent no certificate");
        }
        if (delegate != null) {
            if (readerIsClient) {
                delegate.checkClientTrusted(chain, authType);
            } else {
                delegate.checkServerTrusted(chain, authType);
            }
        }
        if (pinSha256 == null) {
            return;
        }
        String actual = sha256(chain[0]);
        if (!actual.equals(pinSha256)) {
            throw new CertificateException("reader " + readerId + " certificate SHA-256 " + actual
                    + " does not match the pinned " + pinSha256 + " (subject " + chain[0].getSubjectX500Principal()
                    + ")");
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }
}
