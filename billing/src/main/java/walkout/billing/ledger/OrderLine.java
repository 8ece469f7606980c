package walkout.billing.ledger;

import java.math.BigDecimal;

/**
 * One stored basket line. {@code flag} is null for a charged line; a flagged line has {@code priceMinor == 0}
 * and may lack {@code gtin}, {@code name} and {@code vatRate}. {@code evidenceJson} is the basket's
 * {@code Evidence} as JSON.
 */
public record OrderLine(int lineNo, String epc, String gtin, String name, long priceMinor, BigDecimal vatRate,
                        long vatMinor, String flag, long exitedAtMillis, String evidenceJson) {
    public boolean priced() {
        return flag == null;
    }
}
