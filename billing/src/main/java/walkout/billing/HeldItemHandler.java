package walkout.billing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.EpcRefused;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.Payment;
import walkout.billing.ledger.SoldItem;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.ledger.Supplement;
import walkout.billing.payment.PaymentGateway;
import walkout.billing.payment.PaymentResult;
import walkout.billing.pricing.BasketPricer;
import walkout.billing.pricing.PricedLine;
import walkout.events.BadInput;
import walkout.events.BasketLine;

/**
 * What staff do about alerts. Assigning an AMBIGUOUS (held) item to one of its candidate visits charges it as a
 * supplement to that visit's order, with the same discipline as a basket: the supplement is recorded PENDING
 * (and the alert ASSIGNED, by whom, when) before the gateway is called with the supplement id as idempotency
 * key; success adds the line to the order, raises its total, writes the item-sold outbox row and resolves the
 * alert in one transaction (so the receipt shows it); a decline reopens the alert; no answer leaves it PENDING
 * for {@link #resumePending()}. Dismissing or resolving closes an alert with who and when. Blocking.
 */
public final class HeldItemHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HeldItemHandler.class);
    private static final int RESUME_BATCH = 200;
    private static final String AMBIGUOUS = "AMBIGUOUS";

    private final BasketPricer pricer;
    private final Ledger ledger;
    private final PaymentGateway gateway;
    private final BillingMetrics metrics;
    private final Clock clock;
    private volatile Consumer<String> onSettled = orderId -> { };

    public HeldItemHandler(BasketPricer pricer, Ledger ledger, PaymentGateway gateway, BillingMetrics metrics,
                           Clock clock) {
        this.pricer = Objects.requireNonNull(pricer, "pricer");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Charges the held item of an AMBIGUOUS alert to {@code visitId}'s order. Returns the supplement as recorded:
     * CHARGED, FAILED (declined; the alert is open again) or PENDING (no answer yet). Repeating an assignment to
     * the same visit returns the recorded supplement.
     *
     * @throws BadInput      naming {@code visitId} when it is blank or not one of the alert's candidate visits
     * @throws ActionRefused 404 for an unknown alert, 409 when it is not AMBIGUOUS, already handled, or the visit
     *                       has no charged order to add to, or the item cannot be priced, or its EPC is already a
     *                       line of that order or sold in an order and not returned (an EPC is charged once)
     */
    public Supplement assign(String alertId, String visitId, String by) {
        StoredAlert alert = ledger.alert(alertId).orElseThrow(() -> ActionRefused.notFound("alert " + alertId
                + " not found"));
        if (!AMBIGUOUS.equals(alert.type())) {
            throw ActionRefused.conflict("alert " + alertId + " is " + alert.type()
                    + ": only AMBIGUOUS items are assigned to a visit");
        }
        if (visitId == null || visitId.isBlank()) {
            throw new BadInput("visitId", "must not be blank");
        }
        if (!alert.visitIds().contains(visitId)) {
            throw new BadInput("visitId", visitId + " is not a candidate visit of alert " + alertId + " "
                    + alert.visitIds());
        }
        if (StoredAlert.ASSIGNED.equals(alert.action()) && visitId.equals(alert.assignedVisitId())) {
            List<Supplement> tried = ledger.supplementsOfAlert(alertId);
            Supplement last = tried.get(tried.size() - 1);
            LOG.info("alert={} visit={}: assignment repeated, answering supplement {} ({})", alertId, visitId,
                    last.supplementId(), last.status());
            return Supplement.PENDING.equals(last.status()) ? settle(last) : last;
        }
        refuseIfHandled(alert);
        Order order = ledger.orderByVisit(visitId).orElseThrow(() -> ActionRefused.conflict("visit " + visitId
                + " has no order yet: assign the item once its basket is charged"));
        if (order.status() != OrderStatus.CHARGED && order.status() != OrderStatus.PARTIALLY_REFUNDED
                && order.status() != OrderStatus.REFUNDED) {
            throw ActionRefused.conflict("order " + order.orderId() + " of visit " + visitId + " is "
                    + order.status() + ": a held item is added only to a charged order");
        }
        PricedLine priced = pricer.price(visitId, List.of(new BasketLine(alert.epc(), alert.atMillis(), null)))
                .lines().get(0);
        if (priced.flag() != null || priced.priceMinor() <= 0) {
            throw ActionRefused.conflict("alert " + alertId + ": epc " + alert.epc() + " cannot be charged ("
                    + (priced.flag() == null ? "price 0" : priced.flag()) + ")");
        }
        refuseIfSold(alertId, order, priced.epc());
        int attempt = ledger.supplementsOfAlert(alertId).size();
        String supplementId = "sup-" + UUID.nameUUIDFromBytes(("walkout-supplement:" + alertId + ":" + attempt)
                .getBytes(StandardCharsets.UTF_8));
        Supplement sup = new Supplement(supplementId, order.orderId(), alertId, priced.epc(), priced.gtin(),
                priced.name(), priced.priceMinor(), priced.vatRate(), priced.vatMinor(), alert.atMillis(),
                Supplement.PENDING, by, null, clock.millis(), null);
        boolean inserted;
        try {
            inserted = ledger.insertSupplement(sup, visitId);
        } catch (EpcRefused e) {
            LOG.warn("alert={} order={} visit={}: {}", alertId, order.orderId(), visitId, e.getMessage());
            throw ActionRefused.conflict("alert " + alertId + ": " + refusedByLedger(e) + ": it is charged once");
        }
        if (!inserted) {
            throw ActionRefused.conflict("alert " + alertId + " was handled meanwhile; reload and retry");
        }
        LOG.info("alert={} supplement={} order={} visit={} by={}: {} minor {} recorded PENDING", alertId,
                supplementId, order.orderId(), visitId, by, sup.priceMinor(), order.currency());
        return settle(sup);
    }

    /** Closes an alert nobody acted on yet as DISMISSED (nothing to charge: a false alarm). */
    public StoredAlert dismiss(String alertId, String by) {
        return close(alertId, StoredAlert.DISMISSED, by);
    }

    /** Closes an alert nobody acted on yet as RESOLVED (handled outside Walkout, e.g. at a till). */
    public StoredAlert resolve(String alertId, String by) {
        return close(alertId, StoredAlert.RESOLVED, by);
    }

    /** Called with the order id after money moved on it and the ledger committed (the receipt push). */
    public HeldItemHandler onSettled(Consumer<String> listener) {
        this.onSettled = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Asks the gateway again, with the same key, about every PENDING supplement. Returns how many settled. */
    public int resumePending() {
        int settled = 0;
        for (Supplement s : ledger.supplementsWithStatus(Supplement.PENDING, RESUME_BATCH)) {
            if (!Supplement.PENDING.equals(settle(s).status())) {
                settled++;
            }
        }
        return settled;
    }

    private StoredAlert close(String alertId, String action, String by) {
        StoredAlert alert = ledger.alert(alertId).orElseThrow(() -> ActionRefused.notFound("alert " + alertId
                + " not found"));
        refuseIfHandled(alert);
        if (!ledger.closeAlert(alertId, action, by, clock.millis())) {
            throw ActionRefused.conflict("alert " + alertId + " was handled meanwhile; reload and retry");
        }
        LOG.info("alert={} type={} epc={}: {} by {}", alertId, alert.type(), alert.epc(), action, by);
        return ledger.alert(alertId).orElseThrow();
    }

    /** An EPC is charged once: not as a second line of an order, not while an order holds it as sold. */
    private void refuseIfSold(String alertId, Order order, String epc) {
        for (OrderLine line : order.lines()) {
            if (line.epc().equals(epc)) {
                throw ActionRefused.conflict("alert " + alertId + ": epc " + epc + " is already line "
                        + line.lineNo() + " of order " + order.orderId() + " (visit " + order.visitId() + ")"
                        + (line.refunded() ? ", refunded" : "") + ": it is charged once");
            }
        }
        SoldItem sold = ledger.soldItems(List.of(epc)).get(epc);
        if (sold != null) {
            throw ActionRefused.conflict("alert " + alertId + ": epc " + epc + " was sold in " + sold.holder()
                    + " and not returned: it is charged once");
        }
    }

    /** The ledger's refusal, naming the order that holds the EPC when it still does. */
    private String refusedByLedger(EpcRefused e) {
        SoldItem holder = e.reason() == EpcRefused.Reason.SOLD ? ledger.soldItems(List.of(e.epc())).get(e.epc())
                : null;
        return holder == null ? e.getMessage()
                : "epc " + e.epc() + " was sold in " + holder.holder() + " and not returned (refused by the ledger)";
    }

    private static void refuseIfHandled(StoredAlert alert) {
        if (alert.action() != null) {
            throw ActionRefused.conflict("alert " + alert.alertId() + " was already " + alert.action() + " by "
                    + alert.actionBy() + (alert.assignedVisitId() == null ? "" : " to " + alert.assignedVisitId()));
        }
        if (alert.resolved()) {
            throw ActionRefused.conflict("alert " + alert.alertId() + " is already resolved");
        }
    }

    private Supplement settle(Supplement sup) {
        Order order = ledger.order(sup.orderId()).orElseThrow();
        String paymentMethod = ledger.customer(order.customerId()).map(Customer::paymentMethod).orElse(null);
        PaymentResult result;
        try {
            result = gateway.charge(sup.orderId(), sup.supplementId(), paymentMethod, sup.priceMinor(),
                    order.currency());
        } catch (RuntimeException e) {
            metrics.gatewayErrors.increment();
            LOG.warn("supplement={} order={} gateway={}: no answer ({}), stays PENDING for retry with the same key",
                    sup.supplementId(), sup.orderId(), gateway.name(), e.toString());
            return sup;
        }
        long nowMillis = clock.millis();
        Payment payment = new Payment(sup.orderId(), Payment.CHARGE, gateway.name(), sup.supplementId(),
                sup.priceMinor(), order.currency(), result.status().name(), result.reference(), result.reason(),
                nowMillis);
        if (result.succeeded()) {
            if (ledger.completeSupplement(sup.supplementId(), payment, nowMillis, List.of(BasketHandler.itemSold(
                    order.storeId(), sup.epc(), order.visitId(), order.orderId(), nowMillis)))) {
                metrics.supplementsCharged.increment();
                LOG.info("supplement={} order={} visit={}: CHARGED {} minor {} for held epc {} ref={}",
                        sup.supplementId(), sup.orderId(), order.visitId(), sup.priceMinor(), order.currency(),
                        sup.epc(), result.reference());
                onSettled.accept(sup.orderId());
            }
        } else if (ledger.failSupplement(sup.supplementId(), "declined: " + result.reason(), payment, nowMillis)) {
            metrics.supplementsFailed.increment();
            LOG.warn("supplement={} order={}: FAILED, gateway {} declined: {}; alert {} open again",
                    sup.supplementId(), sup.orderId(), gateway.name(), result.reason(), sup.alertId());
        }
        return ledger.supplement(sup.supplementId()).orElseThrow();
    }
}
