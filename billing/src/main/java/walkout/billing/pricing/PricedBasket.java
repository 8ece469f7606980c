package walkout.billing.pricing;

import java.util.List;

/**
 * A basket's lines with prices. {@code totalMinor} is the sum of the priced lines only: flagged lines are never
 * charged.
 */
public record PricedBasket(String currency, List<PricedLine> lines, long totalMinor, List<VatTotal> vatTotals) {
    public PricedBasket {
        lines = List.copyOf(lines);
        vatTotals = List.copyOf(vatTotals);
    }

    public long flaggedCount() {
        return lines.stream().filter(l -> !l.priced()).count();
    }
}
