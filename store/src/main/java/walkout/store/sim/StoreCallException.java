package walkout.store.sim;

/** A call the simulator made to the store's HTTP API failed: transport, unexpected status or unreadable answer. */
public final class StoreCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
