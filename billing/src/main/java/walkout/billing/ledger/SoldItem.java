package walkout.billing.ledger;

/**
 * An EPC an order holds as sold and not returned ({@code sold_items}): a priced line of an order that is charged or
 * being charged, or a held item whose supplement is being charged ({@code supplementId} set).
 *
 * @param visitId  the visit of the order holding the EPC
 * @param atMillis when the line (or supplement) holding it was recorded
 */
public record SoldItem(String epc, String orderId, String visitId, String supplementId, long atMillis) {
    /** Names the holder for staff: {@code order ord-1 (visit v-1)}. */
    public String holder() {
        return "order " + orderId + " (visit " + visitId + ")";
    }
}
