package walkout.store.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import walkout.events.Epc;
import walkout.events.PortalSide;
import walkout.events.codec.Sgtin96Encoder;
import walkout.store.config.StoreLayout;

/**
 * The simulated store's physical truth: which tagged item is on which shelf, who carries what, who is in which zone,
 * who walked out with what, and what each antenna therefore reads in a round.
 *
 * <p>Radio model (the issue-2 slice): shelf antennas read the on-shelf tags of their zone with some misses at
 * {@value #SHELF_RSSI_STRONGEST_DBM}..{@value #SHELF_RSSI_WEAKEST_DBM} dBm; a carried item is no longer read by its
 * shelf, and is read less often and weaker ({@value #CARRIED_RSSI_STRONGEST_DBM}..{@value #CARRIED_RSSI_WEAKEST_DBM}
 * dBm) by the antennas of the zone its carrier is in; when a shopper walks out at T, the portal's inner antenna
 * reads the carried items during [T, T+{@value #FIRST_SIDE_UNTIL_MS} ms) and the outer one during
 * [T+{@value #SECOND_SIDE_FROM_MS}, T+{@value #SECOND_SIDE_UNTIL_MS} ms), an item never on the outer antenna before
 * the inner one has read it. Walking in with items bought earlier is the same with the sides swapped.
 *
 * <p>In the {@link Physics#SECOND} world the bands overlap (shelf {@value #SECOND_SHELF_RSSI_STRONGEST_DBM}..{@value
 * #SECOND_SHELF_RSSI_WEAKEST_DBM} dBm, carried {@value #SECOND_CARRIED_RSSI_STRONGEST_DBM}..{@value
 * #SECOND_CARRIED_RSSI_WEAKEST_DBM} dBm, read with probability {@value #SECOND_CARRIED_READ_PROBABILITY} per round
 * at a time of its own in the round), and the portal's read fields overlap ({@link OverlappingPortal}).
 *
 * <p>Deterministic for a seed: the stock depends only on the config, and each reader draws from its own random
 * sequence, so the same calls in the same order give the same reads whatever other readers do.
 *
 * <p>Thread-safe: shoppers change it from the simulator's scheduler while reader emulators read it from theirs.
 */
final class World {
    static final int COMPANY_PREFIX_DIGITS = 7;
    static final int FILTER_POS_ITEM = 1;
    static final double SHELF_READ_PROBABILITY = 0.85;
    static final int SHELF_RSSI_STRONGEST_DBM = -50;
    static final int SHELF_RSSI_WEAKEST_DBM = -62;
    static final double CARRIED_READ_PROBABILITY = 0.35;
    static final int CARRIED_RSSI_STRONGEST_DBM = -68;
    static final int CARRIED_RSSI_WEAKEST_DBM = -78;
    static final double PORTAL_READ_PROBABILITY = 0.92;
    static final int PORTAL_RSSI_STRONGEST_DBM = -48;
    static final int PORTAL_RSSI_WEAKEST_DBM = -60;
    /** End of the window of the portal side an item passes first (inner when leaving), from the walk-through. */
    static final long FIRST_SIDE_UNTIL_MS = 1000;
    /** Start of the window of the side an item passes second (outer when leaving). */
    static final long SECOND_SIDE_FROM_MS = 700;
    /** End of the second side's window: the item is through the portal. */
    static final long SECOND_SIDE_UNTIL_MS = 1800;
    static final int MIN_ITEMS_PER_PRODUCT = 6;
    static final int STRAY_RSSI_STRONGEST_DBM = -72;
    static final int STRAY_RSSI_WEAKEST_DBM = -80;
    static final int SECOND_SHELF_RSSI_STRONGEST_DBM = -52;
    static final int SECOND_SHELF_RSSI_WEAKEST_DBM = -67;
    static final double SECOND_CARRIED_READ_PROBABILITY = 0.25;
    static final int SECOND_CARRIED_RSSI_STRONGEST_DBM = -60;
    static final int SECOND_CARRIED_RSSI_WEAKEST_DBM = -78;

    /** Where an item is. */
    enum ItemState {
        ON_SHELF,
        CARRIED,
        /** Carried out through the exit portal, still in its read windows. */
        LEAVING,
        /** Carried in through the exit portal (bought earlier), still in its read windows. */
        ENTERING,
        /** Out of the store. */
        GONE
    }

    /** One tagged item. Mutable, guarded by the world's lock. */
    static final class Item {
        final String epc;
        final long epcHi;
        final int epcLo;
        final String gtin;
        final String homeZone;
        String shelfZone;
        ItemState state = ItemState.ON_SHELF;
        int carrier = -1;
        /** When the portal side passed first read it during the current pass, -1 before. */
        long firstSideReadMillis = -1;

        Item(String epc, long epcHi, int epcLo, String gtin, String homeZone) {
            this.epc = epc;
            this.epcHi = epcHi;
            this.epcLo = epcLo;
            this.gtin = gtin;
            this.homeZone = homeZone;
            this.shelfZone = homeZone;
        }
    }

    /** A shopper's passage through the exit portal, out or in, starting at {@code atMillis}. */
    record PortalPass(int shopper, long atMillis, List<Item> items, boolean leaving) {
        PortalSide firstSide() {
            return leaving ? PortalSide.INNER : PortalSide.OUTER;
        }
    }

    private final StoreLayout layout;
    private final SimBehaviour behaviour;
    /** The second world's portal; null in the first world. */
    private final OverlappingPortal overlappingPortal;
    private final int shelfStrongestDbm;
    private final int shelfWeakestDbm;
    private final double carriedReadProbability;
    private final int carriedStrongestDbm;
    private final int carriedWeakestDbm;
    /** The floor zone whose shelves stand nearest the exit portal: its tags are now and then read there. */
    private final String strayZone;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, List<String>> stockByZone = new LinkedHashMap<>();
    private final Map<String, Random> readerRandoms = new HashMap<>();
    private final Map<Integer, String> shopperZones = new HashMap<>();
    private final Map<Integer, List<Item>> carried = new HashMap<>();
    private final List<PortalPass> passes = new ArrayList<>();

    World(SimConfig config) {
        this(config, SimBehaviour.CALM);
    }

    World(SimConfig config, SimBehaviour behaviour) {
        this(config, behaviour, Physics.FIRST);
    }

    World(SimConfig config, SimBehaviour behaviour, Physics physics) {
        this.layout = config.layout();
        this.behaviour = behaviour;
        boolean first = physics == Physics.FIRST;
        this.overlappingPortal = first ? null : new OverlappingPortal();
        this.shelfStrongestDbm = first ? SHELF_RSSI_STRONGEST_DBM : SECOND_SHELF_RSSI_STRONGEST_DBM;
        this.shelfWeakestDbm = first ? SHELF_RSSI_WEAKEST_DBM : SECOND_SHELF_RSSI_WEAKEST_DBM;
        this.carriedReadProbability = first ? CARRIED_READ_PROBABILITY : SECOND_CARRIED_READ_PROBABILITY;
        this.carriedStrongestDbm = first ? CARRIED_RSSI_STRONGEST_DBM : SECOND_CARRIED_RSSI_STRONGEST_DBM;
        this.carriedWeakestDbm = first ? CARRIED_RSSI_WEAKEST_DBM : SECOND_CARRIED_RSSI_WEAKEST_DBM;
        Random random = new Random(config.seed());
        List<String> floorZones = layout.zones().stream().filter(z -> !z.isExit()).map(StoreLayout.Zone::id).toList();
        this.strayZone = floorZones.get(floorZones.size() - 1);
        // Shoppers take at most 3 items per zone, so shelves with 3+ products never run dry; fewer tags, lighter reads.
        int itemsPerProduct = behaviour.itemsPerProduct() > 0 ? behaviour.itemsPerProduct()
                : Math.max(MIN_ITEMS_PER_PRODUCT, config.shoppers());
        // Serials start at a seeded base (below 2^38) so runs with different seeds rarely share EPCs in one ledger.
        long serial = 1 + (long) random.nextInt(1 << 17) * 1_000_000L;
        Sgtin96Encoder encoder = new Sgtin96Encoder();
        for (String zone : floorZones) {
            stockByZone.put(zone, new ArrayList<>());
        }
        List<String> gtins = config.gtins();
        for (int p = 0; p < gtins.size(); p++) {
            String zone = floorZones.get(p % floorZones.size());
            for (int n = 0; n < itemsPerProduct; n++) {
                encoder.encode(gtins.get(p), COMPANY_PREFIX_DIGITS, FILTER_POS_ITEM, serial++);
                String epc = Epc.hex96(encoder.hi(), encoder.lo());
                items.put(epc, new Item(epc, encoder.hi(), encoder.lo(), gtins.get(p), zone));
                stockByZone.get(zone).add(epc);
            }
        }
        List<StoreLayout.Reader> readers = layout.readers();
        for (int i = 0; i < readers.size(); i++) {
            readerRandoms.put(readers.get(i).id(), new Random(config.seed() ^ (0x9E3779B97F4A7C15L * (i + 1))));
        }
    }

    /** The EPCs stocked in each floor zone at the start, in stocking order. */
    Map<String, List<String>> initialStock() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        stockByZone.forEach((zone, epcs) -> copy.put(zone, List.copyOf(epcs)));
        return copy;
    }

    synchronized ItemState state(String epc) {
        return item(epc).state;
    }

    synchronized String shelfZone(String epc) {
        return item(epc).shelfZone;
    }

    /** The shopper is now in {@code zone} (a floor zone or the exit zone). */
    synchronized void moveShopper(int shopper, String zone) {
        shopperZones.put(shopper, zone);
    }

    /** The shopper takes the item off its shelf. */
    synchronized void pick(int shopper, String epc) {
        Item item = item(epc);
        if (item.state != ItemState.ON_SHELF) {
            throw new IllegalStateException("item " + epc + " is " + item.state + ", not on a shelf");
        }
        item.state = ItemState.CARRIED;
        item.carrier = shopper;
        item.shelfZone = null;
        carried.computeIfAbsent(shopper, s -> new ArrayList<>()).add(item);
    }

    /** The shopper puts a carried item on a shelf of {@code zone} (its own, or another one). */
    synchronized void putBack(int shopper, String epc, String zone) {
        Item item = item(epc);
        if (item.state != ItemState.CARRIED || item.carrier != shopper) {
            throw new IllegalStateException("item " + epc + " is not carried by shopper " + shopper);
        }
        carried.get(shopper).remove(item);
        item.state = ItemState.ON_SHELF;
        item.carrier = -1;
        item.shelfZone = zone;
    }

    /**
     * The shopper walks through the exit portal at {@code atMillis} with what they carry.
     *
     * @return the EPCs that left the store with them (the truth the charge is compared with)
     */
    synchronized List<String> walkOut(int shopper, long atMillis) {
        List<Item> leaving = carried.remove(shopper);
        leaving = leaving == null ? List.of() : leaving;
        for (Item item : leaving) {
            item.state = ItemState.LEAVING;
            item.carrier = -1;
            item.firstSideReadMillis = -1;
        }
        shopperZones.remove(shopper);
        passes.add(new PortalPass(shopper, atMillis, List.copyOf(leaving), true));
        return leaving.stream().map(i -> i.epc).toList();
    }

    /**
     * The shopper comes in through the exit portal at {@code atMillis} carrying items that left the store earlier;
     * once through, they carry them in the exit zone.
     */
    synchronized void walkIn(int shopper, long atMillis, List<String> epcs) {
        List<Item> entering = new ArrayList<>();
        for (String epc : epcs) {
            Item item = item(epc);
            if (item.state != ItemState.GONE) {
                throw new IllegalStateException("item " + epc + " is " + item.state + ", not out of the store");
            }
            entering.add(item);
        }
        for (Item item : entering) {
            item.state = ItemState.ENTERING;
            item.carrier = shopper;
            item.firstSideReadMillis = -1;
        }
        shopperZones.put(shopper, layout.exitZone().orElseThrow().id());
        passes.add(new PortalPass(shopper, atMillis, List.copyOf(entering), false));
    }

    /** One shopper hands a carried item to another, who carries it from now on. */
    synchronized void handOver(int from, int to, String epc) {
        Item item = item(epc);
        if (item.state != ItemState.CARRIED || item.carrier != from) {
            throw new IllegalStateException("item " + epc + " is not carried by shopper " + from);
        }
        carried.get(from).remove(item);
        item.carrier = to;
        carried.computeIfAbsent(to, s -> new ArrayList<>()).add(item);
    }

    /** The shopper stops existing for the world (they left, or their visit failed). */
    synchronized void leave(int shopper) {
        shopperZones.remove(shopper);
        List<Item> dropped = carried.remove(shopper);
        if (dropped != null) {
            // A shopper who never made it out leaves what they held on the shelf it came from.
            for (Item item : dropped) {
                item.state = ItemState.ON_SHELF;
                item.carrier = -1;
                item.shelfZone = item.homeZone;
            }
        }
    }

    /**
     * What the reader's antennas read in the round ending at {@code atMillis}, antenna by antenna.
     *
     * @param periodMs length of the round, which bounds how early in it a tag was first seen
     */
    synchronized List<TagRead> read(String readerId, long atMillis, long periodMs) {
        return read(readerId, atMillis, periodMs, true);
    }

    /**
     * As {@link #read(String, long, long)}; when {@code shelfRound} is false the shelf antennas leave out the tags
     * resting on their shelf (an event-time replay reports those only every {@code shelfReportEveryMs}).
     */
    synchronized List<TagRead> read(String readerId, long atMillis, long periodMs, boolean shelfRound) {
        StoreLayout.Reader reader = layout.readers().stream().filter(r -> r.id().equals(readerId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no reader " + readerId + " in the layout"));
        Random random = readerRandoms.get(readerId);
        expirePasses(atMillis, periodMs);
        List<TagRead> reads = new ArrayList<>();
        long atMicros = atMillis * 1000;
        long periodMicros = Math.max(1, periodMs * 1000);
        for (Map.Entry<Integer, StoreLayout.Antenna> e : new TreeMap<>(reader.antennas()).entrySet()) {
            int antenna = e.getKey();
            StoreLayout.Antenna coverage = e.getValue();
            PortalSide side = coverage.side() == null ? PortalSide.NONE : coverage.side();
            if (side == PortalSide.INNER || side == PortalSide.OUTER) {
                if (overlappingPortal != null) {
                    overlappingPortal.read(passes, side, antenna, atMillis, periodMs, random, reads);
                } else {
                    readPortal(side, antenna, atMillis, random, reads);
                }
                if (side == PortalSide.INNER && behaviour.strayReadProbability() > 0) {
                    readStrays(antenna, atMicros, random, reads);
                }
                continue;
            }
            for (Item item : items.values()) {
                boolean onShelfHere = item.state == ItemState.ON_SHELF && coverage.zone().equals(item.shelfZone);
                boolean carriedHere = item.state == ItemState.CARRIED
                        && coverage.zone().equals(shopperZones.get(item.carrier));
                if (onShelfHere && shelfRound && random.nextDouble() < SHELF_READ_PROBABILITY) {
                    long firstSeen = atMicros - (long) (random.nextDouble() * periodMicros / 2);
                    reads.add(new TagRead(item.epcHi, item.epcLo, antenna,
                            rssi(random, shelfStrongestDbm, shelfWeakestDbm), firstSeen, atMicros,
                            1 + random.nextInt(4)));
                } else if (carriedHere && random.nextDouble() < carriedReadProbability) {
                    int rssiDbm = rssi(random, carriedStrongestDbm, carriedWeakestDbm);
                    // The second world reads a moving tag at a moment of its own in the round, not at its end.
                    long seenMicros = overlappingPortal == null ? atMicros
                            : atMicros - (long) (random.nextDouble() * (periodMicros - 1));
                    reads.add(new TagRead(item.epcHi, item.epcLo, antenna, rssiDbm, seenMicros, seenMicros, 1));
                }
            }
        }
        return reads;
    }

    private void readPortal(PortalSide side, int antenna, long atMillis, Random random, List<TagRead> reads) {
        long atMicros = atMillis * 1000;
        for (PortalPass pass : passes) {
            long sincePass = atMillis - pass.atMillis();
            boolean firstSide = side == pass.firstSide();
            boolean inWindow = firstSide
                    ? sincePass >= 0 && sincePass < FIRST_SIDE_UNTIL_MS
                    : sincePass >= SECOND_SIDE_FROM_MS && sincePass < SECOND_SIDE_UNTIL_MS;
            if (!inWindow) {
                continue;
            }
            for (Item item : pass.items()) {
                // Second side only after a first-side read in an earlier round: the order never flips.
                boolean allowed = firstSide
                        || (item.firstSideReadMillis >= 0 && item.firstSideReadMillis < atMillis);
                if (!allowed || random.nextDouble() >= PORTAL_READ_PROBABILITY) {
                    continue;
                }
                if (firstSide && item.firstSideReadMillis < 0) {
                    item.firstSideReadMillis = atMillis;
                }
                reads.add(new TagRead(item.epcHi, item.epcLo, antenna,
                        rssi(random, PORTAL_RSSI_STRONGEST_DBM, PORTAL_RSSI_WEAKEST_DBM), atMicros, atMicros,
                        1 + random.nextInt(3)));
            }
        }
    }

    /** Tags resting on the shelves nearest the exit, read faintly by the portal's inner antenna. */
    private void readStrays(int antenna, long atMicros, Random random, List<TagRead> reads) {
        for (Item item : items.values()) {
            if (item.state == ItemState.ON_SHELF && strayZone.equals(item.shelfZone)
                    && random.nextDouble() < behaviour.strayReadProbability()) {
                reads.add(new TagRead(item.epcHi, item.epcLo, antenna,
                        rssi(random, STRAY_RSSI_STRONGEST_DBM, STRAY_RSSI_WEAKEST_DBM), atMicros, atMicros, 1));
            }
        }
    }

    /** EPCs the shopper carries now, in the order they took them. */
    synchronized List<String> carriedBy(int shopper) {
        List<Item> held = carried.get(shopper);
        return held == null ? List.of() : held.stream().map(i -> i.epc).toList();
    }

    private void expirePasses(long atMillis, long periodMs) {
        passes.removeIf(pass -> {
            boolean through = overlappingPortal == null ? atMillis - pass.atMillis() >= SECOND_SIDE_UNTIL_MS
                    : OverlappingPortal.through(pass, atMillis, periodMs);
            if (!through) {
                return false;
            }
            for (Item item : pass.items()) {
                if (pass.leaving()) {
                    item.state = ItemState.GONE;
                } else if (item.state == ItemState.ENTERING) {
                    item.state = ItemState.CARRIED;
                    carried.computeIfAbsent(item.carrier, s -> new ArrayList<>()).add(item);
                }
            }
            return true;
        });
    }

    private static int rssi(Random random, int strongestDbm, int weakestDbm) {
        return weakestDbm + random.nextInt(strongestDbm - weakestDbm + 1);
    }

    private Item item(String epc) {
        Item item = items.get(epc);
        if (item == null) {
            throw new IllegalArgumentException("no item " + epc + " in this store");
        }
        return item;
    }

    /** All EPCs of the store, in stocking order. */
    List<String> epcs() {
        return Collections.unmodifiableList(new ArrayList<>(items.keySet()));
    }
}
