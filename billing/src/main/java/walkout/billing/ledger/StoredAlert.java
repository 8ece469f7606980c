package walkout.billing.ledger;

import java.util.List;

/**
 * A staff alert as kept in the ledger: from tracking ({@code UNPAID_EXIT}, {@code AMBIGUOUS}: about an item) or
 * from billing itself ({@link #CHARGE_FAILED}: about an order). {@code gtin} is null when the EPC is not an
 * SGTIN-96; {@code epc} is null for an order's alert.
 *
 * @param action           what staff did ({@code ASSIGNED}, {@code DISMISSED}, {@code RESOLVED}), null before
 * @param actionBy         who did it, null before
 * @param actionAtMillis   when, null before
 * @param assignedVisitId  the visit an AMBIGUOUS item was assigned to, else null
 * @param resolvedAtMillis when the alert was closed, null while open
 * @param orderId          the order a CHARGE_FAILED alert is about, else null
 * @param reason           why billing raised it, else null
 */
public record StoredAlert(String alertId, String storeId, String type, String epc, String gtin,
                          List<String> visitIds, long atMillis, boolean resolved, String action, String actionBy,
                          Long actionAtMillis, String assignedVisitId, Long resolvedAtMillis, String orderId,
                          String reason) {
    public static final String ASSIGNED = "ASSIGNED";
    public static final String DISMISSED = "DISMISSED";
    public static final String RESOLVED = "RESOLVED";
    /** Billing's own alert type: a charge that still failed after its bounded retries. */
    public static final String CHARGE_FAILED = "CHARGE_FAILED";

    public StoredAlert {
        visitIds = List.copyOf(visitIds);
    }

    /** A new alert as tracking raised it: no staff action yet. */
    public StoredAlert(String alertId, String storeId, String type, String epc, String gtin, List<String> visitIds,
                       long atMillis, boolean resolved) {
        this(alertId, storeId, type, epc, gtin, visitIds, atMillis, resolved, null, null, null, null, null, null,
                null);
    }

    /** Billing's alert for an order whose charge finally failed: staff should contact the shopper. */
    public static StoredAlert chargeFailed(Order order, String reason, long atMillis) {
        return new StoredAlert("charge-failed-" + order.orderId(), order.storeId(), CHARGE_FAILED, null, null,
                List.of(order.visitId()), atMillis, false, null, null, null, null, null, order.orderId(), reason);
    }
}
