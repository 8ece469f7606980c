package walkout.ingest.reader;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
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
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import walkout.ingest.ListenerTls;
import walkout.ingest.ReaderTls;

/**
 * Turns a reader's {@link ReaderTls} into Vert.x {@link NetClientOptions} (TLS on, CA or pin, client certificate),
 * and the listener's {@link ListenerTls} into {@link NetServerOptions} for readers that dial in.
 */
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

    /**
     * The server side of the LLRP listener: {@code tls}'s certificate, and client certificates asked for but not
     * checked in the handshake. Which CA or pin applies is only known once the reader's Identification has named it:
     * {@link #checkDialledIn} then checks the certificate the handshake proved the reader holds the key of.
     */
    static NetServerOptions applyListener(NetServerOptions options, ListenerTls tls) {
        return options.setSsl(true).setClientAuth(ClientAuth.REQUEST)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile()))
                .setTrustOptions(TrustOptions.wrap(new AnyClientCertificate()));
    }

    /**
     * Checks the client certificate of a reader that dialled in against its {@code tls} (CA, pin or both).
     *
     * @throws CertificateException naming the reader and why, when there is no certificate or it is not trusted
     */
    static void checkDialledIn(String readerId, ReaderTls tls, List<Certificate> peer) throws CertificateException {
        X509Certificate[] chain = peer.stream().filter(X509Certificate.class::isInstance)
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        X509TrustManager ca = tls.caFile() == null ? null : caTrustManager(readerId, Path.of(tls.caFile()));
        new PinnedTrustManager(readerId, tls.pinSha256(), ca).checkDialledInReader(chain,
                chain.length == 0 ? "UNKNOWN" : chain[0].getPublicKey().getAlgorithm());
    }

    /** Accepts any client certificate in the handshake; {@link #checkDialledIn} judges it per reader after. */
    private static final class AnyClientCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // judged per reader once the Identification names it
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the LLRP listener is a server; it checks no server certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
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
