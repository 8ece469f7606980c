package walkout.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import walkout.billing.ledger.EpcRefused;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.Payment;
import walkout.billing.ledger.Refund;
import walkout.billing.ledger.SoldItem;
import walkout.billing.ledger.StoredAlert;
import walkout.billing.ledger.Supplement;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.payment.PaymentResult;
import walkout.billing.pricing.BasketPricer;
import walkout.billing.pricing.PricedLine;
import walkout.events.AlertType;
import walkout.events.BasketClosed;
import walkout.events.ItemSold;

/**
 * "Charged once": an EPC is one line of an order, and sold in one order until it is returned. Billing refuses such a
 * line before charging (with a DUPLICATE_LINE alert) and the ledger's constraints (V4) refuse it again when billing
 * does not: the tests named {@code ...AtTheDatabase...} and {@code ...OnlyTheLedger...} bypass billing's check.
 * Run with the ledger flow by {@link H2LedgerFlowTest} and {@link PostgresLedgerFlowIT}.
 */
public abstract class ChargedOnceTestBase extends LedgerFlowTestBase {
    private static final String DUPLICATE_LINE = AlertType.DUPLICATE_LINE.name();

    @Test
    void shouldChargeOneLineAndRaiseOneAlertWhenTheBasketListsAnEpcTwice() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 201);
        String apples = Fixtures.epc(Fixtures.APPLES, 202);
        BasketClosed basket = Fixtures.basket("v-twice", "c-ada", socks, apples, socks);

        assertThat(houseHandler().onBasket(basket)).isEqualTo(BasketHandler.Outcome.CHARGED);
        assertThat(houseHandler().onBasket(basket)).as("a replay adds nothing")
                .isEqualTo(BasketHandler.Outcome.DUPLICATE);

        Order order = ledger.orderByVisit("v-twice").orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(order.totalMinor()).isEqualTo(499 + 249);
        assertThat(order.lines()).extracting(OrderLine::epc).containsExactly(socks, apples);
        assertThat(ledger.payments(order.orderId())).singleElement()
                .satisfies(p -> assertThat(p.amountMinor()).isEqualTo(499 + 249));
        assertThat(itemsSold()).extracting(ItemSold::epc).containsExactly(socks, apples);
        assertThat(ledger.alerts(10)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(DUPLICATE_LINE);
            assertThat(a.alertId()).isEqualTo(BasketLines.alertId("v-twice", socks));
            assertThat(a.epc()).isEqualTo(socks);
            assertThat(a.gtin()).isEqualTo(Fixtures.SOCKS);
            assertThat(a.visitIds()).containsExactly("v-twice");
            assertThat(a.orderId()).isEqualTo(order.orderId());
            assertThat(a.reason()).isEqualTo("epc " + socks + " is already a line of this order (the basket lists it "
                    + "twice): line refused, not charged");
            assertThat(a.resolved()).isFalse();
        });
        assertThat(count("walkout.billing.lines.refused")).isEqualTo(1);
    }

    @Test
    void shouldChargeTheRestAndRaiseAnAlertWhenAnEpcWasSoldInAnotherOrder() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 211);
        String coffee = Fixtures.epc(Fixtures.COFFEE, 212);
        String firstOrder = sell("v-first", socks);

        assertThat(houseHandler().onBasket(Fixtures.basket("v-again", "c-ada", socks, coffee)))
                .isEqualTo(BasketHandler.Outcome.CHARGED);

        Order again = ledger.orderByVisit("v-again").orElseThrow();
        assertThat(again.totalMinor()).isEqualTo(349);
        assertThat(again.lines()).extracting(OrderLine::epc).containsExactly(coffee);
        assertThat(ledger.payments(again.orderId())).extracting(Payment::amountMinor).containsExactly(349L);
        assertThat(ledger.soldItems(List.of(socks, coffee))).containsOnlyKeys(socks, coffee)
                .hasEntrySatisfying(socks, s -> assertThat(s.orderId()).isEqualTo(firstOrder))
                .hasEntrySatisfying(coffee, s -> assertThat(s.orderId()).isEqualTo(again.orderId()));
        assertThat(ledger.alerts(10)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(DUPLICATE_LINE);
            assertThat(a.epc()).isEqualTo(socks);
            assertThat(a.visitIds()).containsExactly("v-again", "v-first");
            assertThat(a.orderId()).isEqualTo(again.orderId());
            assertThat(a.reason()).contains("sold in order " + firstOrder + " (visit v-first) and not returned");
        });
        assertThat(itemsSold()).extracting(ItemSold::epc, ItemSold::visitId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(socks, "v-first"),
                org.assertj.core.groups.Tuple.tuple(coffee, "v-again"));
    }

    @Test
    void shouldSellAnEpcAgainOnceItsLineWasRefunded() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 221);
        String soldIn = sell("v-sold", socks);
        sell("v-early", socks);
        assertThat(ledger.orderByVisit("v-early").orElseThrow().totalMinor()).as("not returned yet").isZero();

        Refund refund = houseRefunds().refund(soldIn, List.of(socks), "eve", null);
        assertThat(refund.status()).isEqualTo(Refund.SUCCEEDED);
        assertThat(ledger.soldItems(List.of(socks))).as("returned: free to sell").isEmpty();
        sell("v-later", socks);

        Order later = ledger.orderByVisit("v-later").orElseThrow();
        assertThat(later.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(later.totalMinor()).isEqualTo(499);
        assertThat(ledger.soldItems(List.of(socks))).extractingByKey(socks).extracting(SoldItem::orderId)
                .isEqualTo(later.orderId());
        assertThat(ledger.alerts(10)).extracting(StoredAlert::visitIds).containsExactly(List.of("v-early", "v-sold"));
    }

    @Test
    void shouldRecordAZeroOrderWithoutCallingTheGatewayWhenEveryLineIsRefused() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 231);
        sell("v-owner", socks);
        AtomicInteger calls = new AtomicInteger();

        assertThat(handler(gatewayAnswering(calls, PaymentResult.succeeded("x")))
                .onBasket(Fixtures.basket("v-none", "c-ada", socks, socks))).isEqualTo(BasketHandler.Outcome.CHARGED);

        Order none = ledger.orderByVisit("v-none").orElseThrow();
        assertThat(none.status()).isEqualTo(OrderStatus.CHARGED);
        assertThat(none.totalMinor()).isZero();
        assertThat(none.lines()).isEmpty();
        assertThat(calls).hasValue(0);
        assertThat(ledger.payments(none.orderId())).isEmpty();
        assertThat(ledger.alerts(10)).as("one alert per EPC and visit").singleElement()
                .satisfies(a -> assertThat(a.orderId()).isEqualTo(none.orderId()));
        assertThat(count("walkout.billing.lines.refused")).isEqualTo(2);
    }

    @Test
    void shouldFreeTheEpcsOfAnOrderThatFailed() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 241);
        handler(gatewayAnswering(new AtomicInteger(), PaymentResult.declined("card_declined")))
                .onBasket(Fixtures.basket("v-failed", "c-ada", socks));
        assertThat(ledger.orderByVisit("v-failed").orElseThrow().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(ledger.soldItems(List.of(socks))).as("nothing was sold").isEmpty();

        houseHandler().onBasket(Fixtures.basket("v-paid", "c-ada", socks));

        assertThat(ledger.orderByVisit("v-paid").orElseThrow().totalMinor()).isEqualTo(499);
        assertThat(ledger.alerts(10)).isEmpty();
    }

    @Test
    void shouldRefuseTheLineNotTheBasketWhenOnlyTheLedgerCatchesTheDuplicates() {
        registerAda();
        String socks = Fixtures.epc(Fixtures.SOCKS, 251);
        String coffee = Fixtures.epc(Fixtures.COFFEE, 252);
        String heldBy = sell("v-held", socks);
        BasketClosed basket = Fixtures.basket("v-raw", "c-ada", socks, coffee, coffee);
        List<PricedLine> priced = new BasketPricer(Fixtures.demoCatalog(), "EUR").price("v-raw", basket.lines())
                .lines();
        String orderId = BasketHandler.orderIdFor(Fixtures.STORE, "v-raw");

        BasketHandler.Outcome outcome = houseHandler().record(basket, "EUR",
                BasketLines.unscreened(basket, orderId, priced, NOW_MILLIS), NOW_MILLIS);

        assertThat(outcome).isEqualTo(BasketHandler.Outcome.CHARGED);
        Order order = ledger.order(orderId).orElseThrow();
        assertThat(order.totalMinor()).isEqualTo(349);
        assertThat(order.lines()).extracting(OrderLine::epc).containsExactly(coffee);
        assertThat(ledger.payments(orderId)).extracting(Payment::amountMinor).containsExactly(349L);
        assertThat(ledger.alerts(10)).extracting(StoredAlert::epc, StoredAlert::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(socks, "epc " + socks + " was sold in order " + heldBy
                        + " (visit v-held) and not returned (refused by the ledger): line refused, not charged"),
                org.assertj.core.groups.Tuple.tuple(coffee, "epc " + coffee + " is already a line of this order "
                        + "(refused by the ledger): line refused, not charged"));
    }

    @Test
    void shouldRefuseAtTheDatabaseASecondLineOfAnEpcInOneOrder() throws SQLException {
        String socks = Fixtures.epc(Fixtures.SOCKS, 261);
        Order twice = pending("ord-twice", "v-twice", line(1, socks), line(2, Fixtures.epc(Fixtures.SOCKS, 262)),
                line(3, socks));

        assertThatThrownBy(() -> ledger.insertOrder(twice, List.of()))
                .isInstanceOfSatisfying(EpcRefused.class, e -> {
                    assertThat(e.reason()).isEqualTo(EpcRefused.Reason.IN_ORDER);
                    assertThat(e.lineNo()).isEqualTo(3);
                    assertThat(e.epc()).isEqualTo(socks);
                });
        assertThat(ledger.orders(10)).as("nothing of the order written").isEmpty();
        assertThat(ledger.soldItems(List.of(socks))).isEmpty();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate(orderRow("ord-raw", "v-raw", "PENDING", 1_000));
            s.executeUpdate(lineRow("ord-raw", 1, socks, null));
            assertThatThrownBy(() -> s.executeUpdate(lineRow("ord-raw", 2, socks, null)))
                    .as("plain SQL, no billing code: the constraint refuses")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        }
    }

    @Test
    void shouldRefuseAtTheDatabaseAnEpcSoldInAnotherOrderAndNotReturned() throws SQLException {
        String socks = Fixtures.epc(Fixtures.SOCKS, 271);
        assertThat(ledger.insertOrder(pending("ord-one", "v-one", line(1, socks)), List.of())).isTrue();

        assertThatThrownBy(() -> ledger.insertOrder(pending("ord-two", "v-two",
                line(1, Fixtures.epc(Fixtures.COFFEE, 272)), line(2, socks)), List.of()))
                .isInstanceOfSatisfying(EpcRefused.class, e -> {
                    assertThat(e.reason()).isEqualTo(EpcRefused.Reason.SOLD);
                    assertThat(e.lineNo()).isEqualTo(2);
                });
        assertThat(ledger.orders(10)).extracting(Order::orderId).containsExactly("ord-one");
        assertThat(ledger.soldItems(List.of(socks))).extractingByKey(socks)
                .isEqualTo(new SoldItem(socks, "ord-one", "v-one", null, NOW_MILLIS));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate(orderRow("ord-raw", "v-raw", "PENDING", 1_000));
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO sold_items (epc, order_id, at_millis) VALUES ('"
                    + socks + "', 'ord-raw', 1000)"))
                    .as("plain SQL, no billing code: the primary key refuses")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        }
    }

    @Test
    void shouldRefuseAssigningAHeldItemWhileItsEpcIsSoldAndNotReturned() {
        registerAda();
        String coffee = Fixtures.epc(Fixtures.COFFEE, 281);
        String boughtIn = sell("v-bought", coffee);
        String candidateOrder = sell("v-cand", Fixtures.epc(Fixtures.SOCKS, 282));
        ambiguous("a-sold", coffee, "v-cand");
        HeldItemHandler held = heldItems(new HousePaymentGateway(ledger, clock));

        assertThatThrownBy(() -> held.assign("a-sold", "v-cand", "eve"))
                .isInstanceOfSatisfying(ActionRefused.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessage("alert a-sold: epc " + coffee + " was sold in order " + boughtIn
                        + " (visit v-bought) and not returned: it is charged once");
        assertThat(ledger.alert("a-sold").orElseThrow().action()).isNull();

        houseRefunds().refund(boughtIn, List.of(coffee), "eve", null);
        Supplement declined = heldItems(gatewayAnswering(new AtomicInteger(), PaymentResult.declined("card_declined")))
                .assign("a-sold", "v-cand", "eve");
        assertThat(declined.status()).isEqualTo(Supplement.FAILED);
        assertThat(ledger.soldItems(List.of(coffee))).as("declined: not sold").isEmpty();
        Supplement charged = held.assign("a-sold", "v-cand", "eve");

        assertThat(charged.status()).isEqualTo(Supplement.CHARGED);
        assertThat(ledger.soldItems(List.of(coffee))).extractingByKey(coffee)
                .isEqualTo(new SoldItem(coffee, candidateOrder, "v-cand", charged.supplementId(), NOW_MILLIS));
    }

    @Test
    void shouldRefuseAtTheDatabaseAHeldItemWhoseEpcAnOrderHolds() {
        registerAda();
        String coffee = Fixtures.epc(Fixtures.COFFEE, 291);
        String hasOrder = sell("v-has", coffee);
        String otherOrder = sell("v-other", Fixtures.epc(Fixtures.SOCKS, 292));
        ambiguous("a-db", coffee, "v-has", "v-other");

        for (String orderId : List.of(otherOrder, hasOrder)) {
            Supplement sup = new Supplement("sup-" + orderId, orderId, "a-db", coffee, Fixtures.COFFEE, "Coffee", 349,
                    new java.math.BigDecimal("0.19"), 56, NOW_MILLIS, Supplement.PENDING, "eve", null, NOW_MILLIS,
                    null);
            assertThatThrownBy(() -> ledger.insertSupplement(sup, "v-other")).as(orderId)
                    .isInstanceOf(EpcRefused.class);
        }
        assertThat(ledger.alert("a-db").orElseThrow().action()).as("nothing written").isNull();
        assertThat(ledger.supplementsOfAlert("a-db")).isEmpty();
    }

    @Test
    void shouldBackfillWhatIsSoldAndKeepOldRepeatsWhenMigratingALedgerFromBeforeV4() throws SQLException {
        Flyway flyway = Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration")
                .cleanDisabled(false).target("3").load();
        flyway.clean();
        flyway.migrate();
        String socks = Fixtures.epc(Fixtures.SOCKS, 301);
        String coffee = Fixtures.epc(Fixtures.COFFEE, 302);
        String apples = Fixtures.epc(Fixtures.APPLES, 303);
        String failed = Fixtures.epc(Fixtures.SOCKS, 304);
        String held = Fixtures.epc(Fixtures.COFFEE, 305);
        String unpriced = Fixtures.epc(Fixtures.NOT_IN_CATALOG, 306);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : List.of(orderRow("o-1", "v-1", "CHARGED", 1_000),
                    orderRow("o-2", "v-2", "CHARGED", 2_000), orderRow("o-3", "v-3", "FAILED", 3_000),
                    lineRow("o-1", 1, socks, null), lineRow("o-1", 2, socks, null),
                    lineRow("o-1", 3, apples, 1_500L), lineRow("o-1", 4, socks, null),
                    lineRow("o-2", 1, coffee, null), lineRow("o-2", 2, socks, null),
                    lineRow("o-3", 1, failed, null),
                    "INSERT INTO order_lines (order_id, line_no, epc, price_minor, vat_minor, exited_at_millis, "
                            + "flag) VALUES ('o-2', 3, '" + unpriced + "', 0, 0, 1, 'UNKNOWN_GTIN')",
                    "INSERT INTO alerts (alert_id, store_id, alert_type, epc, visit_ids, at_millis, resolved) "
                            + "VALUES ('a-1', 's', 'AMBIGUOUS', '" + held + "', 'v-2', 1, FALSE)",
                    "INSERT INTO supplements (supplement_id, order_id, alert_id, epc, gtin, name, price_minor, "
                            + "vat_rate, vat_minor, exited_at_millis, status, requested_by, created_at_millis) "
                            + "VALUES ('sup-1', 'o-2', 'a-1', '" + held + "', '" + Fixtures.COFFEE + "', 'Coffee', "
                            + "349, 0.19, 56, 1, 'PENDING', 'eve', 2500)")) {
                s.executeUpdate(sql);
            }
        }

        assertThat(ledger.migrate()).isEqualTo(1);

        assertThat(ledger.soldItems(List.of(socks, coffee, apples, failed, held, unpriced)))
                .containsOnlyKeys(socks, coffee, held)
                .hasEntrySatisfying(socks, i -> assertThat(i.orderId()).as("the older order holds it").isEqualTo("o-1"))
                .hasEntrySatisfying(held, i -> assertThat(i.supplementId()).isEqualTo("sup-1"));
        List<String> repeats = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT line_no, epc_repeat FROM order_lines WHERE order_id = 'o-1' "
                     + "ORDER BY line_no")) {
            while (rs.next()) {
                repeats.add(rs.getInt(1) + ":" + rs.getInt(2));
            }
        }
        assertThat(repeats).containsExactly("1:0", "2:1", "3:0", "4:2");
        assertThat(ledger.order("o-1").orElseThrow().lines()).as("charged history kept as it was").hasSize(4);
    }

    /** Charges Ada's basket of {@code epcs} for the visit through the house gateway; returns the order id. */
    private String sell(String visitId, String... epcs) {
        houseHandler().onBasket(Fixtures.basket(visitId, "c-ada", epcs));
        return ledger.orderByVisit(visitId).orElseThrow().orderId();
    }

    private DataSource dataSource() {
        String url = jdbcUrl(tempDir);
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser("sa");
            return h2;
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        return pg;
    }

    private static Order pending(String orderId, String visitId, OrderLine... lines) {
        long totalMinor = java.util.Arrays.stream(lines).mapToLong(OrderLine::priceMinor).sum();
        return new Order(orderId, Fixtures.STORE, visitId, "c-ada", OrderStatus.PENDING, "EUR", totalMinor, null,
                NOW_MILLIS, NOW_MILLIS, NOW_MILLIS, null, List.of(lines), null);
    }

    private static OrderLine line(int lineNo, String epc) {
        return new OrderLine(lineNo, epc, Fixtures.SOCKS, "Running socks", 499, new java.math.BigDecimal("0.19"), 80,
                null, NOW_MILLIS, null);
    }

    private static String orderRow(String orderId, String visitId, String status, long createdAtMillis) {
        return "INSERT INTO orders (order_id, store_id, visit_id, customer_id, status, currency, total_minor, "
                + "exited_at_millis, closed_at_millis, created_at_millis) VALUES ('" + orderId + "', 's', '" + visitId
                + "', 'c', '" + status + "', 'EUR', 0, 1, 1, " + createdAtMillis + ")";
    }

    private static String lineRow(String orderId, int lineNo, String epc, Long refundedAtMillis) {
        return "INSERT INTO order_lines (order_id, line_no, epc, price_minor, vat_minor, exited_at_millis, "
                + "refunded_at_millis) VALUES ('" + orderId + "', " + lineNo + ", '" + epc + "', 100, 0, 1, "
                + refundedAtMillis + ")";
    }
}
