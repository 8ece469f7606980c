package walkout.billing.ledger;

/** The ledger database failed (unreachable, constraint broken other than a known duplicate). */
public final class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
