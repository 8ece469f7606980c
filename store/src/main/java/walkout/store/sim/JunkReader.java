package walkout.store.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import walkout.events.Epc;
import walkout.events.Gtin;
import walkout.events.PortalSide;
import walkout.events.TagSeen;
import walkout.events.codec.Sgtin96Decoder;
import walkout.events.codec.Sgtin96Encoder;

/**
 * A reader of the {@link Physics#SECOND} world that carries no real item and now and then sends junk that gets past
 * ingest's frame checks: every {@value #MIN_GAP_MS}..{@value #MAX_GAP_MS} ms a burst of 1..{@value #MAX_BURST} reads
 * on antenna 1 of a floor zone, each either a random 96-bit EPC that is not an SGTIN-96 or the SGTIN-96 of a product
 * the store does not sell (company prefix {@value #FOREIGN_COMPANY_PREFIX}), at {@value #RSSI_STRONGEST_DBM}..{@value
 * #RSSI_WEAKEST_DBM} dBm; with probability {@value #RESEND_PROBABILITY} one read of the burst is sent twice with the
 * same record id.
 *
 * <p>Its reader id {@value #READER_ID} is in no layout. Not thread-safe.
 */
final class JunkReader {
    static final String READER_ID = "r-junk";
    static final long MIN_GAP_MS = 10_000;
    static final long MAX_GAP_MS = 30_000;
    static final int MAX_BURST = 4;
    static final double RESEND_PROBABILITY = 0.5;
    static final long FOREIGN_COMPANY_PREFIX = 4_999_999;
    static final int RSSI_STRONGEST_DBM = -55;
    static final int RSSI_WEAKEST_DBM = -75;
    private static final int ANTENNA = 1;
    private static final long MAX_SERIAL = (1L << 38) - 1;

    private final String storeId;
    private final String zone;
    private final Set<String> storeGtins;
    private final Random random;
    private final Sgtin96Encoder encoder = new Sgtin96Encoder();
    private long nextBurstMillis;
    private long records;

    /**
     * @param zone        the floor zone its antenna stands in
     * @param storeGtins  the products the store sells: foreign SGTINs never name one
     * @param startMillis event time of the run's start; the first burst comes a gap after it
     */
    JunkReader(String storeId, String zone, List<String> storeGtins, long startMillis, Random random) {
        this.storeId = storeId;
        this.zone = zone;
        this.storeGtins = Set.copyOf(storeGtins);
        this.random = random;
        this.nextBurstMillis = startMillis + gapMs();
    }

    /** What it reports in the round ending at {@code atMillis}: mostly nothing, now and then a burst of junk. */
    List<TagSeen> read(long atMillis, long periodMs) {
        if (atMillis < nextBurstMillis) {
            return List.of();
        }
        nextBurstMillis = atMillis + gapMs();
        long atMicros = atMillis * 1000;
        long periodMicros = Math.max(1, periodMs * 1000);
        List<TagSeen> burst = new ArrayList<>();
        int size = 1 + random.nextInt(MAX_BURST);
        for (int n = 0; n < size; n++) {
            String epc = random.nextBoolean() ? notSgtin() : foreignSgtin();
            long seenMicros = atMicros - (long) (random.nextDouble() * (periodMicros - 1));
            int rssiDbm = RSSI_WEAKEST_DBM + random.nextInt(RSSI_STRONGEST_DBM - RSSI_WEAKEST_DBM + 1);
            burst.add(new TagSeen(storeId, READER_ID + ":" + ++records, READER_ID, ANTENNA, zone, PortalSide.NONE, epc,
                    seenMicros, seenMicros, rssiDbm * 100, 1 + random.nextInt(3)));
        }
        if (random.nextDouble() < RESEND_PROBABILITY) {
            burst.add(burst.get(random.nextInt(burst.size())));
        }
        return burst;
    }

    private long gapMs() {
        return MIN_GAP_MS + (long) (random.nextDouble() * (MAX_GAP_MS - MIN_GAP_MS));
    }

    /** 96 random bits under any header but SGTIN-96's. */
    private String notSgtin() {
        long hi = random.nextLong();
        if ((hi >>> 56) == Sgtin96Decoder.HEADER) {
            hi ^= 1L << 56;
        }
        return Epc.hex96(hi, random.nextInt());
    }

    /** A well-formed SGTIN-96 of a product nobody stocks here. */
    private String foreignSgtin() {
        String gtin;
        do {
            long first13 = FOREIGN_COMPANY_PREFIX * 100_000 + random.nextInt(100_000);
            gtin = String.format("%014d", Gtin.withCheckDigit(first13));
        } while (storeGtins.contains(gtin));
        encoder.encode(gtin, World.COMPANY_PREFIX_DIGITS, World.FILTER_POS_ITEM, random.nextLong() & MAX_SERIAL);
        return Epc.hex96(encoder.hi(), encoder.lo());
    }
}
