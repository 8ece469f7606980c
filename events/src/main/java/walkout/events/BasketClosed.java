package walkout.events;

import java.util.List;

/**
 * A visit ended and its grace period passed: these items left with it. Billing charges exactly these lines, once
 * per {@code visitId}.
 */
public record BasketClosed(String storeId, String visitId, String customerId, long enteredAtMillis,
                           long exitedAtMillis, long closedAtMillis, List<BasketLine> lines) {
    public BasketClosed {
        lines = List.copyOf(lines);
    }
}
