package walkout.billing.ledger;

import java.util.List;

/**
 * A staff alert as kept in the ledger. {@code gtin} is null when the EPC is not an SGTIN-96.
 *
 * @param action          what staff did ({@code ASSIGNED}, {@code DISMISSED}, {@code RESOLVED}), null before
 * @param actionBy        who did it, null before
 * @param actionAtMillis  when, null before
 * @param assignedVisitId the visit an AMBIGUOUS item was assigned to, else null
 * @param resolvedAtMillis when the alert was closed, null while open
 */
public record StoredAlert(String alertId, String storeId, String type, String epc, String gtin,
                          List<String> visitIds, long atMillis, boolean resolved, String action, String actionBy,
                          Long actionAtMillis, String assignedVisitId, Long resolvedAtMillis) {
    public static final String ASSIGNED = "ASSIGNED";
    public static final String DISMISSED = "DISMISSED";
    public static final String RESOLVED = "RESOLVED";

    public StoredAlert {
        visitIds = List.copyOf(visitIds);
    }

    /** A new alert as tracking raised it: no staff action yet. */
    public StoredAlert(String alertId, String storeId, String type, String epc, String gtin, List<String> visitIds,
                       long atMillis, boolean resolved) {
        this(alertId, storeId, type, epc, gtin, visitIds, atMillis, resolved, null, null, null, null, null);
    }
}
