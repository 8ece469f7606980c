package walkout.billing.pricing;

import java.math.BigDecimal;
import walkout.events.Evidence;

/**
 * One basket line after pricing. A priced line has {@code flag == null}; a flagged line keeps what could be
 * learned ({@code gtin} may be null, {@code name} and {@code vatRate} are null) and prices of zero.
 *
 * @param epc        24 upper-case hex digits as received
 * @param priceMinor gross price in minor units (0 when flagged)
 * @param vatMinor   VAT included in {@code priceMinor}, rounded half-up (0 when flagged)
 */
public record PricedLine(String epc, String gtin, String name, long priceMinor, BigDecimal vatRate, long vatMinor,
                         LineFlag flag, long exitedAtMillis, Evidence evidence) {

    public boolean priced() {
        return flag == null;
    }

    static PricedLine flagged(String epc, String gtin, LineFlag flag, long exitedAtMillis, Evidence evidence) {
        return new PricedLine(epc, gtin, null, 0, null, 0, flag, exitedAtMillis, evidence);
    }
}
