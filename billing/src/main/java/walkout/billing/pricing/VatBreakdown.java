package walkout.billing.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums lines into one {@link VatTotal} per rate, for receipts. Rates are compared by value, so 0.19 and 0.1900
 * (as read back from the ledger) fall together. Not thread-safe.
 */
public final class VatBreakdown {
    private final Map<BigDecimal, long[]> byRate = new TreeMap<>();

    public VatBreakdown add(BigDecimal vatRate, long grossMinor, long vatMinor) {
        BigDecimal key = vatRate.signum() == 0 ? BigDecimal.ZERO : vatRate.stripTrailingZeros();
        long[] sums = byRate.computeIfAbsent(key, k -> new long[2]);
        sums[0] = Math.addExact(sums[0], grossMinor);
        sums[1] = Math.addExact(sums[1], vatMinor);
        return this;
    }

    /** Totals by ascending rate. */
    public List<VatTotal> totals() {
        List<VatTotal> out = new ArrayList<>(byRate.size());
        byRate.forEach((rate, sums) -> out.add(new VatTotal(rate, sums[0], sums[1])));
        return out;
    }
}
