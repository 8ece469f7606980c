package walkout.store.sim;

import java.util.List;

/**
 * What really happened to one simulated shopper.
 *
 * @param name       the shopper's name in the run
 * @param customerId the id the store gave them at registration, or null if registration failed
 * @param visitId    the visit the entry gate opened, or null if they never got in
 * @param epcsOut    EPCs (24 upper-case hex digits) they carried through the exit portal
 * @param walkedOut  whether they walked out (false for a visit that failed or was stopped)
 */
public record ShopperTruth(String name, String customerId, String visitId, List<String> epcsOut, boolean walkedOut) {
    public ShopperTruth {
        epcsOut = List.copyOf(epcsOut);
    }
}
