package walkout.ingest;

/**
 * LLRP over TLS on the listener for readers that dial in: the certificate ingest presents to them. Each dialling
 * reader whose layout entry has {@link ReaderTls} must then present a client certificate that its CA or pin accepts,
 * checked once its Identification has named it; a dialling reader without {@code tls} is served over TLS without a
 * client certificate.
 *
 * @param certFile PEM server certificate (chain)
 * @param keyFile  PEM (PKCS#8) private key of {@code certFile}
 */
public record ListenerTls(String certFile, String keyFile) {
    public ListenerTls {
        if (certFile == null || certFile.isBlank() || keyFile == null || keyFile.isBlank()) {
            throw new IllegalArgumentException("the LLRP listener's TLS needs both a certificate and its key "
                    + "(cert=" + certFile + ", key=" + keyFile + ")");
        }
        certFile = certFile.strip();
        keyFile = keyFile.strip();
    }
}
