package walkout.ingest;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything ingest needs, validated at construction (messages name the field and the value).
 *
 * @param storeId            the Kafka key of every record ingest produces
 * @param readers            the layout's fixed readers; ids unique
 * @param beaconZones        beacon id -> zone, from the layout
 * @param entryGates         ids of the layout's entry gates
 * @param journalDir         Chronicle Queue directory (created when missing); also holds the relay's position file
 * @param kafkaBootstrap     Kafka {@code bootstrap.servers}
 * @param connectTimeoutMs   TCP connect timeout per reader attempt
 * @param reconnectInitialMs first reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMaxMs     reconnect delay cap
 * @param reportEveryMs      how often readers report (ROSpec AISpec duration); 0 = every tag as read
 */
public record IngestConfig(String storeId, List<ReaderConfig> readers, Map<String, String> beaconZones,
                           Set<String> entryGates, Path journalDir, String kafkaBootstrap,
                           long connectTimeoutMs, long reconnectInitialMs, long reconnectMaxMs, long reportEveryMs) {
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    public static final long DEFAULT_RECONNECT_INITIAL_MS = 250;
    public static final long DEFAULT_RECONNECT_MAX_MS = 10_000;
    public static final long DEFAULT_REPORT_EVERY_MS = 200;

    public IngestConfig {
        if (storeId == null || storeId.isBlank()) {
            throw new IllegalArgumentException("storeId=" + storeId + " must not be blank");
        }
        if (readers == null) {
            throw new IllegalArgumentException("readers must not be null");
        }
        Set<String> ids = new HashSet<>();
        for (ReaderConfig reader : readers) {
            if (reader == null) {
                throw new IllegalArgumentException("readers must not contain null");
            }
            if (!ids.add(reader.id())) {
                throw new IllegalArgumentException("readers: id=" + reader.id() + " appears twice");
            }
        }
        if (beaconZones == null) {
            throw new IllegalArgumentException("beaconZones must not be null");
        }
        if (entryGates == null) {
            throw new IllegalArgumentException("entryGates must not be null");
        }
        if (journalDir == null) {
            throw new IllegalArgumentException("journalDir must not be null");
        }
        if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
            throw new IllegalArgumentException("kafkaBootstrap=" + kafkaBootstrap + " must not be blank");
        }
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("connectTimeoutMs=" + connectTimeoutMs + " must be > 0");
        }
        if (reconnectInitialMs <= 0) {
            throw new IllegalArgumentException("reconnectInitialMs=" + reconnectInitialMs + " must be > 0");
        }
        if (reconnectMaxMs < reconnectInitialMs) {
            throw new IllegalArgumentException("reconnectMaxMs=" + reconnectMaxMs + " must be >= reconnectInitialMs="
                    + reconnectInitialMs);
        }
        if (reportEveryMs < 0 || reportEveryMs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("reportEveryMs=" + reportEveryMs + " must be in 0..4294967295");
        }
        readers = List.copyOf(readers);
        beaconZones = Map.copyOf(beaconZones);
        entryGates = Set.copyOf(entryGates);
    }

    /** A config with default timings: connect 2 s, reconnect 250 ms doubling to 10 s, reports every 200 ms. */
    public static IngestConfig defaults(String storeId, List<ReaderConfig> readers, Map<String, String> beaconZones,
                                        Set<String> entryGates, Path journalDir, String kafkaBootstrap) {
        return new IngestConfig(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap,
                DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RECONNECT_INITIAL_MS, DEFAULT_RECONNECT_MAX_MS,
                DEFAULT_REPORT_EVERY_MS);
    }

    /** The reader with this id, or null. */
    public ReaderConfig reader(String id) {
        for (ReaderConfig reader : readers) {
            if (reader.id().equals(id)) {
                return reader;
            }
        }
        return null;
    }
}
