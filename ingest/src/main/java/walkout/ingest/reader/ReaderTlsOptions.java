package walkout.ingest.reader;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import walkout.ingest.ReaderTls;

/** Turns a reader's {@link ReaderTls} into Vert.x {@link NetClientOptions}: TLS on, CA or pin, client certificate. */
final class ReaderTlsOptions {
    private ReaderTlsOptions() {
    }

    /**
     * Sets TLS on {@code options}.
     *
     * @throws IllegalArgumentException naming the reader and the file when a CA file cannot be read
     */
    static NetClientOptions apply(NetClientOptions options, String readerId, ReaderTls tls) {
        options.setSsl(true).setHostnameVerificationAlgorithm("");
        if (tls.pinSha256() == null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile()));
        } else {
            X509TrustManager ca = tls.caFile() == null ? null : caTrustManager(readerId, Path.of(tls.caFile()));
            options.setTrustOptions(TrustOptions.wrap(new PinnedTrustManager(readerId, tls.pinSha256(), ca)));
        }
        if (tls.certFile() != null) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile()));
        }
        return options;
    }

    private static X509TrustManager caTrustManager(String readerId, Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("reader " + readerId + ": tls ca=" + caFile
                        + " holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager for " + caFile);
        } catch (IOException e) {
            throw new UncheckedIOException("reader " + readerId + ": cannot read tls ca=" + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("reader " + readerId + ": tls ca=" + caFile + " is not a PEM "
                    + "certificate file: " + e.getMessage(), e);
        }
    }
}
