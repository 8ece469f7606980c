package walkout.ingest.reader;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** What the TLS tests need to know about their self-signed certificates. */
@SuppressWarnings("removal") // SelfSignedCertificate: the test-only certificate maker Vert.x 5 still ships
final class TestCertificates {
    private TestCertificates() {
    }

    /** The SHA-256 fingerprint of {@code certificate}, as {@link PinnedTrustManager} compares it. */
    static String sha256Of(SelfSignedCertificate certificate) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            return PinnedTrustManager.sha256((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
    }
}
