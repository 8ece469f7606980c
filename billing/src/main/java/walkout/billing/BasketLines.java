package walkout.billing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import walkout.billing.ledger.EpcRefused;
import walkout.billing.ledger.SoldItem;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.pricing.PricedLine;
import walkout.events.AlertType;
import walkout.events.BasketClosed;
import walkout.events.Epc;

/**
 * The lines of one basket billing records, and the ones it refuses: a line whose EPC is already a line of the order
 * (the basket lists it twice), or, for a priced line, is held as sold and not returned by another order. A refused
 * line is not priced into the order, not charged, and raises one {@code DUPLICATE_LINE} alert per EPC and visit
 * (id derived from both, so a replay writes nothing new). Immutable.
 */
final class BasketLines {
    /** One refused line and why. */
    record Refused(PricedLine line, String reason, StoredAlert alert) {
    }

    private final BasketClosed basket;
    private final String orderId;
    private final long atMillis;
    private final List<PricedLine> accepted;
    private final List<Refused> refused;

    private BasketLines(BasketClosed basket, String orderId, long atMillis, List<PricedLine> accepted,
                        List<Refused> refused) {
        this.basket = basket;
        this.orderId = orderId;
        this.atMillis = atMillis;
        this.accepted = List.copyOf(accepted);
        this.refused = List.copyOf(refused);
    }

    /** Every line accepted as priced: nothing checked (what the ledger's constraints see when billing does not). */
    static BasketLines unscreened(BasketClosed basket, String orderId, List<PricedLine> lines, long atMillis) {
        return new BasketLines(basket, orderId, atMillis, lines, List.of());
    }

    /**
     * Screens priced lines in basket order against each other and against {@code sold}, the EPCs other orders
     * hold (read from the ledger for this basket's priced EPCs).
     */
    static BasketLines screen(BasketClosed basket, String orderId, List<PricedLine> lines, Map<String, SoldItem> sold,
                              long atMillis) {
        Set<String> seen = new HashSet<>();
        List<PricedLine> accepted = new ArrayList<>(lines.size());
        List<Refused> refused = new ArrayList<>();
        for (PricedLine line : lines) {
            SoldItem holder = line.priced() ? sold.get(line.epc()) : null;
            if (seen.contains(line.epc())) {
                refused.add(refusal(basket, orderId, atMillis, line,
                        "is already a line of this order (the basket lists it twice)", null));
            } else if (holder != null) {
                refused.add(refusal(basket, orderId, atMillis, line, "was sold in " + holder.holder()
                        + " and not returned", holder));
            } else {
                accepted.add(line);
                seen.add(line.epc());
            }
        }
        return new BasketLines(basket, orderId, atMillis, accepted, refused);
    }

    /**
     * These lines less the one the ledger refused ({@code refusal.lineNo()}, counted in {@link #accepted()});
     * {@code holder} is the order holding its EPC now, or null when the ledger no longer says.
     */
    BasketLines refusedByLedger(EpcRefused refusal, SoldItem holder) {
        int index = refusal.lineNo() - 1;
        if (index < 0 || index >= accepted.size() || !accepted.get(index).epc().equals(refusal.epc())) {
            throw new IllegalStateException("order " + orderId + ": the ledger refused line " + refusal.lineNo()
                    + " (epc " + refusal.epc() + "), which is not a line being written", refusal);
        }
        PricedLine line = accepted.get(index);
        String why;
        if (refusal.reason() == EpcRefused.Reason.IN_ORDER) {
            why = "is already a line of this order (refused by the ledger)";
        } else {
            why = (holder == null ? "is sold and not returned" : "was sold in " + holder.holder() + " and not returned")
                    + " (refused by the ledger)";
        }
        List<PricedLine> left = new ArrayList<>(accepted);
        left.remove(index);
        List<Refused> more = new ArrayList<>(refused);
        more.add(refusal(basket, orderId, atMillis, line, why, holder));
        return new BasketLines(basket, orderId, atMillis, left, more);
    }

    List<PricedLine> accepted() {
        return accepted;
    }

    List<Refused> refused() {
        return refused;
    }

    /** One alert per EPC and visit, however often the basket lists it. */
    List<StoredAlert> alerts() {
        Map<String, StoredAlert> byId = new LinkedHashMap<>();
        for (Refused r : refused) {
            byId.putIfAbsent(r.alert().alertId(), r.alert());
        }
        return List.copyOf(byId.values());
    }

    /** The id of the DUPLICATE_LINE alert for an EPC refused in a visit's basket: the same on every replay. */
    static String alertId(String visitId, String epc) {
        return "dup-" + UUID.nameUUIDFromBytes(("walkout-duplicate-line:" + visitId + ":" + epc)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Refused refusal(BasketClosed basket, String orderId, long atMillis, PricedLine line, String why,
                                   SoldItem holder) {
        String reason = "epc " + line.epc() + " " + why + ": line refused, not charged";
        List<String> visits = holder == null || holder.visitId().equals(basket.visitId())
                ? List.of(basket.visitId()) : List.of(basket.visitId(), holder.visitId());
        // alerts.epc holds an EPC-96; a malformed EPC is named in the reason only.
        StoredAlert alert = new StoredAlert(alertId(basket.visitId(), line.epc()), basket.storeId(),
                AlertType.DUPLICATE_LINE.name(), Epc.isHex96(line.epc()) ? line.epc() : null, line.gtin(), visits,
                atMillis, false, null, null, null, null, null, orderId, reason);
        return new Refused(line, reason, alert);
    }
}
