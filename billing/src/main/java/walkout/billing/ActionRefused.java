package walkout.billing;

/**
 * A staff action the ledger's state does not allow (unknown order or alert, order not refundable, refund window
 * closed, alert already handled). {@link #status()} is the HTTP status to answer with: 404 or 409.
 */
public final class ActionRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ActionRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    static ActionRefused notFound(String message) {
        return new ActionRefused(404, message);
    }

    static ActionRefused conflict(String message) {
        return new ActionRefused(409, message);
    }

    public int status() {
        return status;
    }
}
