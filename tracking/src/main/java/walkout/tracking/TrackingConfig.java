package walkout.tracking;

import java.util.Objects;
import walkout.tracking.inventory.StockThresholds;
import walkout.tracking.item.MobilityProfile;

/**
 * What the tracking topology needs to know. Validates itself: a bad value fails at start with a message naming
 * the field and the value. All times are event-time milliseconds except {@code quietGuardMs} and
 * {@code punctuateEveryMs}, which are also used against the wall clock.
 *
 * @param applicationId       Kafka Streams application id (consumer group, prefix of internal topics)
 * @param bootstrapServers    Kafka bootstrap servers, {@code host:port,...}
 * @param exitZone            the layout zone of the exit portal and of the exit beacon
 * @param passGapMs           portal reads of one EPC no further apart than this are one pass through the portal;
 *                            a pass is decided once this long has gone by without another
 * @param attributionWindowMs how far apart an item's exit and a visit's exit sighting may be; also how long a
 *                            decision waits for late sightings
 * @param minMargin           how much the best visit's score must beat the runner-up's by, 0 to 1
 * @param basketGraceMs       how long after a visit's last exit sighting its basket closes; at least
 *                            {@code 2 * attributionWindowMs} so every item it could get is decided first
 * @param quietGuardMs        wall time without stream-time progress after which wall time moves the clock
 * @param punctuateEveryMs    how often decisions are made, in stream time and in wall time
 * @param portalRssiFloorCdbm portal reads weaker than this (centi-dBm) are strays from nearby shelves: they never
 *                            arm or complete an exit
 * @param carriedRssiCdbm     floor reads weaker than this (centi-dBm) are of an item being carried (the body shields
 *                            it); at or above it the item rests on a shelf
 * @param coTravelToleranceMs how far a carried read may be from the visit's stay in that zone and still count as
 *                            travelling with it (phone sightings are late and drop out)
 * @param mobility            when a shelf read in another zone moves an item resting on a shelf
 * @param epcisRetentionMs    how long (event time) EPCIS events stay queryable in tracking's store
 * @param stockThresholds     each product's low-stock threshold, asked again on every check (so a reloaded catalog
 *                            takes effect); default {@link StockThresholds#DEFAULT_LOW_STOCK} for every product
 * @param missedOuterMs       a pass that ends on the inner antenna, read there at {@code leavingRssiCdbm} or stronger,
 *                            is an exit when nothing in the store reads the item for this long after it (the outer
 *                            antenna missed it)
 * @param leavingRssiCdbm     how strong an inner portal read must be to count as passing right by the antenna
 * @param settleMs            a moving item settles on a shelf only at a shelf-strength read this long after its last
 *                            carried read (carried and shelf RSSI bands overlap)
 * @param visitTimeoutMs      a visit that heard nothing for this long closes with a VISIT_TIMED_OUT alert
 * @param readLatenessMs      how far stream time may run ahead of a read still on its way (readers and relays
 *                            deliver out of order): a pass is decided only once stream time is this far past its gap
 */
public record TrackingConfig(String applicationId, String bootstrapServers, String exitZone,
                             long passGapMs, long attributionWindowMs, double minMargin,
                             long basketGraceMs, long quietGuardMs, long punctuateEveryMs,
                             int portalRssiFloorCdbm, int carriedRssiCdbm, long coTravelToleranceMs,
                             MobilityProfile mobility, long epcisRetentionMs, StockThresholds stockThresholds,
                             long missedOuterMs, int leavingRssiCdbm, long settleMs, long visitTimeoutMs,
                             long readLatenessMs) {
    /** Default {@link #portalRssiFloorCdbm}: -65 dBm. */
    public static final int DEFAULT_PORTAL_RSSI_FLOOR_CDBM = -6500;
    /** Default {@link #carriedRssiCdbm}: -65 dBm. */
    public static final int DEFAULT_CARRIED_RSSI_CDBM = -6500;
    /** Default {@link #coTravelToleranceMs}. */
    public static final long DEFAULT_CO_TRAVEL_TOLERANCE_MS = 2000;
    /** Default {@link #epcisRetentionMs}: 7 days. */
    public static final long DEFAULT_EPCIS_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    /** Default {@link #missedOuterMs}. */
    public static final long DEFAULT_MISSED_OUTER_MS = 5000;
    /** Default {@link #leavingRssiCdbm}: -60 dBm. */
    public static final int DEFAULT_LEAVING_RSSI_CDBM = -6000;
    /** Default {@link #settleMs}. */
    public static final long DEFAULT_SETTLE_MS = 5000;
    /** Default {@link #visitTimeoutMs}: 15 minutes. */
    public static final long DEFAULT_VISIT_TIMEOUT_MS = 15 * 60_000L;
    /** Default {@link #readLatenessMs}. */
    public static final long DEFAULT_READ_LATENESS_MS = 500;

    /** The slice's settings with the default RSSI rules, co-travel tolerance, mobility profile and EPCIS retention. */
    public TrackingConfig(String applicationId, String bootstrapServers, String exitZone, long passGapMs,
                          long attributionWindowMs, double minMargin, long basketGraceMs, long quietGuardMs,
                          long punctuateEveryMs) {
        this(applicationId, bootstrapServers, exitZone, passGapMs, attributionWindowMs, minMargin,
                basketGraceMs, quietGuardMs, punctuateEveryMs, DEFAULT_PORTAL_RSSI_FLOOR_CDBM,
                DEFAULT_CARRIED_RSSI_CDBM, DEFAULT_CO_TRAVEL_TOLERANCE_MS);
    }

    /** The settings with the default mobility profile, EPCIS retention and low-stock threshold. */
    public TrackingConfig(String applicationId, String bootstrapServers, String exitZone, long passGapMs,
                          long attributionWindowMs, double minMargin, long basketGraceMs, long quietGuardMs,
                          long punctuateEveryMs, int portalRssiFloorCdbm, int carriedRssiCdbm,
                          long coTravelToleranceMs) {
        this(applicationId, bootstrapServers, exitZone, passGapMs, attributionWindowMs, minMargin,
                basketGraceMs, quietGuardMs, punctuateEveryMs, portalRssiFloorCdbm, carriedRssiCdbm,
                coTravelToleranceMs, MobilityProfile.DEFAULT, DEFAULT_EPCIS_RETENTION_MS);
    }

    /** The settings with the default low-stock threshold for every product. */
    public TrackingConfig(String applicationId, String bootstrapServers, String exitZone, long passGapMs,
                          long attributionWindowMs, double minMargin, long basketGraceMs, long quietGuardMs,
                          long punctuateEveryMs, int portalRssiFloorCdbm, int carriedRssiCdbm,
                          long coTravelToleranceMs, MobilityProfile mobility, long epcisRetentionMs) {
        this(applicationId, bootstrapServers, exitZone, passGapMs, attributionWindowMs, minMargin,
                basketGraceMs, quietGuardMs, punctuateEveryMs, portalRssiFloorCdbm, carriedRssiCdbm,
                coTravelToleranceMs, mobility, epcisRetentionMs,
                StockThresholds.uniform(StockThresholds.DEFAULT_LOW_STOCK), DEFAULT_MISSED_OUTER_MS,
                DEFAULT_LEAVING_RSSI_CDBM, DEFAULT_SETTLE_MS, DEFAULT_VISIT_TIMEOUT_MS, DEFAULT_READ_LATENESS_MS);
    }

    public TrackingConfig {
        Objects.requireNonNull(stockThresholds, "stockThresholds");
        requireText("applicationId", applicationId);
        requireText("bootstrapServers", bootstrapServers);
        requireText("exitZone", exitZone);
        requirePositive("passGapMs", passGapMs);
        requirePositive("attributionWindowMs", attributionWindowMs);
        if (!(minMargin >= 0.0 && minMargin <= 1.0)) {
            throw new IllegalArgumentException("minMargin=" + minMargin + " must be between 0 and 1");
        }
        requirePositive("basketGraceMs", basketGraceMs);
        if (basketGraceMs < 2 * attributionWindowMs) {
            throw new IllegalArgumentException("basketGraceMs=" + basketGraceMs
                    + " must be >= 2 * attributionWindowMs (" + 2 * attributionWindowMs
                    + ") so every item is decided before its basket closes");
        }
        requirePositive("quietGuardMs", quietGuardMs);
        requirePositive("punctuateEveryMs", punctuateEveryMs);
        if (coTravelToleranceMs < 0) {
            throw new IllegalArgumentException("coTravelToleranceMs=" + coTravelToleranceMs + " must be >= 0");
        }
        if (mobility == null) {
            throw new IllegalArgumentException("mobility=null must be set (MobilityProfile.DEFAULT)");
        }
        requirePositive("epcisRetentionMs", epcisRetentionMs);
        requirePositive("missedOuterMs", missedOuterMs);
        if (missedOuterMs < passGapMs) {
            throw new IllegalArgumentException("missedOuterMs=" + missedOuterMs + " must be >= passGapMs ("
                    + passGapMs + ")");
        }
        requirePositive("settleMs", settleMs);
        requirePositive("visitTimeoutMs", visitTimeoutMs);
        if (readLatenessMs < 0) {
            throw new IllegalArgumentException("readLatenessMs=" + readLatenessMs + " must be >= 0");
        }
    }

    /**
     * The store's usual settings: passGapMs 1000, attributionWindowMs 1500, minMargin 0.25, basketGraceMs
     * 3000, quietGuardMs 2000, punctuateEveryMs 250, RSSI floors -65 dBm, co-travel tolerance 2000, the default
     * {@link MobilityProfile}, EPCIS retention 7 days, a missed outer read after 5 s, leaving strength -60 dBm,
     * settling 5 s after the last carried read, visits timed out after 15 minutes of silence, reads up to 500 ms late.
     */
    public static TrackingConfig defaults(String applicationId, String bootstrapServers, String exitZone) {
        return new TrackingConfig(applicationId, bootstrapServers, exitZone, 1000, 1500, 0.25, 3000, 2000, 250);
    }

    /** These settings with other low-stock thresholds. */
    public TrackingConfig withStockThresholds(StockThresholds thresholds) {
        return new TrackingConfig(applicationId, bootstrapServers, exitZone, passGapMs, attributionWindowMs,
                minMargin, basketGraceMs, quietGuardMs, punctuateEveryMs, portalRssiFloorCdbm, carriedRssiCdbm,
                coTravelToleranceMs, mobility, epcisRetentionMs, thresholds, missedOuterMs, leavingRssiCdbm, settleMs,
                visitTimeoutMs, readLatenessMs);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + "=" + (value == null ? "null" : "'" + value + "'")
                    + " must not be blank");
        }
    }

    private static void requirePositive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + "=" + value + " must be > 0");
        }
    }
}
