package walkout.store.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Which physical world the event-time simulator plays: how the radio reads tags, when reads reach tracking, and how
 * phones hear beacons. Shoppers and their behaviours ({@link SimBehaviour}) are the same in both worlds.
 *
 * <p>A simulator shares the assumptions of the code it tests, so {@link #SECOND} is built to disagree with
 * {@link #FIRST} on purpose, in the ways a real store may:
 * <ol>
 *   <li>the portal's read fields overlap: inner and outer antennas both read a passing item over 1.5 s, interleaved,
 *       and only the trend of RSSI and read rate shows the direction ({@link OverlappingPortal});</li>
 *   <li>each tag read reaches tracking up to 100 ms after its event time, so reads arrive out of order
 *       ({@link LateDelivery});</li>
 *   <li>shoppers enter through the portal: after the entry scan the phone hears the exit beacon for 1-3 s before
 *       any floor beacon;</li>
 *   <li>phones report about once a second at their own phase, lose 15% of sightings and have no RSSI model: every
 *       beacon, the exit's included, is heard at a flat -62 +- 4 dBm ({@link Phone});</li>
 *   <li>carried and shelf RSSI bands overlap and carried items are read less often;</li>
 *   <li>(the scenarios' crowded exits are played unchanged);</li>
 *   <li>now and then a floor reader reports nothing for 10 s ({@link ReaderOutages});</li>
 *   <li>a reader outside the layout reports junk: non-SGTIN EPCs, foreign products, re-sent records
 *       ({@link JunkReader}).</li>
 * </ol>
 */
public enum Physics {
    /** The world the simulator was built with: separate portal windows, in-order delivery, loud exit beacon. */
    FIRST,
    /** The world built to disagree with the first (see the type's description). */
    SECOND;

    /** One line for a report's header: the name and what sets the world apart. */
    public String summary() {
        return switch (this) {
            case FIRST -> "first (separate inner/outer portal windows, reads in order, exit beacon loudest at the "
                    + "portal, carried and shelf RSSI apart)";
            case SECOND -> "second (overlapping portal fields, reads up to 100 ms late and out of order, entry "
                    + "through the exit zone, phones every 1 s at a flat -62 dBm with 15% lost, carried and shelf "
                    + "RSSI overlapping, 10 s floor-reader outages, a junk reader)";
        };
    }

    /** The command-line name: {@code first} or {@code second}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The physics called {@code name} on the command line. */
    public static Physics parse(String name) {
        return Arrays.stream(values()).filter(p -> p.cliName().equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--physics=" + name + ": expected one of "
                        + Arrays.stream(values()).map(Physics::cliName).toList()));
    }

    /**
     * A random sequence of its own for one concern of a run ({@code "delivery"}, {@code "outages"}, ...), so that
     * changing how one concern draws never reshuffles another.
     */
    static Random randomFor(long seed, String concern) {
        return new Random(seed * 0x9E3779B97F4A7C15L + concern.hashCode());
    }
}
