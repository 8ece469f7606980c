package walkout.billing;

import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.StoredAlert;
import walkout.events.AlertRaised;
import walkout.events.AlertType;
import walkout.events.BasketClosed;
import walkout.events.CustomerRegistered;
import walkout.events.Epc;
import walkout.events.codec.Sgtin96Decoder;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;

/**
 * Does the ledger work for one consumed record: customers are upserted (and their orders waiting for them charged),
 * baskets go to the {@link BasketHandler},
 * alerts are inserted once. A record that does not deserialize is logged in one line, counted and skipped (a
 * poison record must not stop billing). Database failures propagate: the consumer retries the record.
 * Blocking; one thread.
 */
public final class RecordDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RecordDispatcher.class);

    private final Ledger ledger;
    private final BasketHandler baskets;
    private final BillingMetrics metrics;
    private final Clock clock;
    private final Sgtin96Decoder decoder = new Sgtin96Decoder();

    public RecordDispatcher(Ledger ledger, BasketHandler baskets, BillingMetrics metrics, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.baskets = Objects.requireNonNull(baskets, "baskets");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Handles every record at once, as if customers were always caught up. */
    public void dispatch(ConsumerRecord<String, byte[]> record) {
        dispatch(record, () -> true);
    }

    /**
     * Handles one record. Returns false, having written nothing, for a basket whose customer is not recorded yet
     * while {@code customersCaughtUp} says the customers topic still has unread records: the customer is probably
     * among them (after a restart baskets and customers arrive together), so the caller retries the basket later
     * instead of failing it.
     */
    public boolean dispatch(ConsumerRecord<String, byte[]> record, BooleanSupplier customersCaughtUp) {
        String topic = record.topic();
        if (topic.equals(Topics.CUSTOMERS.name())) {
            CustomerRegistered c = decode(Topics.CUSTOMERS, record);
            if (c != null) {
                onCustomer(record, c);
            }
        } else if (topic.equals(Topics.BASKETS.name())) {
            BasketClosed b = decode(Topics.BASKETS, record);
            if (b != null && valid(record, b)) {
                if (ledger.customer(b.customerId()).isEmpty() && !customersCaughtUp.getAsBoolean()) {
                    LOG.info("visit={} customer={}: customer not recorded yet and customers topic not caught up, "
                            + "basket deferred", b.visitId(), b.customerId());
                    return false;
                }
                baskets.onBasket(b);
            }
        } else if (topic.equals(Topics.ALERTS.name())) {
            AlertRaised a = decode(Topics.ALERTS, record);
            if (a != null) {
                onAlert(record, a);
            }
        } else {
            LOG.warn("topic={} partition={} offset={}: not a billing topic, skipped", topic, record.partition(),
                    record.offset());
        }
        return true;
    }

    private void onCustomer(ConsumerRecord<String, byte[]> record, CustomerRegistered c) {
        String storeId = c.storeId() != null ? c.storeId() : record.key();
        if (!id(c.customerId()) || !id(storeId) || (c.paymentMethod() != null && c.paymentMethod().length() > 200)) {
            skip(record, "customer needs customerId and storeId (1-64 characters), paymentMethod up to 200");
            return;
        }
        long at = c.atMillis() > 0 ? c.atMillis() : clock.millis();
        ledger.upsertCustomer(new Customer(c.customerId(), storeId, cut(c.name() == null ? "" : c.name(), 200),
                c.paymentMethod() == null ? "" : c.paymentMethod(), at));
        metrics.customersRecorded.increment();
        baskets.onCustomerRecorded(c.customerId());
    }

    /**
     * Refuses what the ledger could never store, so a bad record is skipped once instead of failing (and being
     * retried) forever.
     */
    private boolean valid(ConsumerRecord<String, byte[]> record, BasketClosed b) {
        if (!id(b.storeId()) || !id(b.visitId()) || !id(b.customerId())) {
            skip(record, "basket needs storeId, visitId and customerId (1-64 characters)");
            return false;
        }
        return true;
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        metrics.undecodableRecords.increment();
        LOG.warn("topic={} partition={} offset={}: {}, skipped", record.topic(), record.partition(), record.offset(),
                why);
    }

    /** Jackson's messages span lines (source excerpt, location): one log line per bad record. */
    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean id(String s) {
        return s != null && !s.isBlank() && s.length() <= 64;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private void onAlert(ConsumerRecord<String, byte[]> record, AlertRaised a) {
        String storeId = a.storeId() != null ? a.storeId() : record.key();
        // A timed-out visit is about a visit, not an item: it alone may come without an EPC.
        boolean aboutAVisit = a.type() == AlertType.VISIT_TIMED_OUT && a.epc() == null && !a.visitIds().isEmpty();
        if (!id(a.alertId()) || !id(storeId) || a.type() == null || !(aboutAVisit || Epc.isHex96(a.epc()))
                || String.join(",", a.visitIds()).length() > 2000) {
            skip(record, "alert " + a.alertId() + " needs alertId and storeId (1-64 characters), type, a 96-bit hex "
                    + "epc (got " + a.epc() + ", none only for VISIT_TIMED_OUT) and visitIds up to 2000 characters "
                    + "joined");
            return;
        }
        String epc = aboutAVisit ? null : a.epc().toUpperCase(java.util.Locale.ROOT);
        String gtin = epc == null ? null : decoder.gtinOf(epc);
        boolean inserted = ledger.insertAlert(new StoredAlert(a.alertId(), storeId, a.type().name(), epc, gtin,
                a.visitIds(), a.atMillis(), false));
        if (inserted) {
            metrics.alertsRecorded.increment();
        }
    }

    private <V> V decode(Topic<V> topic, ConsumerRecord<String, byte[]> record) {
        try {
            V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (value == null) {
                metrics.undecodableRecords.increment();
                LOG.warn("topic={} partition={} offset={}: empty record, skipped", record.topic(), record.partition(),
                        record.offset());
            }
            return value;
        } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
            // Records' compact constructors throw IAE/NPE on missing fields: the same poison, the same treatment.
            metrics.undecodableRecords.increment();
            LOG.warn("topic={} partition={} offset={}: undecodable {}, skipped: {}", record.topic(),
                    record.partition(), record.offset(), topic.valueType().getSimpleName(), oneLine(e.getMessage()));
            return null;
        }
    }
}
