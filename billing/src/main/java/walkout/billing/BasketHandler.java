package walkout.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.ledger.ChargeAttempts;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.EpcRefused;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.OutboxMessage;
import walkout.billing.ledger.Payment;
import walkout.billing.ledger.SoldItem;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.payment.PaymentGateway;
import walkout.billing.payment.PaymentResult;
import walkout.billing.pricing.BasketPricer;
import walkout.billing.pricing.PricedBasket;
import walkout.billing.pricing.PricedLine;
import walkout.events.BasketClosed;
import walkout.events.ItemSold;
import walkout.events.codec.Json;
import walkout.events.topic.Topics;

/**
 * Turns one closed basket into a charged (or failed) order, exactly once per visit.
 *
 * <ol>
 *   <li>price the lines (unpriceable lines are kept, flagged, never charged);</li>
 *   <li>refuse each line whose EPC is already a line of the order (listed twice) or sold in another order and not
 *       returned ({@link BasketLines}): not priced into the order, not charged, a {@code DUPLICATE_LINE} alert;</li>
 *   <li>record order and lines as PENDING in one transaction, with those alerts, each priced line holding its EPC
 *       as sold; a line the ledger's constraints still refuse is refused the same way and the order written
 *       without it. A visit already recorded stops here (a replay), unless its order is still PENDING, which
 *       resumes the charge with the same idempotency key;</li>
 *   <li>charge through the gateway with the order id as idempotency key;</li>
 *   <li>mark CHARGED together with the payment and the item-sold outbox rows in one transaction, or FAILED.</li>
 * </ol>
 * An empty (or all-flagged, or all-refused) basket is recorded CHARGED at zero without calling the gateway; a
 * basket for a customer billing has not recorded yet waits PENDING for the customer (bounded tries, like a charge
 * that was not answered). Blocking; meant for one thread (the consumer's).
 */
public final class BasketHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BasketHandler.class);
    private static final int RESUME_BATCH = 500;
    private static final int MAX_EVIDENCE_CHARS = 8000;
    private static final long MAX_BACKOFF_MS = 3_600_000;

    /** What happened to a basket. */
    public enum Outcome {
        CHARGED,
        FAILED,
        /** The visit was recorded before: nothing done. */
        DUPLICATE,
        /**
         * Not charged yet (no answer, or a retryable decline): the order stays PENDING and is tried again after a
         * backoff, at most {@code maxChargeAttempts} times in all.
         */
        PENDING
    }

    private final BasketPricer pricer;
    private final Ledger ledger;
    private final PaymentGateway gateway;
    private final BillingMetrics metrics;
    private final Clock clock;
    private final int maxChargeAttempts;
    private final long retryBackoffMs;
    private volatile Consumer<String> onCharged = orderId -> { };

    public BasketHandler(BasketPricer pricer, Ledger ledger, PaymentGateway gateway, BillingMetrics metrics,
                         Clock clock) {
        this(pricer, ledger, gateway, metrics, clock, BillingConfig.DEFAULT_MAX_CHARGE_ATTEMPTS,
                BillingConfig.DEFAULT_CHARGE_RETRY_BACKOFF_MS);
    }

    /**
     * @param maxChargeAttempts tries (answered "not charged" or not answered) before the order is FAILED with a
     *                          CHARGE_FAILED alert to staff
     * @param retryBackoffMs    wait after the first such try; doubled after each next one, at most an hour
     */
    public BasketHandler(BasketPricer pricer, Ledger ledger, PaymentGateway gateway, BillingMetrics metrics,
                         Clock clock, int maxChargeAttempts, long retryBackoffMs) {
        this.maxChargeAttempts = maxChargeAttempts;
        this.retryBackoffMs = retryBackoffMs;
        this.pricer = Objects.requireNonNull(pricer, "pricer");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The order id of a visit: derived, so every replay and recovery uses the same idempotency key. */
    public static String orderIdFor(String storeId, String visitId) {
        UUID id = UUID.nameUUIDFromBytes(("walkout-order:" + storeId + ":" + visitId).getBytes(StandardCharsets.UTF_8));
        return "ord-" + id;
    }

    public Outcome onBasket(BasketClosed basket) {
        Optional<Order> existing = ledger.orderByVisit(basket.visitId());
        if (existing.isPresent()) {
            return onReplay(existing.get());
        }
        String orderId = orderIdFor(basket.storeId(), basket.visitId());
        PricedBasket priced = pricer.price(basket.visitId(), basket.lines());
        if (priced.flaggedCount() > 0) {
            metrics.unpricedLines.increment(priced.flaggedCount());
        }
        long nowMillis = clock.millis();
        List<String> sellable = priced.lines().stream().filter(PricedLine::priced).map(PricedLine::epc).toList();
        return record(basket, priced.currency(),
                BasketLines.screen(basket, orderId, priced.lines(), ledger.soldItems(sellable), nowMillis), nowMillis);
    }

    /**
     * Records the order with {@code lines}, then charges it. A line the ledger's constraints refuse (its EPC already
     * a line of the order, or sold and not returned: the screen missed it, or another writer took the EPC since)
     * is refused like a screened one and the order written again without it, so one line never fails a basket
     * (each round drops a line). Package-private: tests hand it unscreened lines to show the ledger refuses alone.
     */
    Outcome record(BasketClosed basket, String currency, BasketLines lines, long nowMillis) {
        String orderId = orderIdFor(basket.storeId(), basket.visitId());
        BasketLines current = lines;
        while (true) {
            Order order = order(orderId, basket, currency, current.accepted(), nowMillis);
            List<OutboxMessage> outbox = order.status() == OrderStatus.CHARGED ? itemsSold(order, nowMillis)
                    : List.of();
            try {
                if (!ledger.insertOrder(order, outbox, current.alerts())) {
                    return duplicate(basket.visitId());
                }
            } catch (EpcRefused e) {
                LOG.warn("order={} visit={} line={}: {}; writing the order without that line", orderId,
                        basket.visitId(), e.lineNo(), e.getMessage());
                SoldItem holder = e.reason() == EpcRefused.Reason.SOLD
                        ? ledger.soldItems(List.of(e.epc())).get(e.epc()) : null;
                current = current.refusedByLedger(e, holder);
                continue;
            }
            return recorded(order, current.refused());
        }
    }

    private Outcome recorded(Order order, List<BasketLines.Refused> refused) {
        for (BasketLines.Refused r : refused) {
            LOG.warn("order={} visit={} epc={}: {}; DUPLICATE_LINE alert {}", order.orderId(), order.visitId(),
                    r.line().epc(), r.reason(), r.alert().alertId());
        }
        metrics.linesRefused.increment(refused.size());
        // Nothing to charge, so nothing to wait for: a customer billing does not know yet changes nothing.
        if (order.status() == OrderStatus.CHARGED) {
            metrics.basketsCharged.increment();
            LOG.info("order={} visit={} customer={}: CHARGED 0 {} ({} lines, {} flagged, {} refused), gateway not "
                    + "called", order.orderId(), order.visitId(), order.customerId(), order.currency(),
                    order.lines().size(), order.lines().stream().filter(l -> !l.priced()).count(), refused.size());
            onCharged.accept(order.orderId());
            return Outcome.CHARGED;
        }
        Optional<Customer> customer = ledger.customer(order.customerId());
        return customer.isPresent() ? charge(order, customer.get()) : waitForCustomer(order, ChargeAttempts.NONE);
    }

    /**
     * Charges every PENDING order whose next try is due: after a crash between recording and confirming a charge
     * (same key), after no answer (same key) or a retryable decline (next key). Returns how many were settled
     * (charged or failed).
     */
    public int resumePending() {
        int settled = 0;
        for (Order order : ledger.ordersDueForCharge(clock.millis(), RESUME_BATCH)) {
            if (resume(order) != Outcome.PENDING) {
                settled++;
            }
        }
        return settled;
    }

    private Outcome onReplay(Order existing) {
        if (existing.status() == OrderStatus.PENDING) {
            LOG.info("order={} visit={}: basket replayed while PENDING, resuming the charge", existing.orderId(),
                    existing.visitId());
            return resume(existing);
        }
        return duplicate(existing.visitId());
    }

    private Outcome resume(Order order) {
        Long dueAt = ledger.chargeAttempts(order.orderId()).nextChargeAtMillis();
        if (dueAt != null && dueAt > clock.millis()) {
            return Outcome.PENDING;
        }
        Optional<Customer> customer = ledger.customer(order.customerId());
        if (customer.isEmpty()) {
            return waitForCustomer(order, ledger.chargeAttempts(order.orderId()));
        }
        return charge(order, customer.get());
    }

    /**
     * The customer's registration has not reached billing yet (it travels on another topic): the order stays
     * PENDING, the wait counts as a try, and the next one is due after the backoff, or at once when the customer
     * is recorded ({@link #onCustomerRecorded}). After the last try the order is FAILED with an alert to staff.
     */
    private Outcome waitForCustomer(Order order, ChargeAttempts tries) {
        return retryOrFail(order, tries, chargeKey(order.orderId(), tries.declines()), false, null,
                "unknown customer " + order.customerId() + ": not registered with billing (yet)");
    }

    /**
     * A customer was recorded (registered, or registered again with a new payment method): their PENDING orders
     * are tried now instead of after their backoff. Returns how many orders this settled (charged or failed).
     */
    public int onCustomerRecorded(String customerId) {
        if (ledger.makePendingOrdersDue(customerId, clock.millis()) == 0) {
            return 0;
        }
        LOG.info("customer={}: recorded, charging the orders that waited for it", customerId);
        return resumePending();
    }

    private Outcome duplicate(String visitId) {
        metrics.duplicatesIgnored.increment();
        LOG.info("visit={}: basket already recorded, replay ignored", visitId);
        return Outcome.DUPLICATE;
    }

    /**
     * Called with the order id after each order this handler records CHARGED has committed (the receipt push).
     * Runs on the charging thread; it should not throw.
     */
    public BasketHandler onCharged(Consumer<String> listener) {
        this.onCharged = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The idempotency key of a basket's charge: the order id, then a new one after each retryable decline. */
    public static String chargeKey(String orderId, int declines) {
        return declines == 0 ? orderId : orderId + "-r" + declines;
    }

    private Outcome charge(Order order, Customer customer) {
        ChargeAttempts tries = ledger.chargeAttempts(order.orderId());
        String key = chargeKey(order.orderId(), tries.declines());
        long startNanos = System.nanoTime();
        PaymentResult result;
        try {
            result = gateway.charge(order.orderId(), key, customer.paymentMethod(), order.totalMinor(),
                    order.currency());
        } catch (RuntimeException e) {
            metrics.gatewayErrors.increment();
            LOG.warn("order={} visit={} gateway={} key={}: no answer ({})", order.orderId(), order.visitId(),
                    gateway.name(), key, e.toString());
            return retryOrFail(order, tries, key, false, null, "no answer from " + gateway.name() + " (" + e
                    + "): the charge with key " + key + " may or may not have happened, check the gateway");
        } finally {
            metrics.chargeLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
        long nowMillis = clock.millis();
        Payment payment = new Payment(order.orderId(), Payment.CHARGE, gateway.name(), key, order.totalMinor(),
                order.currency(), result.status().name(), result.reference(), result.reason(), nowMillis);
        switch (result.status()) {
            case SUCCEEDED:
                if (ledger.markCharged(order.orderId(), payment, nowMillis, itemsSold(order, nowMillis))) {
                    metrics.basketsCharged.increment();
                    LOG.info("order={} visit={} customer={}: CHARGED {} minor {} ref={} key={}", order.orderId(),
                            order.visitId(), order.customerId(), order.totalMinor(), order.currency(),
                            result.reference(), key);
                    onCharged.accept(order.orderId());
                    return Outcome.CHARGED;
                }
                return duplicate(order.visitId());
            case RETRYABLE:
                return retryOrFail(order, tries, key, true, payment, "declined: " + result.reason());
            default:
                if (ledger.markFailed(order.orderId(), "declined: " + result.reason(), payment)) {
                    metrics.chargeFailures.increment();
                    LOG.warn("order={} visit={} customer={}: FAILED, gateway {} declined {} minor {}: {}",
                            order.orderId(), order.visitId(), order.customerId(), gateway.name(), order.totalMinor(),
                            order.currency(), result.reason());
                    return Outcome.FAILED;
                }
                return duplicate(order.visitId());
        }
    }

    /**
     * A try that did not charge: PENDING again with the next try after a backoff, or FAILED with a CHARGE_FAILED
     * alert to staff once {@code maxChargeAttempts} tries were made.
     */
    private Outcome retryOrFail(Order order, ChargeAttempts tries, String key, boolean declined, Payment payment,
                                String reason) {
        int attempts = tries.attempts() + 1;
        long nowMillis = clock.millis();
        if (attempts >= maxChargeAttempts) {
            String why = reason + " (" + attempts + " tries)";
            if (ledger.markFailed(order.orderId(), why, payment, StoredAlert.chargeFailed(order, why, nowMillis))) {
                metrics.chargeFailures.increment();
                LOG.warn("order={} visit={} customer={}: FAILED after {} tries, alert raised for staff: {}",
                        order.orderId(), order.visitId(), order.customerId(), attempts, why);
                return Outcome.FAILED;
            }
            return duplicate(order.visitId());
        }
        long backoffMs = Math.min(MAX_BACKOFF_MS, retryBackoffMs * (1L << Math.min(attempts - 1, 20)));
        if (ledger.recordChargeRetry(order.orderId(), declined, nowMillis + backoffMs, payment)) {
            LOG.warn("order={} visit={} key={}: not charged ({}), try {} of {}, next in {} ms{}", order.orderId(),
                    order.visitId(), key, reason, attempts, maxChargeAttempts, backoffMs,
                    declined ? " with a new key" : " with the same key");
        }
        return Outcome.PENDING;
    }

    /** The order of {@code priced}: PENDING, or CHARGED at once when there is nothing to charge. */
    private static Order order(String orderId, BasketClosed basket, String currency, List<PricedLine> priced,
                               long nowMillis) {
        List<OrderLine> lines = new ArrayList<>(priced.size());
        long totalMinor = 0;
        for (PricedLine p : priced) {
            lines.add(new OrderLine(lines.size() + 1, p.epc(), p.gtin(), p.name(), p.priceMinor(), p.vatRate(),
                    p.vatMinor(), p.flag() == null ? null : p.flag().name(), p.exitedAtMillis(), evidenceJson(p)));
            if (p.priced()) {
                totalMinor = Math.addExact(totalMinor, p.priceMinor());
            }
        }
        boolean nothingToCharge = totalMinor == 0;
        return new Order(orderId, basket.storeId(), basket.visitId(), basket.customerId(),
                nothingToCharge ? OrderStatus.CHARGED : OrderStatus.PENDING, currency, totalMinor, null,
                basket.exitedAtMillis(), basket.closedAtMillis(), nowMillis, nothingToCharge ? nowMillis : null, lines,
                null);
    }

    private static String evidenceJson(PricedLine line) {
        if (line.evidence() == null) {
            return null;
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(line.evidence());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write evidence of " + line.epc() + " as JSON", e);
        }
        if (json.length() > MAX_EVIDENCE_CHARS) {
            // Cutting JSON would corrupt it; the line is charged either way, the explanation is what is lost.
            LOG.warn("epc={}: evidence is {} characters, more than the ledger keeps ({}), not stored", line.epc(),
                    json.length(), MAX_EVIDENCE_CHARS);
            return null;
        }
        return json;
    }

    /** One item-sold message per charged line: flagged lines were not sold. */
    static List<OutboxMessage> itemsSold(Order order, long atMillis) {
        List<OutboxMessage> out = new ArrayList<>();
        for (OrderLine line : order.lines()) {
            if (!line.priced()) {
                continue;
            }
            out.add(itemSold(order.storeId(), line.epc(), order.visitId(), order.orderId(), atMillis));
        }
        return out;
    }

    /** The outbox row announcing that one EPC was sold (tracking marks it sold). */
    static OutboxMessage itemSold(String storeId, String epc, String visitId, String orderId, long atMillis) {
        return OutboxMessage.event(Topics.ITEMS_SOLD, storeId, new ItemSold(storeId, epc, visitId, orderId, atMillis),
                atMillis);
    }
}
