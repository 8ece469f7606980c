package walkout.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Billing's meters, all named {@code walkout.billing.*}. Thread-safe. */
public final class BillingMetrics {
    final Counter basketsCharged;
    final Counter chargeFailures;
    final Counter duplicatesIgnored;
    final Counter gatewayErrors;
    final Counter unpricedLines;
    final Counter linesRefused;
    final Counter undecodableRecords;
    final Counter recordFailures;
    final Counter alertsRecorded;
    final Counter customersRecorded;
    final Counter outboxSent;
    final Counter outboxFailures;
    final Timer chargeLatency;
    final Counter refundsSucceeded;
    final Counter refundsFailed;
    final Counter supplementsCharged;
    final Counter supplementsFailed;
    final Counter receiptsPushed;
    final Counter receiptPushFailures;

    public BillingMetrics(MeterRegistry registry) {
        basketsCharged = Counter.builder("walkout.billing.baskets.charged")
                .description("baskets recorded CHARGED (zero baskets included)").register(registry);
        chargeFailures = Counter.builder("walkout.billing.charge.failures")
                .description("baskets recorded FAILED (declined or unknown customer)").register(registry);
        duplicatesIgnored = Counter.builder("walkout.billing.duplicates.ignored")
                .description("baskets for a visit already recorded").register(registry);
        gatewayErrors = Counter.builder("walkout.billing.gateway.errors")
                .description("charges with no answer from the gateway, left PENDING for retry").register(registry);
        unpricedLines = Counter.builder("walkout.billing.lines.unpriced")
                .description("basket lines flagged: not SGTIN-96, unknown GTIN or wrong currency").register(registry);
        linesRefused = Counter.builder("walkout.billing.lines.refused")
                .description("basket lines refused, not charged: EPC already a line of the order, or sold and not "
                        + "returned (DUPLICATE_LINE alert)").register(registry);
        undecodableRecords = Counter.builder("walkout.billing.records.undecodable")
                .description("Kafka records that did not deserialize, skipped").register(registry);
        recordFailures = Counter.builder("walkout.billing.records.failed")
                .description("Kafka records whose processing failed and will be retried").register(registry);
        alertsRecorded = Counter.builder("walkout.billing.alerts.recorded").register(registry);
        customersRecorded = Counter.builder("walkout.billing.customers.recorded").register(registry);
        outboxSent = Counter.builder("walkout.billing.outbox.sent").register(registry);
        outboxFailures = Counter.builder("walkout.billing.outbox.failures").register(registry);
        chargeLatency = Timer.builder("walkout.billing.charge.latency")
                .description("time spent in the payment gateway per charge").register(registry);
        refundsSucceeded = Counter.builder("walkout.billing.refunds.succeeded").register(registry);
        refundsFailed = Counter.builder("walkout.billing.refunds.failed")
                .description("refunds the gateway declined").register(registry);
        supplementsCharged = Counter.builder("walkout.billing.supplements.charged")
                .description("held items charged to the visit staff assigned them to").register(registry);
        supplementsFailed = Counter.builder("walkout.billing.supplements.failed")
                .description("held items whose charge was declined").register(registry);
        receiptsPushed = Counter.builder("walkout.billing.receipts.pushed")
                .description("receipts sent to listening devices (one per device)").register(registry);
        receiptPushFailures = Counter.builder("walkout.billing.receipts.push.failures").register(registry);
    }
}
