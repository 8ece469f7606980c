package walkout.billing.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.catalog.Catalog;
import walkout.billing.catalog.Product;
import walkout.events.BasketLine;
import walkout.events.Epc;
import walkout.events.codec.Sgtin96Decoder;

/**
 * Prices basket lines from the catalog in integer minor units. Prices are gross; the VAT share of a line is
 * {@code gross x rate / (1 + rate)} rounded half-up per line. A line that cannot be priced is kept and flagged
 * (one log line each), never dropped and never charged. Thread-safe.
 */
public final class BasketPricer {
    private static final Logger LOG = LoggerFactory.getLogger(BasketPricer.class);

    /** Longest EPC text kept on a flagged line (the ledger's column width). */
    public static final int MAX_EPC_CHARS = 64;

    private final java.util.function.Supplier<Catalog> catalog;
    private final String currency;

    public BasketPricer(Catalog catalog, String currency) {
        this(constant(Objects.requireNonNull(catalog, "catalog")), currency);
    }

    /** Prices from whatever catalog {@code catalog} gives at the time (one catalog per basket). */
    public BasketPricer(java.util.function.Supplier<Catalog> catalog, String currency) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.currency = Objects.requireNonNull(currency, "currency");
    }

    private static java.util.function.Supplier<Catalog> constant(Catalog catalog) {
        return () -> catalog;
    }

    /** The VAT included in a gross amount at {@code vatRate}, rounded half-up to a minor unit. */
    public static long vatShareMinor(long grossMinor, BigDecimal vatRate) {
        BigDecimal gross = BigDecimal.valueOf(grossMinor);
        return gross.multiply(vatRate).divide(BigDecimal.ONE.add(vatRate), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Prices the lines of visit {@code visitId} (the id only labels log lines). */
    public PricedBasket price(String visitId, List<BasketLine> lines) {
        Catalog prices = catalog.get();
        Sgtin96Decoder decoder = new Sgtin96Decoder();
        List<PricedLine> priced = new ArrayList<>(lines.size());
        VatBreakdown vat = new VatBreakdown();
        long totalMinor = 0;
        for (BasketLine line : lines) {
            PricedLine p = priceLine(prices, visitId, line, decoder);
            if (p.priced()) {
                totalMinor = Math.addExact(totalMinor, p.priceMinor());
                vat.add(p.vatRate(), p.priceMinor(), p.vatMinor());
            }
            priced.add(p);
        }
        return new PricedBasket(currency, priced, totalMinor, vat.totals());
    }

    private PricedLine priceLine(Catalog catalog, String visitId, BasketLine line, Sgtin96Decoder decoder) {
        String epc = line.epc() == null ? "" : line.epc().toUpperCase(java.util.Locale.ROOT);
        if (!Epc.isHex96(epc)) {
            LOG.warn("visit={} epc={}: not a 96-bit EPC in hex, line flagged {}", visitId, line.epc(),
                    LineFlag.MALFORMED_EPC);
            String kept = epc.length() > MAX_EPC_CHARS ? epc.substring(0, MAX_EPC_CHARS) : epc;
            return PricedLine.flagged(kept, null, LineFlag.MALFORMED_EPC, line.exitedAtMillis(), line.evidence());
        }
        Sgtin96Decoder.Status status = decoder.decode(Epc.hi(epc), Epc.lo(epc));
        if (status != Sgtin96Decoder.Status.OK) {
            LOG.warn("visit={} epc={}: {} ({}), line flagged {}", visitId, epc, status,
                    Sgtin96Decoder.scheme((int) (Epc.hi(epc) >>> 56)), LineFlag.NOT_SGTIN_96);
            return PricedLine.flagged(epc, null, LineFlag.NOT_SGTIN_96, line.exitedAtMillis(), line.evidence());
        }
        String gtin = String.format("%014d", decoder.gtin14());
        Optional<Product> found = catalog.find(gtin);
        if (found.isEmpty()) {
            LOG.warn("visit={} epc={} gtin={}: not in the catalog, line flagged {}", visitId, epc, gtin,
                    LineFlag.UNKNOWN_GTIN);
            return PricedLine.flagged(epc, gtin, LineFlag.UNKNOWN_GTIN, line.exitedAtMillis(), line.evidence());
        }
        Product product = found.get();
        if (!product.currency().equals(currency)) {
            LOG.warn("visit={} epc={} gtin={}: catalog price is in {}, store charges in {}, line flagged {}",
                    visitId, epc, gtin, product.currency(), currency, LineFlag.CURRENCY_MISMATCH);
            return PricedLine.flagged(epc, gtin, LineFlag.CURRENCY_MISMATCH, line.exitedAtMillis(),
                    line.evidence());
        }
        return new PricedLine(epc, gtin, product.name(), product.priceMinor(), product.vatRate(),
                vatShareMinor(product.priceMinor(), product.vatRate()), null, line.exitedAtMillis(),
                line.evidence());
    }
}
