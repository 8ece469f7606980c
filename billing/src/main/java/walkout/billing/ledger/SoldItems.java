package walkout.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of {@code sold_items} (V4): an EPC is held by at most one order until it is returned. Each method runs in
 * the caller's transaction (a {@link Ledger} method's), so a claim commits or rolls back with the line or
 * supplement that makes it, and a release with the refund, failure or decline that frees it.
 */
final class SoldItems {
    private static final int IN_LIST_MAX = 200;

    private SoldItems() {
    }

    /**
     * Holds {@code epc} for an order, for a line ({@code lineNo}) or a held item ({@code supplementId}).
     *
     * @throws EpcRefused (SOLD) when an order holds it already: the primary key said no
     */
    static void claim(Connection c, String epc, String orderId, String supplementId, int lineNo, long atMillis)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sold_items (epc, order_id, supplement_id, "
                + "at_millis) VALUES (?, ?, ?, ?)")) {
            s.setString(1, epc);
            s.setString(2, orderId);
            if (supplementId == null) {
                s.setNull(3, Types.VARCHAR);
            } else {
                s.setString(3, supplementId);
            }
            s.setLong(4, atMillis);
            s.executeUpdate();
        } catch (SQLException e) {
            throw refused(e, epc, orderId, lineNo, EpcRefused.Reason.SOLD);
        }
    }

    /** The refusal a unique violation means; any other failure is thrown as it is. */
    static EpcRefused refused(SQLException e, String epc, String orderId, int lineNo, EpcRefused.Reason reason)
            throws SQLException {
        if (!Ledger.UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
        }
        return new EpcRefused(epc, orderId, lineNo, reason, e);
    }

    /**
     * Refuses a held item whose EPC is already a line of the order, refunded or not: its line would be refused by
     * {@code order_lines_epc_uq} after the charge, so it is refused before.
     */
    static void refuseIfLineOf(Connection c, String epc, String orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM order_lines WHERE order_id = ? AND epc = ?")) {
            s.setString(1, orderId);
            s.setString(2, epc);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    throw new EpcRefused(epc, orderId, 0, EpcRefused.Reason.IN_ORDER, null);
                }
            }
        }
    }

    /** Frees every EPC an order holds (it ended FAILED: nothing was sold). */
    static void releaseOrder(Connection c, String orderId) throws SQLException {
        release(c, "DELETE FROM sold_items WHERE order_id = ?", orderId);
    }

    /** Frees the EPCs of the lines a refund returned, where their order holds them. */
    static void releaseRefund(Connection c, String refundId) throws SQLException {
        release(c, "DELETE FROM sold_items WHERE EXISTS (SELECT 1 FROM order_lines l WHERE l.refund_id = ? "
                + "AND l.order_id = sold_items.order_id AND l.epc = sold_items.epc)", refundId);
    }

    /** Frees the EPC of a held item whose charge was declined. */
    static void releaseSupplement(Connection c, String supplementId) throws SQLException {
        release(c, "DELETE FROM sold_items WHERE supplement_id = ?", supplementId);
    }

    private static void release(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    /** Which of {@code epcs} an order holds, by EPC. */
    static Map<String, SoldItem> find(Connection c, Collection<String> epcs) throws SQLException {
        Map<String, SoldItem> out = new HashMap<>();
        List<String> all = new ArrayList<>(epcs);
        // Batches keep the IN list well under any driver's parameter limit.
        for (int from = 0; from < all.size(); from += IN_LIST_MAX) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + IN_LIST_MAX));
            try (PreparedStatement s = c.prepareStatement("SELECT s.epc, s.order_id, o.visit_id, s.supplement_id, "
                    + "s.at_millis FROM sold_items s JOIN orders o ON o.order_id = s.order_id WHERE s.epc IN ("
                    + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")")) {
                for (int i = 0; i < batch.size(); i++) {
                    s.setString(i + 1, batch.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new SoldItem(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getLong(5)));
                    }
                }
            }
        }
        return out;
    }
}
