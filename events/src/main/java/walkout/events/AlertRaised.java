package walkout.events;

import java.util.List;

/** Something staff must act on. {@code visitIds} are the candidate visits (empty for an unpaid exit). */
public record AlertRaised(String storeId, String alertId, AlertType type, String epc, List<String> visitIds,
                          long atMillis) {
    public AlertRaised {
        visitIds = List.copyOf(visitIds);
    }
}
