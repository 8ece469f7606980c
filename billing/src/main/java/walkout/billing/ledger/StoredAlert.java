package walkout.billing.ledger;

import java.util.List;

/** A staff alert as kept in the ledger. {@code gtin} is null when the EPC is not an SGTIN-96. */
public record StoredAlert(String alertId, String storeId, String type, String epc, String gtin,
                          List<String> visitIds, long atMillis, boolean resolved) {
    public StoredAlert {
        visitIds = List.copyOf(visitIds);
    }
}
