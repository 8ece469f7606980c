package walkout.store.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import walkout.events.PortalSide;
import walkout.ingest.ReaderTls;

/**
 * A store's floor as the layout file describes it (see docs/CONTRACT.md): zones, the fixed LLRP readers and what
 * each antenna covers, the beacons shopper phones hear, and the entry gates. Validated by {@link LayoutLoader}.
 */
public record StoreLayout(String store, String currency, List<Zone> zones, List<Reader> readers,
                          List<Beacon> beacons, List<Gate> gates) {

    public StoreLayout {
        zones = List.copyOf(zones);
        readers = List.copyOf(readers);
        beacons = List.copyOf(beacons);
        gates = List.copyOf(gates);
    }

    /** {@code kind} is {@code exit} for the exit zone, {@code floor} otherwise. */
    public record Zone(String id, String name, String kind) {
        public boolean isExit() {
            return "exit".equals(kind);
        }
    }

    /** An antenna port's coverage: a zone, and for the exit portal which side it faces. */
    public record Antenna(String zone, PortalSide side) {
    }

    /**
     * A fixed reader: ingest dials {@code host:port}, or, with no address ({@code host} null, {@code port} 0), the
     * reader dials in and is known by its {@code identification} (null = its id). {@code tls} null = plain TCP.
     */
    public record Reader(String id, String host, int port, Map<Integer, Antenna> antennas, String identification,
                         ReaderTls tls) {
        public Reader {
            antennas = Map.copyOf(antennas);
        }

        /** A reader ingest dials over plain TCP. */
        public Reader(String id, String host, int port, Map<Integer, Antenna> antennas) {
            this(id, host, port, antennas, null, null);
        }

        public boolean dialsIn() {
            return host == null;
        }

        public String address() {
            return host + ":" + port;
        }

        /** The same reader dialled over plain TCP at another address (the simulator's readers). */
        public Reader withAddress(String newHost, int newPort) {
            return new Reader(id, newHost, newPort, antennas, null, null);
        }
    }

    public record Beacon(String id, String zone) {
    }

    /** {@code kind} is {@code entry} (the only kind so far). */
    public record Gate(String id, String kind) {
    }

    public Optional<Zone> exitZone() {
        return zones.stream().filter(Zone::isExit).findFirst();
    }

    /** The same store with one reader's address changed (the simulator binds free ports). */
    public StoreLayout withReaderAddress(String readerId, String host, int port) {
        List<Reader> moved = readers.stream()
                .map(r -> r.id().equals(readerId) ? r.withAddress(host, port) : r)
                .toList();
        return new StoreLayout(store, currency, zones, moved, beacons, gates);
    }
}
