package walkout.billing.ledger;

import java.util.List;

/**
 * An order: one per visit.
 *
 * @param chargedAtMillis   when the charge was confirmed, or null while not charged
 * @param failureReason     why the order is FAILED, else null
 * @param paymentReference  the gateway's reference of the charge, or null (filled when read back)
 */
public record Order(String orderId, String storeId, String visitId, String customerId, OrderStatus status,
                    String currency, long totalMinor, String failureReason, long exitedAtMillis,
                    long closedAtMillis, long createdAtMillis, Long chargedAtMillis, List<OrderLine> lines,
                    String paymentReference) {
    public Order {
        lines = List.copyOf(lines);
    }
}
