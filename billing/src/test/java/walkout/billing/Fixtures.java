package walkout.billing;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import walkout.billing.catalog.Catalog;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.Epc;
import walkout.events.Evidence;
import walkout.events.codec.Sgtin96Encoder;

/** Test data shared by billing tests: the demo catalog, EPCs for its products, baskets. */
public final class Fixtures {
    public static final String STORE = "store-1";
    /** Apples 1kg, 2.49 EUR, VAT 0.07. */
    public static final String APPLES = "04012345000016";
    /** Cold brew coffee, 3.49 EUR, VAT 0.19. */
    public static final String COFFEE = "04012345000078";
    /** Running socks, 4.99 EUR, VAT 0.19. */
    public static final String SOCKS = "04012345000122";
    /** A valid GTIN-14 the demo catalog does not list. */
    public static final String NOT_IN_CATALOG = "04012345999990";
    /** An SSCC-96 EPC: well-formed hex, not an SGTIN-96. */
    public static final String SSCC_EPC = "3114257BF7194E4000001A85";

    private Fixtures() {
    }

    public static Catalog demoCatalog() {
        try (Reader in = new InputStreamReader(Fixtures.class.getResourceAsStream("/walkout/billing/demo-catalog.csv"),
                StandardCharsets.UTF_8)) {
            return Catalog.read(in, "demo-catalog.csv");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SGTIN-96 EPC of item {@code serial} of a product (company prefix 7 digits, as the demo's). */
    public static String epc(String gtin14, long serial) {
        Sgtin96Encoder encoder = new Sgtin96Encoder().encode(gtin14, 7, 1, serial);
        return Epc.hex96(encoder.hi(), encoder.lo());
    }

    public static Evidence evidence() {
        return new Evidence(12, List.of("A1", "EXIT"), 1_763_820_000_100L, 1_763_820_000_300L, 1_763_820_000_200L,
                0.92, 0.61);
    }

    public static BasketLine line(String epc) {
        return new BasketLine(epc, 1_763_820_000_300L, evidence());
    }

    public static BasketClosed basket(String visitId, String customerId, String... epcs) {
        List<BasketLine> lines = java.util.Arrays.stream(epcs).map(Fixtures::line).toList();
        return new BasketClosed(STORE, visitId, customerId, 1_763_819_000_000L, 1_763_820_000_300L,
                1_763_820_005_300L, lines);
    }
}
