package walkout.ingest;

import java.util.Map;

/**
 * One fixed LLRP reader of the layout: where ingest dials it, and what each antenna port sees.
 *
 * @param antennas antenna port (1..65535) -> zone and portal side
 */
public record ReaderConfig(String id, String host, int port, Map<Integer, AntennaConfig> antennas) {
    public ReaderConfig {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("reader id=" + id + " must not be blank");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("reader " + id + ": host=" + host + " must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("reader " + id + ": port=" + port + " must be in 1..65535");
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
}
