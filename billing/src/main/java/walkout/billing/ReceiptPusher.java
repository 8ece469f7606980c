package walkout.billing;

import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.ledger.Ledger;
import walkout.billing.receipt.Receipt;
import walkout.billing.receipt.ReceiptFeed;

/**
 * Told the id of an order whose money just moved (charged, held item added, refunded), after the commit: reads the
 * order back and pushes its receipt to the customer's listening devices. A failure here is logged and counted,
 * never passed on: the charge is recorded and the receipt stays readable over HTTP.
 */
final class ReceiptPusher implements Consumer<String> {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptPusher.class);

    private final Ledger ledger;
    private final ReceiptFeed feed;
    private final BillingMetrics metrics;

    ReceiptPusher(Ledger ledger, ReceiptFeed feed, BillingMetrics metrics) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void accept(String orderId) {
        if (feed.devices() == 0) {
            return;
        }
        try {
            ledger.order(orderId)
                    .filter(o -> Receipt.issuedFor(o.status()) && feed.listening(o.customerId()))
                    .ifPresent(o -> {
                        int devices = feed.publish(o.customerId(), BillingRoutes.receiptJson(Receipt.of(o)));
                        metrics.receiptsPushed.increment(devices);
                    });
        } catch (RuntimeException e) {
            metrics.receiptPushFailures.increment();
            LOG.warn("order={}: receipt not pushed ({}); it stays readable at /v1/visits/<visit>/receipt", orderId,
                    e.toString());
        }
    }
}
