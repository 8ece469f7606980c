package walkout.store.sim;

import java.util.List;
import java.util.Objects;
import walkout.events.Gtin;
import walkout.store.config.StoreLayout;

/**
 * What the store simulator plays: the store's layout, the products on its shelves, how many shoppers, over how long,
 * from which seed (the same seed gives the same stock, the same shoppers and the same radio), how often each
 * simulated reader reports, and the least time between two shoppers' exits.
 *
 * @param layout        the store; every floor zone gets stock, every reader gets an emulator
 * @param gtins         GTIN-14s of the products to stock (the catalog's)
 * @param shoppers      how many shoppers walk through the store, at least 1
 * @param durationMs    how long the whole run should take; shoppers are staggered to fit it when they can
 * @param seed          seed of every random choice
 * @param reportEveryMs how often a simulated reader sends an RO_ACCESS_REPORT once its ROSpec is started
 * @param exitSpacingMs least time between two shoppers walking out
 */
public record SimConfig(StoreLayout layout, List<String> gtins, int shoppers, long durationMs, long seed,
                        long reportEveryMs, long exitSpacingMs) {
    /** Default report period of a simulated reader. */
    public static final long DEFAULT_REPORT_EVERY_MS = 200;
    /** Default least time between two exits: the issue-2 attribution wants exits apart. */
    public static final long DEFAULT_EXIT_SPACING_MS = 6000;

    public SimConfig {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(gtins, "gtins");
        gtins = List.copyOf(gtins);
        if (gtins.isEmpty()) {
            throw new IllegalArgumentException("gtins=[] must name at least one product");
        }
        for (String gtin : gtins) {
            new Gtin(gtin);
        }
        if (layout.exitZone().isEmpty()) {
            throw new IllegalArgumentException("layout=" + layout.store() + " has no exit zone");
        }
        if (layout.zones().stream().noneMatch(z -> !z.isExit())) {
            throw new IllegalArgumentException("layout=" + layout.store() + " has no floor zone to stock");
        }
        if (layout.gates().isEmpty()) {
            throw new IllegalArgumentException("layout=" + layout.store() + " has no entry gate");
        }
        if (shoppers < 1) {
            throw new IllegalArgumentException("shoppers=" + shoppers + " must be >= 1");
        }
        if (durationMs <= 0) {
            throw new IllegalArgumentException("durationMs=" + durationMs + " must be > 0");
        }
        if (reportEveryMs <= 0) {
            throw new IllegalArgumentException("reportEveryMs=" + reportEveryMs + " must be > 0");
        }
        if (exitSpacingMs < 0) {
            throw new IllegalArgumentException("exitSpacingMs=" + exitSpacingMs + " must be >= 0");
        }
    }

    /** The given store and run with the default report period and exit spacing. */
    public static SimConfig defaults(StoreLayout layout, List<String> gtins, int shoppers, long durationMs,
                                     long seed) {
        return new SimConfig(layout, gtins, shoppers, durationMs, seed, DEFAULT_REPORT_EVERY_MS,
                DEFAULT_EXIT_SPACING_MS);
    }
}
