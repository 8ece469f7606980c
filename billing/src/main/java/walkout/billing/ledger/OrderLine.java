package walkout.billing.ledger;

import java.math.BigDecimal;

/**
 * One stored order line. {@code flag} is null for a charged line; a flagged line has {@code priceMinor == 0}
 * and may lack {@code gtin}, {@code name} and {@code vatRate}. {@code evidenceJson} is the basket's
 * {@code Evidence} as JSON.
 *
 * @param refundedAtMillis when the line was refunded, null when it was not
 * @param supplementId     the supplement that added this held item to the order, null for a basket line
 */
public record OrderLine(int lineNo, String epc, String gtin, String name, long priceMinor, BigDecimal vatRate,
                        long vatMinor, String flag, long exitedAtMillis, String evidenceJson, Long refundedAtMillis,
                        String supplementId) {
    /** A basket line as priced, neither refunded nor a supplement. */
    public OrderLine(int lineNo, String epc, String gtin, String name, long priceMinor, BigDecimal vatRate,
                     long vatMinor, String flag, long exitedAtMillis, String evidenceJson) {
        this(lineNo, epc, gtin, name, priceMinor, vatRate, vatMinor, flag, exitedAtMillis, evidenceJson, null, null);
    }

    public boolean priced() {
        return flag == null;
    }

    public boolean refunded() {
        return refundedAtMillis != null;
    }
}
