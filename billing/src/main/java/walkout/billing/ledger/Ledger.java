package walkout.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The billing ledger over JDBC: customers, orders and their lines, payments, alerts and the outbox. Every method
 * is one transaction and blocks: call it from a worker or the consumer thread, never from an event loop.
 * Thread-safe as far as the database is (each call takes its own connection).
 *
 * <p>Runs on H2 ({@code jdbc:h2:...}) and PostgreSQL ({@code jdbc:postgresql:...}), both pooled with H2's
 * {@link JdbcConnectionPool} (at most {@value #POOL_MAX_CONNECTIONS} connections); the schema comes from the
 * Flyway migrations in {@code db/migration}.
 */
public final class Ledger implements AutoCloseable {
    /** SQLSTATE for a unique or primary key violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";
    /** Billing has one consumer thread plus HTTP workers: a handful of connections is plenty. */
    public static final int POOL_MAX_CONNECTIONS = 8;
    private static final String ORDER_COLUMNS = "o.order_id, o.store_id, o.visit_id, o.customer_id, o.status, "
            + "o.currency, o.total_minor, o.failure_reason, o.exited_at_millis, o.closed_at_millis, "
            + "o.created_at_millis, o.charged_at_millis";

    private final DataSource dataSource;
    private final AutoCloseable owned;

    /** A ledger over a data source the caller owns and closes. */
    public Ledger(DataSource dataSource) {
        this(dataSource, null);
    }

    private Ledger(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.owned = owned;
    }

    /** A ledger owning a data source for {@code jdbcUrl}; {@link #close()} releases it. Does not connect yet. */
    public static Ledger open(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(durableH2(jdbcUrl), "sa", "");
            pool.setMaxConnections(POOL_MAX_CONNECTIONS);
            return new Ledger(pool, pool::dispose);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // H2's small pool works over any ConnectionPoolDataSource: no extra pool library for PostgreSQL.
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(jdbcUrl);
            JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
            pool.setMaxConnections(POOL_MAX_CONNECTIONS);
            return new Ledger(pool, pool::dispose);
        }
        throw new IllegalArgumentException("jdbcUrl=" + jdbcUrl + " must start with jdbc:h2: or jdbc:postgresql:");
    }

    /**
     * The H2 settings a ledger needs, added unless the URL sets them. WRITE_DELAY=0: H2 otherwise writes committed
     * transactions to its file up to 500 ms later, and a process killed in that window loses commits it already
     * answered for (CrashRecoveryIT caught it). DB_CLOSE_ON_EXIT=FALSE: H2's own JVM shutdown hook would otherwise
     * close the database under billing while billing is still stopping; {@link #close()} closes it instead.
     */
    static String durableH2(String jdbcUrl) {
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        String url = upper.contains(";WRITE_DELAY=") ? jdbcUrl : jdbcUrl + ";WRITE_DELAY=0";
        return upper.contains(";DB_CLOSE_ON_EXIT=") ? url : url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Applies pending migrations. Returns how many ran. */
    public int migrate() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /** True when a connection can be had and answers within two seconds. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    // ---- customers ----

    /** Inserts the customer or replaces name and payment method of an existing one. */
    public void upsertCustomer(Customer customer) {
        inTransaction("upsert customer " + customer.customerId(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE customers SET store_id = ?, name = ?, "
                    + "payment_method = ?, registered_at_millis = ? WHERE customer_id = ?")) {
                update.setString(1, customer.storeId());
                update.setString(2, customer.name());
                update.setString(3, customer.paymentMethod());
                update.setLong(4, customer.registeredAtMillis());
                update.setString(5, customer.customerId());
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO customers (customer_id, store_id, name, "
                    + "payment_method, registered_at_millis) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, customer.customerId());
                insert.setString(2, customer.storeId());
                insert.setString(3, customer.name());
                insert.setString(4, customer.paymentMethod());
                insert.setLong(5, customer.registeredAtMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Customer> customer(String customerId) {
        return inTransaction("read customer " + customerId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT customer_id, store_id, name, payment_method, "
                    + "registered_at_millis FROM customers WHERE customer_id = ?")) {
                s.setString(1, customerId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Customer(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5)))
                            : Optional.empty();
                }
            }
        });
    }

    // ---- orders ----

    /**
     * Records a new order with its lines and, in the same transaction, the outbox messages given (for an order
     * that is final at once, such as an empty basket). Returns false, writing nothing, when the visit already
     * has an order: the replay case.
     *
     * @throws EpcRefused as {@link #insertOrder(Order, List, List)}
     */
    public boolean insertOrder(Order order, List<OutboxMessage> outbox) {
        return insertOrder(order, outbox, List.of());
    }

    /**
     * Records a new order with its lines, each priced line holding its EPC as sold ({@code sold_items}), and the
     * outbox messages and alerts given (an alert id already recorded is kept as it is), in one transaction.
     * Returns false, writing nothing, when the visit already has an order: the replay case.
     *
     * @throws EpcRefused writing nothing, when a line's EPC is already a line of the order or held by an order
     */
    public boolean insertOrder(Order order, List<OutboxMessage> outbox, List<StoredAlert> alerts) {
        try {
            return inTransaction("insert order " + order.orderId() + " visit " + order.visitId(), c -> {
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM orders WHERE visit_id = ?")) {
                    exists.setString(1, order.visitId());
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO orders (order_id, store_id, visit_id, "
                        + "customer_id, status, currency, total_minor, failure_reason, exited_at_millis, "
                        + "closed_at_millis, created_at_millis, charged_at_millis) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, order.orderId());
                    s.setString(2, order.storeId());
                    s.setString(3, order.visitId());
                    s.setString(4, order.customerId());
                    s.setString(5, order.status().name());
                    s.setString(6, order.currency());
                    s.setLong(7, order.totalMinor());
                    s.setString(8, order.failureReason());
                    s.setLong(9, order.exitedAtMillis());
                    s.setLong(10, order.closedAtMillis());
                    s.setLong(11, order.createdAtMillis());
                    setNullableLong(s, 12, order.chargedAtMillis());
                    s.executeUpdate();
                }
                insertLines(c, order);
                insertOutbox(c, outbox);
                for (StoredAlert alert : alerts) {
                    insertAlertIfAbsent(c, alert);
                }
                return true;
            });
        } catch (LedgerException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * PENDING -> CHARGED: stamps the charge time, records the payment (kept as is when its idempotency key is
     * already there) and writes the outbox messages, all in one transaction. Returns false, writing nothing,
     * when the order is not PENDING.
     */
    public boolean markCharged(String orderId, Payment payment, long chargedAtMillis, List<OutboxMessage> outbox) {
        return inTransaction("mark order " + orderId + " charged", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE orders SET status = ?, charged_at_millis = ?, "
                    + "failure_reason = NULL WHERE order_id = ? AND status = ?")) {
                s.setString(1, OrderStatus.CHARGED.name());
                s.setLong(2, chargedAtMillis);
                s.setString(3, orderId);
                s.setString(4, OrderStatus.PENDING.name());
                if (s.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
            }
            insertPaymentIfAbsent(c, payment);
            insertOutbox(c, outbox);
            return true;
        });
    }

    /**
     * PENDING -> FAILED with a reason, freeing the order's EPCs (nothing was sold); records the payment when given.
     * Returns false when not PENDING.
     */
    public boolean markFailed(String orderId, String reason, Payment paymentOrNull) {
        return markFailed(orderId, reason, paymentOrNull, null);
    }

    /**
     * PENDING -> FAILED with a reason, freeing the order's EPCs, recording the payment and raising the alert when
     * given, in one transaction. Returns false, writing nothing, when not PENDING.
     */
    public boolean markFailed(String orderId, String reason, Payment paymentOrNull, StoredAlert alertOrNull) {
        return inTransaction("mark order " + orderId + " failed", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE orders SET status = ?, failure_reason = ? "
                    + "WHERE order_id = ? AND status = ?")) {
                s.setString(1, OrderStatus.FAILED.name());
                s.setString(2, truncate(reason, 500));
                s.setString(3, orderId);
                s.setString(4, OrderStatus.PENDING.name());
                if (s.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
            }
            SoldItems.releaseOrder(c, orderId);
            if (paymentOrNull != null) {
                insertPaymentIfAbsent(c, paymentOrNull);
            }
            if (alertOrNull != null) {
                insertAlertRow(c, alertOrNull);
            }
            return true;
        });
    }

    /** How often a PENDING order's charge was tried without a charge; {@link ChargeAttempts#NONE} if unknown. */
    public ChargeAttempts chargeAttempts(String orderId) {
        return inTransaction("read charge attempts of " + orderId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT charge_attempts, charge_declines, "
                    + "next_charge_at_millis FROM orders WHERE order_id = ?")) {
                s.setString(1, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new ChargeAttempts(rs.getInt(1), rs.getInt(2), nullableLong(rs, 3))
                            : ChargeAttempts.NONE;
                }
            }
        });
    }

    /**
     * Counts a try that did not charge a PENDING order ({@code declined}: the gateway answered, so the next try
     * uses a new key) and sets when the next is due; records the attempt's payment row when given. Returns false,
     * writing nothing, when the order is not PENDING.
     */
    public boolean recordChargeRetry(String orderId, boolean declined, long nextChargeAtMillis,
                                     Payment paymentOrNull) {
        return inTransaction("record charge retry of " + orderId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE orders SET charge_attempts = charge_attempts + 1, "
                    + "charge_declines = charge_declines + ?, next_charge_at_millis = ? "
                    + "WHERE order_id = ? AND status = ?")) {
                s.setInt(1, declined ? 1 : 0);
                s.setLong(2, nextChargeAtMillis);
                s.setString(3, orderId);
                s.setString(4, OrderStatus.PENDING.name());
                if (s.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
            }
            if (paymentOrNull != null) {
                insertPaymentIfAbsent(c, paymentOrNull);
            }
            return true;
        });
    }

    /** Makes every PENDING order of the customer due at {@code nowMillis}. Returns how many there are. */
    public int makePendingOrdersDue(String customerId, long nowMillis) {
        return inTransaction("make orders of " + customerId + " due", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE orders SET next_charge_at_millis = ? "
                    + "WHERE customer_id = ? AND status = ?")) {
                s.setLong(1, nowMillis);
                s.setString(2, customerId);
                s.setString(3, OrderStatus.PENDING.name());
                return s.executeUpdate();
            }
        });
    }

    /** PENDING orders whose next charge try is due at {@code nowMillis}, oldest first. */
    public List<Order> ordersDueForCharge(long nowMillis, int limit) {
        List<Order> newestFirst = readOrders("WHERE o.status = ? AND (o.next_charge_at_millis IS NULL "
                + "OR o.next_charge_at_millis <= ?)", List.of(OrderStatus.PENDING.name(), nowMillis), limit);
        List<Order> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    public Optional<Order> orderByVisit(String visitId) {
        List<Order> found = readOrders("WHERE o.visit_id = ?", List.of(visitId), 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Optional<Order> order(String orderId) {
        List<Order> found = readOrders("WHERE o.order_id = ?", List.of(orderId), 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest {@code limit} orders, newest first, with their lines. */
    public List<Order> orders(int limit) {
        return readOrders("", List.of(), limit);
    }

    /** The newest {@code limit} orders that match {@code filter}, newest first, with their lines. */
    public List<Order> orders(OrderFilter filter, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        return readOrders(where, params, limit);
    }

    /** Orders created and orders charged in {@code [fromMillis, toMillis)}, and the open alerts. */
    public SalesSummary salesSummary(long fromMillis, long toMillis) {
        return inTransaction("sales summary", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT "
                    + "(SELECT COUNT(*) FROM orders WHERE created_at_millis >= ? AND created_at_millis < ?), "
                    + "(SELECT COALESCE(SUM(total_minor), 0) FROM orders WHERE charged_at_millis >= ? "
                    + "AND charged_at_millis < ?), "
                    + "(SELECT COUNT(*) FROM alerts WHERE resolved = FALSE)")) {
                s.setLong(1, fromMillis);
                s.setLong(2, toMillis);
                s.setLong(3, fromMillis);
                s.setLong(4, toMillis);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new SalesSummary(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }

    /** Orders in one status, oldest first (for recovery of PENDING ones). */
    public List<Order> ordersWithStatus(OrderStatus status, int limit) {
        List<Order> newestFirst = readOrders("WHERE o.status = ?", List.of(status.name()), limit);
        List<Order> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** Which of {@code epcs} are held as sold and not returned, and by which order; absent ones are free. */
    public Map<String, SoldItem> soldItems(Collection<String> epcs) {
        return inTransaction("read sold items", c -> SoldItems.find(c, epcs));
    }

    // ---- payments ----

    /**
     * Records a payment unless its idempotency key is already recorded; either way returns the row as stored, so
     * the same key always gives the same answer.
     */
    public Payment recordPayment(Payment payment) {
        try {
            return inTransaction("record payment " + payment.idempotencyKey(), c -> {
                insertPaymentIfAbsent(c, payment);
                return readPayment(c, payment.idempotencyKey()).orElseThrow();
            });
        } catch (LedgerException e) {
            // Another writer inserted the same key between our check and insert: its row is the answer.
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return payment(payment.idempotencyKey()).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    public Optional<Payment> payment(String idempotencyKey) {
        return inTransaction("read payment " + idempotencyKey, c -> readPayment(c, idempotencyKey));
    }

    /** Every payment of an order, oldest first. */
    public List<Payment> payments(String orderId) {
        return inTransaction("read payments of " + orderId, c -> {
            try (PreparedStatement s = c.prepareStatement(PAYMENT_SELECT + " WHERE order_id = ? ORDER BY payment_id")) {
                s.setString(1, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    List<Payment> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(payment(rs));
                    }
                    return out;
                }
            }
        });
    }

    // ---- alerts ----

    /** Inserts the alert; false (nothing written) when its id is already recorded. */
    public boolean insertAlert(StoredAlert alert) {
        try {
            return inTransaction("insert alert " + alert.alertId(), c -> insertAlertIfAbsent(c, alert));
        } catch (LedgerException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean insertAlertIfAbsent(Connection c, StoredAlert alert) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM alerts WHERE alert_id = ?")) {
            exists.setString(1, alert.alertId());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        insertAlertRow(c, alert);
        return true;
    }

    private static void insertAlertRow(Connection c, StoredAlert alert) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alerts (alert_id, store_id, alert_type, "
                + "epc, gtin, visit_ids, at_millis, resolved, order_id, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, alert.alertId());
            s.setString(2, alert.storeId());
            s.setString(3, alert.type());
            s.setString(4, alert.epc());
            s.setString(5, alert.gtin());
            s.setString(6, String.join(",", alert.visitIds()));
            s.setLong(7, alert.atMillis());
            s.setBoolean(8, alert.resolved());
            s.setString(9, alert.orderId());
            s.setString(10, truncate(alert.reason(), 500));
            s.executeUpdate();
        }
    }

    /** The newest {@code limit} alerts, newest first. */
    public List<StoredAlert> alerts(int limit) {
        return inTransaction("read alerts", c -> {
            try (PreparedStatement s = c.prepareStatement(ALERT_SELECT + " ORDER BY at_millis DESC, alert_id")) {
                s.setMaxRows(limit);
                try (ResultSet rs = s.executeQuery()) {
                    List<StoredAlert> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(alert(rs));
                    }
                    return out;
                }
            }
        });
    }

    public Optional<StoredAlert> alert(String alertId) {
        return inTransaction("read alert " + alertId, c -> {
            try (PreparedStatement s = c.prepareStatement(ALERT_SELECT + " WHERE alert_id = ?")) {
                s.setString(1, alertId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Closes an open alert on which staff have not acted yet with {@code action} ({@link StoredAlert#DISMISSED}
     * or {@link StoredAlert#RESOLVED}), recording who and when. Returns false, writing nothing, otherwise.
     */
    public boolean closeAlert(String alertId, String action, String by, long atMillis) {
        return inTransaction("close alert " + alertId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET action = ?, action_by = ?, "
                    + "action_at_millis = ?, resolved = TRUE, resolved_at_millis = ? "
                    + "WHERE alert_id = ? AND action IS NULL AND resolved = FALSE")) {
                s.setString(1, action);
                s.setString(2, by);
                s.setLong(3, atMillis);
                s.setLong(4, atMillis);
                s.setString(5, alertId);
                return s.executeUpdate() == 1;
            }
        });
    }

    // ---- refunds ----

    /**
     * Records a PENDING refund and claims its lines (by EPC) for it, in one transaction, before the gateway is
     * called. Returns false, writing nothing, when the refund id is already recorded, the order is not CHARGED or
     * PARTIALLY_REFUNDED, or a line is not refundable any more (refunded or claimed meanwhile, flagged, absent).
     */
    public boolean insertRefund(Refund refund) {
        try {
            return inTransaction("insert refund " + refund.refundId(), c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT status FROM orders WHERE order_id = ? "
                        + "FOR UPDATE")) {
                    s.setString(1, refund.orderId());
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next() || !refundable(OrderStatus.valueOf(rs.getString(1)))) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO refunds (refund_id, order_id, "
                        + "amount_minor, currency, status, requested_by, created_at_millis) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, refund.refundId());
                    s.setString(2, refund.orderId());
                    s.setLong(3, refund.amountMinor());
                    s.setString(4, refund.currency());
                    s.setString(5, Refund.PENDING);
                    s.setString(6, truncate(refund.requestedBy(), 100));
                    s.setLong(7, refund.createdAtMillis());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE order_lines SET refund_id = ? WHERE order_id = ? "
                        + "AND epc = ? AND refund_id IS NULL AND refunded_at_millis IS NULL AND flag IS NULL")) {
                    for (String epc : refund.epcs()) {
                        s.setString(1, refund.refundId());
                        s.setString(2, refund.orderId());
                        s.setString(3, epc);
                        if (s.executeUpdate() < 1) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                return true;
            });
        } catch (LedgerException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** True for the statuses an order can be refunded from. */
    public static boolean refundable(OrderStatus status) {
        return status == OrderStatus.CHARGED || status == OrderStatus.PARTIALLY_REFUNDED;
    }

    /**
     * PENDING -> SUCCEEDED: stamps the claimed lines refunded and frees their EPCs (they can be sold again), sets
     * the order REFUNDED (no charged line left) or PARTIALLY_REFUNDED, records the gateway's payment row and writes
     * the outbox messages (the item-returned events), in one transaction. False, writing nothing, when not PENDING.
     */
    public boolean completeRefund(String refundId, Payment payment, long atMillis, List<OutboxMessage> outbox) {
        return inTransaction("complete refund " + refundId, c -> {
            if (!settle(c, "refunds", "refund_id", refundId, Refund.SUCCEEDED, null, atMillis)) {
                c.rollback();
                return false;
            }
            String orderId = payment.orderId();
            try (PreparedStatement s = c.prepareStatement("UPDATE order_lines SET refunded_at_millis = ? "
                    + "WHERE refund_id = ?")) {
                s.setLong(1, atMillis);
                s.setString(2, refundId);
                s.executeUpdate();
            }
            SoldItems.releaseRefund(c, refundId);
            updateRefundStatus(c, orderId);
            insertPaymentIfAbsent(c, payment);
            insertOutbox(c, outbox);
            return true;
        });
    }

    /** PENDING -> FAILED: releases the claimed lines so they can be refunded again. False when not PENDING. */
    public boolean failRefund(String refundId, String reason, Payment paymentOrNull, long atMillis) {
        return inTransaction("fail refund " + refundId, c -> {
            if (!settle(c, "refunds", "refund_id", refundId, Refund.FAILED, reason, atMillis)) {
                c.rollback();
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE order_lines SET refund_id = NULL "
                    + "WHERE refund_id = ?")) {
                s.setString(1, refundId);
                s.executeUpdate();
            }
            if (paymentOrNull != null) {
                insertPaymentIfAbsent(c, paymentOrNull);
            }
            return true;
        });
    }

    public Optional<Refund> refund(String refundId) {
        List<Refund> found = readRefunds("WHERE r.refund_id = ?", refundId, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Refunds in one status, oldest first. */
    public List<Refund> refundsWithStatus(String status, int limit) {
        return readRefunds("WHERE r.status = ?", status, limit);
    }

    /** Every refund of an order, oldest first. */
    public List<Refund> refunds(String orderId) {
        return readRefunds("WHERE r.order_id = ?", orderId, Integer.MAX_VALUE);
    }

    // ---- supplements (held items charged after staff assigned them) ----

    /**
     * Records a PENDING supplement, holds its EPC as sold ({@code sold_items}) and marks its alert ASSIGNED (by whom,
     * when, to which visit) in one transaction, before the gateway is called. Returns false, writing nothing, when
     * staff already acted on the alert or it is resolved, or the supplement id is already recorded.
     *
     * @throws EpcRefused writing nothing, when the EPC is a line of the order already or held by an order
     */
    public boolean insertSupplement(Supplement sup, String visitId) {
        try {
            return inTransaction("insert supplement " + sup.supplementId(), c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET action = ?, action_by = ?, "
                        + "action_at_millis = ?, assigned_visit_id = ? "
                        + "WHERE alert_id = ? AND action IS NULL AND resolved = FALSE")) {
                    s.setString(1, StoredAlert.ASSIGNED);
                    s.setString(2, truncate(sup.requestedBy(), 100));
                    s.setLong(3, sup.createdAtMillis());
                    s.setString(4, visitId);
                    s.setString(5, sup.alertId());
                    if (s.executeUpdate() != 1) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO supplements (supplement_id, order_id, "
                        + "alert_id, epc, gtin, name, price_minor, vat_rate, vat_minor, exited_at_millis, status, "
                        + "requested_by, created_at_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, sup.supplementId());
                    s.setString(2, sup.orderId());
                    s.setString(3, sup.alertId());
                    s.setString(4, sup.epc());
                    s.setString(5, sup.gtin());
                    s.setString(6, sup.name());
                    s.setLong(7, sup.priceMinor());
                    s.setBigDecimal(8, sup.vatRate());
                    s.setLong(9, sup.vatMinor());
                    s.setLong(10, sup.exitedAtMillis());
                    s.setString(11, Supplement.PENDING);
                    s.setString(12, truncate(sup.requestedBy(), 100));
                    s.setLong(13, sup.createdAtMillis());
                    s.executeUpdate();
                }
                SoldItems.refuseIfLineOf(c, sup.epc(), sup.orderId());
                SoldItems.claim(c, sup.epc(), sup.orderId(), sup.supplementId(), 0, sup.createdAtMillis());
                return true;
            });
        } catch (LedgerException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * PENDING -> CHARGED: adds the item as a new line of its order (total raised; a REFUNDED order becomes
     * PARTIALLY_REFUNDED), records the payment and the outbox messages, and resolves the alert, all in one
     * transaction. False, writing nothing, when the supplement is not PENDING.
     */
    public boolean completeSupplement(String supplementId, Payment payment, long atMillis,
                                      List<OutboxMessage> outbox) {
        return inTransaction("complete supplement " + supplementId, c -> {
            if (!settle(c, "supplements", "supplement_id", supplementId, Supplement.CHARGED, null, atMillis)) {
                c.rollback();
                return false;
            }
            Supplement sup = readSupplements(c, "WHERE supplement_id = ?", supplementId, 1).get(0);
            int lineNo;
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(line_no), 0) FROM order_lines "
                    + "WHERE order_id = ?")) {
                s.setString(1, sup.orderId());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    lineNo = rs.getInt(1) + 1;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO order_lines (order_id, line_no, epc, gtin, "
                    + "name, price_minor, vat_rate, vat_minor, flag, exited_at_millis, evidence, supplement_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?)")) {
                s.setString(1, sup.orderId());
                s.setInt(2, lineNo);
                s.setString(3, sup.epc());
                s.setString(4, sup.gtin());
                s.setString(5, sup.name());
                s.setLong(6, sup.priceMinor());
                s.setBigDecimal(7, sup.vatRate());
                s.setLong(8, sup.vatMinor());
                s.setLong(9, sup.exitedAtMillis());
                s.setString(10, supplementId);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE orders SET total_minor = total_minor + ?, "
                    + "status = CASE WHEN status = ? THEN ? ELSE status END WHERE order_id = ?")) {
                s.setLong(1, sup.priceMinor());
                s.setString(2, OrderStatus.REFUNDED.name());
                s.setString(3, OrderStatus.PARTIALLY_REFUNDED.name());
                s.setString(4, sup.orderId());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET resolved = TRUE, resolved_at_millis = ? "
                    + "WHERE alert_id = ?")) {
                s.setLong(1, atMillis);
                s.setString(2, sup.alertId());
                s.executeUpdate();
            }
            insertPaymentIfAbsent(c, payment);
            insertOutbox(c, outbox);
            return true;
        });
    }

    /**
     * PENDING -> FAILED: the item's EPC is free again and the alert open again with no action, so staff can assign
     * it again or dismiss it (the supplement row keeps who tried and why it failed). False when not PENDING.
     */
    public boolean failSupplement(String supplementId, String reason, Payment paymentOrNull, long atMillis) {
        return inTransaction("fail supplement " + supplementId, c -> {
            if (!settle(c, "supplements", "supplement_id", supplementId, Supplement.FAILED, reason, atMillis)) {
                c.rollback();
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET action = NULL, action_by = NULL, "
                    + "action_at_millis = NULL, assigned_visit_id = NULL WHERE alert_id = (SELECT alert_id "
                    + "FROM supplements WHERE supplement_id = ?) AND action = ?")) {
                s.setString(1, supplementId);
                s.setString(2, StoredAlert.ASSIGNED);
                s.executeUpdate();
            }
            SoldItems.releaseSupplement(c, supplementId);
            if (paymentOrNull != null) {
                insertPaymentIfAbsent(c, paymentOrNull);
            }
            return true;
        });
    }

    public Optional<Supplement> supplement(String supplementId) {
        List<Supplement> found = inTransaction("read supplement " + supplementId,
                c -> readSupplements(c, "WHERE supplement_id = ?", supplementId, 1));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every supplement tried for an alert, oldest first. */
    public List<Supplement> supplementsOfAlert(String alertId) {
        return inTransaction("read supplements of " + alertId,
                c -> readSupplements(c, "WHERE alert_id = ?", alertId, Integer.MAX_VALUE));
    }

    /** Supplements in one status, oldest first. */
    public List<Supplement> supplementsWithStatus(String status, int limit) {
        return inTransaction("read supplements " + status,
                c -> readSupplements(c, "WHERE status = ?", status, limit));
    }

    // ---- outbox ----

    /** Up to {@code limit} unsent outbox messages in the order they were written. */
    public List<OutboxMessage> unsentOutbox(int limit) {
        return inTransaction("read outbox", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT outbox_id, topic, message_key, payload, "
                    + "created_at_millis FROM outbox WHERE sent_at_millis IS NULL ORDER BY outbox_id")) {
                s.setMaxRows(limit);
                try (ResultSet rs = s.executeQuery()) {
                    List<OutboxMessage> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5)));
                    }
                    return out;
                }
            }
        });
    }

    /** Every outbox message, sent or not, in write order (for tests and audits). */
    public List<OutboxMessage> outbox() {
        return inTransaction("read whole outbox", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT outbox_id, topic, message_key, payload, "
                    + "created_at_millis FROM outbox ORDER BY outbox_id");
                 ResultSet rs = s.executeQuery()) {
                List<OutboxMessage> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5)));
                }
                return out;
            }
        });
    }

    public void markSent(List<Long> outboxIds, long sentAtMillis) {
        if (outboxIds.isEmpty()) {
            return;
        }
        inTransaction("mark outbox sent", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET sent_at_millis = ? "
                    + "WHERE outbox_id = ? AND sent_at_millis IS NULL")) {
                for (long id : outboxIds) {
                    s.setLong(1, sentAtMillis);
                    s.setLong(2, id);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new LedgerException("cannot close the ledger's connections", e);
            }
        }
    }

    // ---- internals ----

    private static final String PAYMENT_SELECT = "SELECT order_id, kind, gateway, idempotency_key, amount_minor, "
            + "currency, status, reference, reason, at_millis FROM payments";

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException(what + ": " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailed) {
            cause.addSuppressed(rollbackFailed);
        }
    }

    private List<Order> readOrders(String where, List<?> params, int limit) {
        return inTransaction("read orders", c -> {
            Map<String, Order> orders = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + ORDER_COLUMNS + ", "
                    + "(SELECT MIN(p.reference) FROM payments p WHERE p.order_id = o.order_id AND p.kind = 'CHARGE' "
                    + "AND p.status = 'SUCCEEDED' AND p.idempotency_key NOT LIKE 'sup-%') FROM orders o " + where
                    + " ORDER BY o.created_at_millis DESC, o.order_id DESC")) {
                for (int i = 0; i < params.size(); i++) {
                    s.setObject(i + 1, params.get(i));
                }
                s.setMaxRows(limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long charged = rs.getLong(12);
                        Long chargedAt = rs.wasNull() ? null : charged;
                        orders.put(rs.getString(1), new Order(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), OrderStatus.valueOf(rs.getString(5)), rs.getString(6),
                                rs.getLong(7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                                chargedAt, List.of(), rs.getString(13)));
                    }
                }
            }
            if (orders.isEmpty()) {
                return List.of();
            }
            Map<String, List<OrderLine>> lines = readLines(c, orders.keySet());
            List<Order> out = new ArrayList<>(orders.size());
            for (Order o : orders.values()) {
                out.add(new Order(o.orderId(), o.storeId(), o.visitId(), o.customerId(), o.status(), o.currency(),
                        o.totalMinor(), o.failureReason(), o.exitedAtMillis(), o.closedAtMillis(),
                        o.createdAtMillis(), o.chargedAtMillis(), lines.getOrDefault(o.orderId(), List.of()),
                        o.paymentReference()));
            }
            return out;
        });
    }

    private static Map<String, List<OrderLine>> readLines(Connection c, java.util.Set<String> orderIds)
            throws SQLException {
        Map<String, List<OrderLine>> out = new HashMap<>();
        // Batches keep the IN list well under any driver's parameter limit.
        List<String> ids = new ArrayList<>(orderIds);
        for (int from = 0; from < ids.size(); from += 200) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 200));
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            try (PreparedStatement s = c.prepareStatement("SELECT order_id, line_no, epc, gtin, name, price_minor, "
                    + "vat_rate, vat_minor, flag, exited_at_millis, evidence, refunded_at_millis, supplement_id "
                    + "FROM order_lines WHERE order_id IN ("
                    + marks + ") ORDER BY order_id, line_no")) {
                for (int i = 0; i < batch.size(); i++) {
                    s.setString(i + 1, batch.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new OrderLine(
                                rs.getInt(2), rs.getString(3).trim(), trimOrNull(rs.getString(4)), rs.getString(5),
                                rs.getLong(6), rs.getBigDecimal(7), rs.getLong(8), rs.getString(9), rs.getLong(10),
                                rs.getString(11), nullableLong(rs, 12), rs.getString(13)));
                    }
                }
            }
        }
        return out;
    }

    /** One statement a line, so a refused EPC is known by its line; each priced line holds its EPC as sold. */
    private static void insertLines(Connection c, Order order) throws SQLException {
        if (order.lines().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO order_lines (order_id, line_no, epc, gtin, name, "
                + "price_minor, vat_rate, vat_minor, flag, exited_at_millis, evidence) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (OrderLine line : order.lines()) {
                s.setString(1, order.orderId());
                s.setInt(2, line.lineNo());
                s.setString(3, line.epc());
                s.setString(4, line.gtin());
                s.setString(5, line.name());
                s.setLong(6, line.priceMinor());
                if (line.vatRate() == null) {
                    s.setNull(7, Types.NUMERIC);
                } else {
                    s.setBigDecimal(7, line.vatRate());
                }
                s.setLong(8, line.vatMinor());
                s.setString(9, line.flag());
                s.setLong(10, line.exitedAtMillis());
                s.setString(11, line.evidenceJson());
                try {
                    s.executeUpdate();
                } catch (SQLException e) {
                    throw SoldItems.refused(e, line.epc(), order.orderId(), line.lineNo(), EpcRefused.Reason.IN_ORDER);
                }
                if (line.priced()) {
                    SoldItems.claim(c, line.epc(), order.orderId(), null, line.lineNo(), order.createdAtMillis());
                }
            }
        }
    }

    private static void insertOutbox(Connection c, List<OutboxMessage> outbox) throws SQLException {
        if (outbox.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (topic, message_key, payload, "
                + "created_at_millis) VALUES (?, ?, ?, ?)")) {
            for (OutboxMessage m : outbox) {
                s.setString(1, m.topic());
                s.setString(2, m.key());
                s.setString(3, m.payload());
                s.setLong(4, m.createdAtMillis());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void insertPaymentIfAbsent(Connection c, Payment p) throws SQLException {
        if (readPayment(c, p.idempotencyKey()).isPresent()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO payments (order_id, kind, gateway, "
                + "idempotency_key, amount_minor, currency, status, reference, reason, at_millis) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, p.orderId());
            s.setString(2, p.kind());
            s.setString(3, p.gateway());
            s.setString(4, p.idempotencyKey());
            s.setLong(5, p.amountMinor());
            s.setString(6, p.currency());
            s.setString(7, p.status());
            s.setString(8, p.reference());
            s.setString(9, truncate(p.reason(), 500));
            s.setLong(10, p.atMillis());
            s.executeUpdate();
        }
    }

    private static Optional<Payment> readPayment(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(PAYMENT_SELECT + " WHERE idempotency_key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(payment(rs)) : Optional.empty();
            }
        }
    }

    private static Payment payment(ResultSet rs) throws SQLException {
        return new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10));
    }

    private static final String ALERT_SELECT = "SELECT alert_id, store_id, alert_type, epc, gtin, visit_ids, "
            + "at_millis, resolved, action, action_by, action_at_millis, assigned_visit_id, resolved_at_millis, "
            + "order_id, reason FROM alerts";

    private static StoredAlert alert(ResultSet rs) throws SQLException {
        String ids = rs.getString(6);
        List<String> visitIds = ids.isEmpty() ? List.of() : Arrays.asList(ids.split(","));
        return new StoredAlert(rs.getString(1), rs.getString(2), rs.getString(3), trimOrNull(rs.getString(4)),
                trimOrNull(rs.getString(5)), visitIds, rs.getLong(7), rs.getBoolean(8), rs.getString(9),
                rs.getString(10), nullableLong(rs, 11), rs.getString(12), nullableLong(rs, 13), rs.getString(14),
                rs.getString(15));
    }

    /** PENDING -> {@code status} on one row of {@code table}; false when the row is not PENDING. */
    private static boolean settle(Connection c, String table, String idColumn, String id, String status,
                                  String reason, long atMillis) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET status = ?, failure_reason = ?, "
                + "completed_at_millis = ? WHERE " + idColumn + " = ? AND status = 'PENDING'")) {
            s.setString(1, status);
            s.setString(2, truncate(reason, 500));
            s.setLong(3, atMillis);
            s.setString(4, id);
            return s.executeUpdate() == 1;
        }
    }

    private static void updateRefundStatus(Connection c, String orderId) throws SQLException {
        long left;
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM order_lines WHERE order_id = ? "
                + "AND flag IS NULL AND price_minor > 0 AND refunded_at_millis IS NULL")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                left = rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE orders SET status = ? WHERE order_id = ?")) {
            s.setString(1, (left == 0 ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED).name());
            s.setString(2, orderId);
            s.executeUpdate();
        }
    }

    private List<Refund> readRefunds(String where, String param, int limit) {
        return inTransaction("read refunds", c -> {
            Map<String, Refund> refunds = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT r.refund_id, r.order_id, r.amount_minor, "
                    + "r.currency, r.status, r.requested_by, r.failure_reason, r.created_at_millis, "
                    + "r.completed_at_millis FROM refunds r " + where + " ORDER BY r.created_at_millis, r.refund_id")) {
                s.setString(1, param);
                s.setMaxRows(limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        refunds.put(rs.getString(1), new Refund(rs.getString(1), rs.getString(2), rs.getLong(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                                nullableLong(rs, 9), List.of()));
                    }
                }
            }
            List<Refund> out = new ArrayList<>(refunds.size());
            for (Refund r : refunds.values()) {
                // A failed refund released its lines: its EPCs are not kept, only its amount and reason.
                List<String> epcs = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT epc FROM order_lines WHERE refund_id = ? "
                        + "ORDER BY line_no")) {
                    s.setString(1, r.refundId());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            epcs.add(rs.getString(1).trim());
                        }
                    }
                }
                out.add(new Refund(r.refundId(), r.orderId(), r.amountMinor(), r.currency(), r.status(),
                        r.requestedBy(), r.failureReason(), r.createdAtMillis(), r.completedAtMillis(), epcs));
            }
            return out;
        });
    }

    private static List<Supplement> readSupplements(Connection c, String where, String param, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT supplement_id, order_id, alert_id, epc, gtin, name, "
                + "price_minor, vat_rate, vat_minor, exited_at_millis, status, requested_by, failure_reason, "
                + "created_at_millis, completed_at_millis FROM supplements " + where
                + " ORDER BY created_at_millis, supplement_id")) {
            s.setString(1, param);
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                List<Supplement> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Supplement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).trim(),
                            rs.getString(5).trim(), rs.getString(6), rs.getLong(7), rs.getBigDecimal(8),
                            rs.getLong(9), rs.getLong(10), rs.getString(11), rs.getString(12), rs.getString(13),
                            rs.getLong(14), nullableLong(rs, 15)));
                }
                return out;
            }
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setNullableLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static String trimOrNull(String s) {
        return s == null ? null : s.trim();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
