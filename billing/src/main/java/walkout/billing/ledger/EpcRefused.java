package walkout.billing.ledger;

/**
 * The ledger's constraints refused an EPC: it is already a line of the order ({@code order_lines_epc_uq}) or held
 * as sold and not returned by an order ({@code sold_items_pk}). Nothing of the transaction was written. Billing
 * checks both before writing; this is what it gets when that check was wrong or raced another writer, and it
 * refuses that one line (or staff action), never retries it as it would a database failure.
 */
public final class EpcRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which invariant the EPC broke. */
    public enum Reason {
        /** Already a line of this order. */
        IN_ORDER,
        /** Held as sold and not returned, by this order or another. */
        SOLD
    }

    private final String epc;
    private final String orderId;
    private final int lineNo;
    private final Reason reason;

    /**
     * @param lineNo the refused line's number in the order being written, 0 for a held item (no line yet)
     */
    public EpcRefused(String epc, String orderId, int lineNo, Reason reason, Throwable cause) {
        super("epc " + epc + (reason == Reason.IN_ORDER ? " is already a line of order " + orderId
                : " is sold and not returned") + ": refused by the ledger", cause);
        this.epc = epc;
        this.orderId = orderId;
        this.lineNo = lineNo;
        this.reason = reason;
    }

    public String epc() {
        return epc;
    }

    /** The order being written when the EPC was refused. */
    public String orderId() {
        return orderId;
    }

    public int lineNo() {
        return lineNo;
    }

    public Reason reason() {
        return reason;
    }
}
