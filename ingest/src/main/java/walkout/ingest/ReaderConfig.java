package walkout.ingest;

import java.util.Map;

/**
 * One fixed LLRP reader of the layout: where ingest dials it (or that it dials in), and what each antenna port sees.
 *
 * @param host           where ingest dials the reader; null for a reader that dials in (behind NAT) to the
 *                       LLRP listener
 * @param port           the reader's LLRP port; 0 when {@code host} is null
 * @param antennas       antenna port (1..65535) -> zone and portal side
 * @param identification for a reader that dials in: its LLRP Identification (ReaderID) as hex bytes
 *                       ({@code 00:16:25:12:34:56}, separators optional) or as text; defaults to the reader id.
 *                       Null for a dialled reader.
 * @param tls            LLRP over TLS: for a dialled reader, how ingest trusts it and its optional client
 *                       certificate; for a reader that dials in, how ingest trusts the client certificate it must
 *                       present (CA or pin only); null = plain TCP, or for a reader that dials in, no client
 *                       certificate asked
 */
public record ReaderConfig(String id, String host, int port, Map<Integer, AntennaConfig> antennas,
                           String identification, ReaderTls tls) {
    /** A reader ingest dials over plain TCP. */
    public ReaderConfig(String id, String host, int port, Map<Integer, AntennaConfig> antennas) {
        this(id, host, port, antennas, null, null);
    }

    public ReaderConfig {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("reader id=" + id + " must not be blank");
        }
        if (host == null) {
            if (port != 0) {
                throw new IllegalArgumentException("reader " + id + ": port=" + port + " without a host");
            }
            identification = identification == null || identification.isBlank() ? id : identification.strip();
            if (tls != null && tls.certFile() != null) {
                throw new IllegalArgumentException("reader " + id + ": it dials in, so it is the TLS client: tls "
                        + "cert/key are for readers ingest dials (the listener's own certificate is "
                        + "--llrp-listen-cert)");
            }
        } else {
            if (host.isBlank()) {
                throw new IllegalArgumentException("reader " + id + ": host=" + host + " must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("reader " + id + ": port=" + port + " must be in 1..65535");
            }
            if (identification != null) {
                throw new IllegalArgumentException("reader " + id + ": identification is for readers that dial in "
                        + "(no address)");
            }
        }
        if (antennas == null || antennas.isEmpty()) {
            throw new IllegalArgumentException("reader " + id + ": antennas must name at least one antenna");
        }
        for (Map.Entry<Integer, AntennaConfig> antenna : antennas.entrySet()) {
            if (antenna.getKey() == null || antenna.getKey() < 1 || antenna.getKey() > 65535) {
                throw new IllegalArgumentException("reader " + id + ": antenna=" + antenna.getKey()
                        + " must be in 1..65535");
            }
            if (antenna.getValue() == null) {
                throw new IllegalArgumentException("reader " + id + ": antenna " + antenna.getKey()
                        + " has no zone");
            }
        }
        antennas = Map.copyOf(antennas);
    }

    /** A reader that dials in to the LLRP listener instead of being dialled. */
    public static ReaderConfig dialingIn(String id, String identification, Map<Integer, AntennaConfig> antennas) {
        return new ReaderConfig(id, null, 0, antennas, identification, null);
    }

    /** The same reader over TLS. */
    public ReaderConfig withTls(ReaderTls readerTls) {
        return new ReaderConfig(id, host, port, antennas, identification, readerTls);
    }

    public boolean dialsIn() {
        return host == null;
    }
}
