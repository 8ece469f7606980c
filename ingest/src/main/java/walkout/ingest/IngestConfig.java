package walkout.ingest;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import walkout.events.codec.DeviceTokens;
import walkout.ingest.journal.JournalRollCycle;

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
 * @param smoothingWindowMs  relay smoothing window per (EPC, reader, antenna), event time; 0 relays every raw read
 * @param keepaliveMs        KEEPALIVE period asked of each reader (SET_READER_CONFIG KeepaliveSpec); 0 = none
 * @param keepalivesMissed   a connected reader silent for this many keepalive periods is treated as gone
 * @param deviceRatePerSec   device API calls per second allowed per device (token bucket refill); beyond: 429
 * @param deviceBurst        device API token bucket size
 * @param sightingMaxSkewMs  a sighting whose {@code ts} is further than this from now is rejected (400)
 * @param deviceTokenTtlMs   lifetime of a device token issued at registration; 0 = no expiry (the token format
 *                           billing verifies today: turn expiry on once billing reads it, see {@code DeviceTokens})
 * @param journalRollCycle   how often the journal starts a new file (cycle); an existing journal keeps its own
 * @param journalKeepDays    days a journal cycle is kept after it ends, once Kafka has everything in it; 0 = forever
 * @param llrpListenHost     address the LLRP listener for readers that dial in binds
 * @param llrpListenPort     port of that listener; -1 = off (the default), 0 = any free port
 * @param readerThreads      event loops the dialled reader sessions share (round-robin); 1 = all journal appends from
 *                           one thread, which never contends for the journal's write lock
 * @param llrpListenTls      the listener's certificate for LLRP over TLS; null = plain TCP (needed when a reader
 *                           that dials in has {@code tls})
 */
public record IngestConfig(String storeId, List<ReaderConfig> readers, Map<String, String> beaconZones,
                           Set<String> entryGates, Path journalDir, String kafkaBootstrap,
                           long connectTimeoutMs, long reconnectInitialMs, long reconnectMaxMs, long reportEveryMs,
                           long smoothingWindowMs, long keepaliveMs, int keepalivesMissed, int deviceRatePerSec,
                           int deviceBurst, long sightingMaxSkewMs, long deviceTokenTtlMs,
                           JournalRollCycle journalRollCycle, int journalKeepDays, String llrpListenHost,
                           int llrpListenPort, int readerThreads, ListenerTls llrpListenTls) {
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    public static final long DEFAULT_RECONNECT_INITIAL_MS = 250;
    public static final long DEFAULT_RECONNECT_MAX_MS = 10_000;
    public static final long DEFAULT_REPORT_EVERY_MS = 200;
    public static final long DEFAULT_SMOOTHING_WINDOW_MS = 250;
    public static final long DEFAULT_KEEPALIVE_MS = 5_000;
    public static final int DEFAULT_KEEPALIVES_MISSED = 3;
    public static final int DEFAULT_DEVICE_RATE_PER_SEC = 50;
    public static final int DEFAULT_DEVICE_BURST = 100;
    public static final long DEFAULT_SIGHTING_MAX_SKEW_MS = 5 * 60_000;
    /** No expiry by default: billing verifies device tokens too and does not read an expiry yet. */
    public static final long DEFAULT_DEVICE_TOKEN_TTL_MS = 0;
    public static final JournalRollCycle DEFAULT_JOURNAL_ROLL_CYCLE = JournalRollCycle.DAILY;
    public static final int DEFAULT_JOURNAL_KEEP_DAYS = 7;
    /** Readers that dial in are elsewhere on the network: all interfaces. */
    public static final String DEFAULT_LLRP_LISTEN_HOST = "0.0.0.0";
    public static final int LLRP_LISTEN_OFF = -1;
    public static final int DEFAULT_READER_THREADS = 1;

    /** Without the journal retention settings: daily cycles kept 7 days after delivery. */
    public IngestConfig(String storeId, List<ReaderConfig> readers, Map<String, String> beaconZones,
                        Set<String> entryGates, Path journalDir, String kafkaBootstrap, long connectTimeoutMs,
                        long reconnectInitialMs, long reconnectMaxMs, long reportEveryMs, long smoothingWindowMs,
                        long keepaliveMs, int keepalivesMissed, int deviceRatePerSec, int deviceBurst,
                        long sightingMaxSkewMs, long deviceTokenTtlMs) {
        this(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap, connectTimeoutMs,
                reconnectInitialMs, reconnectMaxMs, reportEveryMs, smoothingWindowMs, keepaliveMs, keepalivesMissed,
                deviceRatePerSec, deviceBurst, sightingMaxSkewMs, deviceTokenTtlMs, DEFAULT_JOURNAL_ROLL_CYCLE,
                DEFAULT_JOURNAL_KEEP_DAYS, DEFAULT_LLRP_LISTEN_HOST, LLRP_LISTEN_OFF, DEFAULT_READER_THREADS, null);
    }

    /** The configuration of the first slice: defaults for everything added since. */
    public IngestConfig(String storeId, List<ReaderConfig> readers, Map<String, String> beaconZones,
                        Set<String> entryGates, Path journalDir, String kafkaBootstrap, long connectTimeoutMs,
                        long reconnectInitialMs, long reconnectMaxMs, long reportEveryMs) {
        this(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap, connectTimeoutMs,
                reconnectInitialMs, reconnectMaxMs, reportEveryMs, DEFAULT_SMOOTHING_WINDOW_MS, DEFAULT_KEEPALIVE_MS,
                DEFAULT_KEEPALIVES_MISSED, DEFAULT_DEVICE_RATE_PER_SEC, DEFAULT_DEVICE_BURST,
                DEFAULT_SIGHTING_MAX_SKEW_MS, DEFAULT_DEVICE_TOKEN_TTL_MS);
    }

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
        if (smoothingWindowMs < 0) {
            throw new IllegalArgumentException("smoothingWindowMs=" + smoothingWindowMs + " must be >= 0");
        }
        if (keepaliveMs < 0 || keepaliveMs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("keepaliveMs=" + keepaliveMs + " must be in 0..4294967295");
        }
        if (keepalivesMissed < 1) {
            throw new IllegalArgumentException("keepalivesMissed=" + keepalivesMissed + " must be >= 1");
        }
        if (deviceRatePerSec < 1) {
            throw new IllegalArgumentException("deviceRatePerSec=" + deviceRatePerSec + " must be >= 1");
        }
        if (deviceBurst < 1) {
            throw new IllegalArgumentException("deviceBurst=" + deviceBurst + " must be >= 1");
        }
        if (sightingMaxSkewMs <= 0) {
            throw new IllegalArgumentException("sightingMaxSkewMs=" + sightingMaxSkewMs + " must be > 0");
        }
        if (deviceTokenTtlMs < 0) {
            throw new IllegalArgumentException("deviceTokenTtlMs=" + deviceTokenTtlMs + " must be >= 0");
        }
        if (journalRollCycle == null) {
            throw new IllegalArgumentException("journalRollCycle must not be null");
        }
        if (journalKeepDays < 0) {
            throw new IllegalArgumentException("journalKeepDays=" + journalKeepDays + " must be >= 0");
        }
        if (llrpListenPort < LLRP_LISTEN_OFF || llrpListenPort > 65535) {
            throw new IllegalArgumentException("llrpListenPort=" + llrpListenPort + " must be -1 (off) or 0..65535");
        }
        if (readerThreads < 1) {
            throw new IllegalArgumentException("readerThreads=" + readerThreads + " must be >= 1");
        }
        if (llrpListenHost == null || llrpListenHost.isBlank()) {
            throw new IllegalArgumentException("llrpListenHost=" + llrpListenHost + " must not be blank");
        }

        readers = List.copyOf(readers);
        beaconZones = Map.copyOf(beaconZones);
        entryGates = Set.copyOf(entryGates);
    }

    /**
     * A config with default timings: connect 2 s, reconnect 250 ms doubling to 10 s, reports every 200 ms, smoothing
     * windows of 250 ms, keepalive every 5 s (gone after 3 missed), 50 device calls/s (burst 100), sightings within
     * 5 min of now, device tokens without expiry, daily journal cycles kept 7 days after Kafka has them.
     */
    public static IngestConfig defaults(String storeId, List<ReaderConfig> readers, Map<String, String> beaconZones,
                                        Set<String> entryGates, Path journalDir, String kafkaBootstrap) {
        return new IngestConfig(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap,
                DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RECONNECT_INITIAL_MS, DEFAULT_RECONNECT_MAX_MS,
                DEFAULT_REPORT_EVERY_MS);
    }

    /** The same config with another journal retention. */
    public IngestConfig withJournalRetention(JournalRollCycle rollCycle, int keepDays) {
        return new IngestConfig(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap,
                connectTimeoutMs, reconnectInitialMs, reconnectMaxMs, reportEveryMs, smoothingWindowMs, keepaliveMs,
                keepalivesMissed, deviceRatePerSec, deviceBurst, sightingMaxSkewMs, deviceTokenTtlMs, rollCycle,
                keepDays, llrpListenHost, llrpListenPort, readerThreads, llrpListenTls);
    }

    /** The same config with the LLRP listener for readers that dial in on {@code host:port} (port -1 = off). */
    public IngestConfig withLlrpListener(String host, int port) {
        return new IngestConfig(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap,
                connectTimeoutMs, reconnectInitialMs, reconnectMaxMs, reportEveryMs, smoothingWindowMs, keepaliveMs,
                keepalivesMissed, deviceRatePerSec, deviceBurst, sightingMaxSkewMs, deviceTokenTtlMs, journalRollCycle,
                journalKeepDays, host, port, readerThreads, llrpListenTls);
    }

    /** The same config with the listener speaking LLRP over TLS with this certificate (null = plain TCP). */
    public IngestConfig withLlrpListenerTls(ListenerTls tls) {
        return new IngestConfig(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap,
                connectTimeoutMs, reconnectInitialMs, reconnectMaxMs, reportEveryMs, smoothingWindowMs, keepaliveMs,
                keepalivesMissed, deviceRatePerSec, deviceBurst, sightingMaxSkewMs, deviceTokenTtlMs, journalRollCycle,
                journalKeepDays, llrpListenHost, llrpListenPort, readerThreads, tls);
    }

    /** The same config with the dialled reader sessions spread over {@code threads} event loops. */
    public IngestConfig withReaderThreads(int threads) {
        return new IngestConfig(storeId, readers, beaconZones, entryGates, journalDir, kafkaBootstrap,
                connectTimeoutMs, reconnectInitialMs, reconnectMaxMs, reportEveryMs, smoothingWindowMs, keepaliveMs,
                keepalivesMissed, deviceRatePerSec, deviceBurst, sightingMaxSkewMs, deviceTokenTtlMs, journalRollCycle,
                journalKeepDays, llrpListenHost, llrpListenPort, threads, llrpListenTls);
    }

    /**
     * Checks that readers that dial in have a listener to dial (a separate step: {@link #defaults} has it off), one
     * speaking TLS for those with {@code tls}.
     *
     * @throws IllegalArgumentException naming the first such reader
     */
    public IngestConfig requireListenerForDialInReaders() {
        for (ReaderConfig reader : readers) {
            if (reader.dialsIn() && llrpListenPort == LLRP_LISTEN_OFF) {
                throw new IllegalArgumentException("reader " + reader.id() + " has no address (it dials in), but "
                        + "the LLRP listener is off (llrpListenPort=-1, --llrp-listen)");
            }
            if (reader.dialsIn() && reader.tls() != null && llrpListenTls == null) {
                throw new IllegalArgumentException("reader " + reader.id() + " dials in with tls, but the LLRP "
                        + "listener has no certificate (--llrp-listen-cert and --llrp-listen-key)");
            }
        }
        return this;
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
