package walkout.store.sim;

import java.util.List;
import java.util.Random;
import walkout.events.PortalSide;

/**
 * The exit portal of the {@link Physics#SECOND} world: the inner and outer antennas' read fields overlap, so both
 * read a passing item over the whole pass, [T, T+{@value #PASS_MS} ms], interleaved; the outer antenna may even read
 * it first. Only the trend shows the direction: the antenna the item passes first (inner when leaving, outer when
 * coming in) hears it at {@value #PEAK_RSSI_DBM} dBm at T fading linearly to {@value #FADED_RSSI_DBM} dBm at the
 * end, the other one the reverse, each +-{@value #RSSI_NOISE_DB} dB (so a few reads at the faint end fall under
 * tracking's -65 dBm portal floor); the chance of a read in a round follows the same trend, from
 * {@value #PEAK_READ_PROBABILITY} at an antenna's peak to {@value #FADED_READ_PROBABILITY} at its far end.
 *
 * <p>Each read carries its own moment in the round (first seen = last seen), not the round's end. Not thread-safe:
 * {@link World} calls it under its lock.
 */
final class OverlappingPortal {
    static final long PASS_MS = 1500;
    static final int PEAK_RSSI_DBM = -50;
    static final int FADED_RSSI_DBM = -64;
    static final int RSSI_NOISE_DB = 3;
    static final double PEAK_READ_PROBABILITY = 0.9;
    static final double FADED_READ_PROBABILITY = 0.3;

    /** Whether a round ending at {@code atMillis} starts after the pass is over (its items are through). */
    static boolean through(World.PortalPass pass, long atMillis, long periodMs) {
        return atMillis - periodMs >= pass.atMillis() + PASS_MS;
    }

    /**
     * Adds what the portal antenna on {@code side} reads of every pass in the round ending at {@code atMillis}.
     */
    void read(List<World.PortalPass> passes, PortalSide side, int antenna, long atMillis, long periodMs,
              Random random, List<TagRead> reads) {
        long atMicros = atMillis * 1000;
        long periodMicros = Math.max(1, periodMs * 1000);
        for (World.PortalPass pass : passes) {
            long passMicros = pass.atMillis() * 1000;
            long fromMicros = Math.max(passMicros, atMicros - periodMicros + 1);
            long untilMicros = Math.min(atMicros, passMicros + PASS_MS * 1000);
            if (fromMicros > untilMicros) {
                continue;
            }
            boolean passedFirst = side == pass.firstSide();
            for (World.Item item : pass.items()) {
                long seenMicros = fromMicros + (long) (random.nextDouble() * (untilMicros - fromMicros + 1));
                double intoPass = (seenMicros - passMicros) / (PASS_MS * 1000.0);
                // 1 at this antenna's strongest moment of the pass, 0 at its faintest.
                double nearness = passedFirst ? 1 - intoPass : intoPass;
                double readProbability = FADED_READ_PROBABILITY
                        + (PEAK_READ_PROBABILITY - FADED_READ_PROBABILITY) * nearness;
                if (random.nextDouble() >= readProbability) {
                    continue;
                }
                int meanDbm = (int) Math.round(FADED_RSSI_DBM + (PEAK_RSSI_DBM - FADED_RSSI_DBM) * nearness);
                int rssiDbm = meanDbm - RSSI_NOISE_DB + random.nextInt(2 * RSSI_NOISE_DB + 1);
                reads.add(new TagRead(item.epcHi, item.epcLo, antenna, rssiDbm, seenMicros, seenMicros,
                        1 + random.nextInt(3)));
            }
        }
    }
}
