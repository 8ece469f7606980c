package walkout.billing.receipt;

import java.util.List;
import java.util.Objects;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.pricing.VatBreakdown;
import walkout.billing.pricing.VatTotal;

/** What the shopper sees for a visit: the order with its VAT per rate. Only for orders that were charged. */
public record Receipt(Order order, List<VatTotal> vatTotals) {
    public Receipt {
        Objects.requireNonNull(order, "order");
        vatTotals = List.copyOf(vatTotals);
    }

    /** True for statuses a shopper has a receipt for: the charge went through (refunds keep the receipt). */
    public static boolean issuedFor(OrderStatus status) {
        return status == OrderStatus.CHARGED || status == OrderStatus.REFUNDED
                || status == OrderStatus.PARTIALLY_REFUNDED;
    }

    public static Receipt of(Order order) {
        VatBreakdown vat = new VatBreakdown();
        for (OrderLine line : order.lines()) {
            if (line.priced() && line.vatRate() != null) {
                vat.add(line.vatRate(), line.priceMinor(), line.vatMinor());
            }
        }
        return new Receipt(order, vat.totals());
    }
}
