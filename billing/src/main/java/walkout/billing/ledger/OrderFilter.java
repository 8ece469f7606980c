package walkout.billing.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * Which orders a staff search wants; every part is optional (null = any) and the parts combine with AND.
 *
 * @param customerId the order's customer, exactly
 * @param epc        an EPC on one of the order's lines (24 hex digits, upper case)
 * @param fromMillis the order's time at or after this, epoch milliseconds; an order's time is when it was charged,
 *                   or when it was created while not charged
 * @param toMillis   the order's time before this, epoch milliseconds
 */
public record OrderFilter(String customerId, String epc, Long fromMillis, Long toMillis) {
    /** No filter: every order. */
    public static final OrderFilter ALL = new OrderFilter(null, null, null, null);

    /** The SQL condition ({@code WHERE ...}, or empty) over {@code orders o}, parameters added to {@code params}. */
    String where(List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (customerId != null) {
            conditions.add("o.customer_id = ?");
            params.add(customerId);
        }
        if (epc != null) {
            conditions.add("EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.epc = ?)");
            params.add(epc);
        }
        if (fromMillis != null) {
            conditions.add("COALESCE(o.charged_at_millis, o.created_at_millis) >= ?");
            params.add(fromMillis);
        }
        if (toMillis != null) {
            conditions.add("COALESCE(o.charged_at_millis, o.created_at_millis) < ?");
            params.add(toMillis);
        }
        return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    }
}
