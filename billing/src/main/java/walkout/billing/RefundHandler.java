package walkout.billing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.OutboxMessage;
import walkout.billing.ledger.Payment;
import walkout.billing.ledger.Refund;
import walkout.billing.payment.PaymentGateway;
import walkout.billing.payment.PaymentResult;
import walkout.events.BadInput;
import walkout.events.ItemReturned;
import walkout.events.topic.Topics;

/**
 * Refunds lines of a charged order, exactly once per refund id:
 *
 * <ol>
 *   <li>check the order (CHARGED or PARTIALLY_REFUNDED, within the refund window) and the EPCs (each a charged,
 *       not yet refunded line of this order);</li>
 *   <li>record the refund PENDING and claim its lines in one transaction, before the gateway is called;</li>
 *   <li>refund through the gateway with the refund id as idempotency key;</li>
 *   <li>record SUCCEEDED (lines stamped refunded, order REFUNDED or PARTIALLY_REFUNDED, payment row, one
 *       {@code ItemReturned} outbox row per line, so tracking puts the EPC back in stock) or FAILED
 *       (lines released) in one transaction. No answer leaves it PENDING; {@link #resumePending()} asks again with
 *       the same key.</li>
 * </ol>
 * The refund id comes from the caller's idempotency key when given, else from the order, the EPCs and the number
 * of failed refunds before: a retried request is the same refund, a retry after a decline is a new one.
 * Blocking: call from a worker thread.
 */
public final class RefundHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RefundHandler.class);
    private static final int RESUME_BATCH = 200;

    private final Ledger ledger;
    private final PaymentGateway gateway;
    private final BillingMetrics metrics;
    private final Clock clock;
    private volatile Consumer<String> onSettled = orderId -> { };
    private final long refundWindowMs;

    public RefundHandler(Ledger ledger, PaymentGateway gateway, BillingMetrics metrics, Clock clock,
                         long refundWindowMs) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refundWindowMs = refundWindowMs;
    }

    /**
     * Refunds the lines {@code epcs} of an order and returns the refund as recorded (status SUCCEEDED, FAILED, or
     * PENDING when the gateway gave no answer). A request with an idempotency key (or the same EPCs) already
     * recorded returns that refund.
     *
     * @param clientKey the caller's {@code Idempotency-Key}, or null
     * @throws BadInput      naming {@code epcs} when the list is empty, repeats an EPC, or names one that is not a
     *                       charged line of the order or is already refunded
     * @throws ActionRefused 404 for an unknown order, 409 when it cannot be refunded (status, window, a refund of
     *                       these lines in progress)
     */
    public Refund refund(String orderId, List<String> epcs, String by, String clientKey) {
        Order order = ledger.order(orderId).orElseThrow(() -> ActionRefused.notFound("order " + orderId
                + " not found"));
        List<String> wanted = normalize(epcs);
        String refundId = refundId(order, wanted, clientKey);
        Optional<Refund> existing = ledger.refund(refundId);
        if (existing.isPresent()) {
            Refund r = existing.get();
            LOG.info("refund={} order={}: request repeated, answering the recorded refund ({})", refundId, orderId,
                    r.status());
            return Refund.PENDING.equals(r.status()) ? settle(r) : r;
        }
        if (order.status() == OrderStatus.PENDING || order.status() == OrderStatus.FAILED) {
            throw ActionRefused.conflict("order " + orderId + " is " + order.status()
                    + ": only a charged order can be refunded");
        }
        long nowMillis = clock.millis();
        long chargedAt = order.chargedAtMillis() == null ? order.createdAtMillis() : order.chargedAtMillis();
        if (nowMillis > chargedAt + refundWindowMs) {
            throw ActionRefused.conflict("order " + orderId + ": the refund window of "
                    + Duration.ofMillis(refundWindowMs) + " closed at "
                    + Instant.ofEpochMilli(chargedAt + refundWindowMs));
        }
        Map<String, OrderLine> lines = order.lines().stream()
                .filter(OrderLine::priced)
                .collect(Collectors.toMap(OrderLine::epc, Function.identity(), (a, b) -> a));
        long amountMinor = 0;
        OrderLine first = null;
        for (String epc : wanted) {
            OrderLine line = lines.get(epc);
            if (line == null) {
                throw new BadInput("epcs", epc + " is not a charged line of order " + orderId);
            }
            if (line.refunded()) {
                throw new BadInput("epcs", epc + " was already refunded at "
                        + Instant.ofEpochMilli(line.refundedAtMillis()));
            }
            if (first == null) {
                first = line;
            } else if (!Objects.equals(first.supplementId(), line.supplementId())) {
                throw new BadInput("epcs", epc + " and " + first.epc() + " were paid by different charges ("
                        + chargeName(line) + ", " + chargeName(first) + "): refund them in separate requests");
            }
            amountMinor += line.priceMinor();
        }
        if (!Ledger.refundable(order.status())) {
            throw ActionRefused.conflict("order " + orderId + " is " + order.status() + ": nothing left to refund");
        }
        if (amountMinor <= 0) {
            throw new BadInput("epcs", "the lines listed were charged 0: nothing to refund");
        }
        Refund refund = new Refund(refundId, orderId, amountMinor, order.currency(), Refund.PENDING, by, null,
                nowMillis, null, wanted);
        if (!ledger.insertRefund(refund)) {
            throw ActionRefused.conflict("order " + orderId + ": a refund of these lines is in progress or the order "
                    + "changed meanwhile; check the order and retry");
        }
        LOG.info("refund={} order={} by={}: {} minor {} for {} lines recorded PENDING", refundId, orderId, by,
                amountMinor, order.currency(), wanted.size());
        return settle(refund);
    }

    /** Called with the order id after money moved on it and the ledger committed (the receipt push). */
    public RefundHandler onSettled(Consumer<String> listener) {
        this.onSettled = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Asks the gateway again, with the same key, about every PENDING refund. Returns how many were settled. */
    public int resumePending() {
        int settled = 0;
        for (Refund r : ledger.refundsWithStatus(Refund.PENDING, RESUME_BATCH)) {
            if (!Refund.PENDING.equals(settle(r).status())) {
                settled++;
            }
        }
        return settled;
    }

    private Refund settle(Refund refund) {
        Order order = ledger.order(refund.orderId()).orElseThrow();
        String chargeReference = chargeReference(order, refund);
        PaymentResult result;
        try {
            result = gateway.refund(refund.orderId(), refund.refundId(), chargeReference, refund.amountMinor(),
                    refund.currency());
        } catch (RuntimeException e) {
            metrics.gatewayErrors.increment();
            LOG.warn("refund={} order={} gateway={}: no answer ({}), stays PENDING for retry with the same key",
                    refund.refundId(), refund.orderId(), gateway.name(), e.toString());
            return refund;
        }
        long nowMillis = clock.millis();
        Payment payment = new Payment(refund.orderId(), Payment.REFUND, gateway.name(), refund.refundId(),
                refund.amountMinor(), refund.currency(), result.status().name(), result.reference(), result.reason(),
                nowMillis);
        if (result.succeeded()) {
            if (ledger.completeRefund(refund.refundId(), payment, nowMillis,
                    itemsReturned(order.storeId(), refund, nowMillis))) {
                metrics.refundsSucceeded.increment();
                LOG.info("refund={} order={}: SUCCEEDED {} minor {} ref={}", refund.refundId(), refund.orderId(),
                        refund.amountMinor(), refund.currency(), result.reference());
                onSettled.accept(refund.orderId());
            }
        } else if (ledger.failRefund(refund.refundId(), "declined: " + result.reason(), payment, nowMillis)) {
            metrics.refundsFailed.increment();
            LOG.warn("refund={} order={}: FAILED, gateway {} declined: {}", refund.refundId(), refund.orderId(),
                    gateway.name(), result.reason());
        }
        return ledger.refund(refund.refundId()).orElseThrow();
    }

    /**
     * The gateway reference of the charge that paid for the refund's lines: the basket's charge, or for a held item
     * charged later, its supplement's own charge (a refund never spans both, see {@link #refund}).
     */
    private String chargeReference(Order order, Refund refund) {
        String supplementId = order.lines().stream()
                .filter(line -> refund.epcs().contains(line.epc()))
                .map(OrderLine::supplementId)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (supplementId == null) {
            return order.paymentReference();
        }
        return ledger.payment(supplementId).map(Payment::reference).orElse(null);
    }

    private static String chargeName(OrderLine line) {
        return line.supplementId() == null ? "the basket's charge" : "held item charge " + line.supplementId();
    }

    /** One item-returned message per refunded line: tracking puts the EPC back in stock when a shelf reads it. */
    private static List<OutboxMessage> itemsReturned(String storeId, Refund refund, long atMillis) {
        List<OutboxMessage> out = new ArrayList<>(refund.epcs().size());
        for (String epc : refund.epcs()) {
            out.add(OutboxMessage.event(Topics.ITEMS_RETURNED, storeId,
                    new ItemReturned(storeId, epc, refund.orderId(), refund.refundId(), atMillis), atMillis));
        }
        return out;
    }

    private String refundId(Order order, List<String> epcs, String clientKey) {
        String seed;
        if (clientKey != null && !clientKey.isBlank()) {
            seed = "key:" + clientKey.trim();
        } else {
            long failedBefore = ledger.refunds(order.orderId()).stream()
                    .filter(r -> Refund.FAILED.equals(r.status()))
                    .count();
            seed = "epcs:" + String.join(",", epcs.stream().sorted().toList()) + ":after-failed:" + failedBefore;
        }
        UUID id = UUID.nameUUIDFromBytes(("walkout-refund:" + order.orderId() + ":" + seed)
                .getBytes(StandardCharsets.UTF_8));
        return "rfd-" + id;
    }

    private static List<String> normalize(List<String> epcs) {
        if (epcs == null || epcs.isEmpty()) {
            throw new BadInput("epcs", "must list at least one EPC");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String epc : epcs) {
            if (epc == null || epc.isBlank()) {
                throw new BadInput("epcs", "must not contain an empty EPC");
            }
            if (!out.add(epc.trim().toUpperCase(Locale.ROOT))) {
                throw new BadInput("epcs", epc + " is listed twice");
            }
        }
        return new ArrayList<>(out);
    }
}
