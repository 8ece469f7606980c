package walkout.bench.load;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import walkout.billing.BasketHandler;
import walkout.billing.BillingMetrics;
import walkout.billing.catalog.Catalog;
import walkout.billing.catalog.Product;
import walkout.billing.ledger.Customer;
import walkout.billing.ledger.Ledger;
import walkout.billing.ledger.Order;
import walkout.billing.ledger.OrderLine;
import walkout.billing.ledger.OrderStatus;
import walkout.billing.ledger.OutboxMessage;
import walkout.billing.payment.HousePaymentGateway;
import walkout.billing.pricing.BasketPricer;
import walkout.billing.pricing.PricedBasket;
import walkout.billing.pricing.PricedLine;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.Epc;
import walkout.events.Evidence;
import walkout.events.ItemSold;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topics;

/**
 * Load benchmark of billing's charge path: the {@link BasketHandler} the consumer thread calls for one
 * {@code BasketClosed} (price, record PENDING, charge through the {@link HousePaymentGateway}, mark CHARGED with the
 * payment and the item-sold outbox rows), on a real {@link Ledger}, one thread, as billing's consumer runs it. Kafka
 * is not on this path and not started.
 *
 * <p>Each basket is a new visit with {@value #LINES_PER_BASKET} lines: SGTIN-96 EPCs (company prefix 7 digits, new
 * serials) of the store's demo catalog products, for one registered customer. After {@value #WARMUP_BASKETS}
 * warm-up baskets it charges baskets back to back for the given seconds and prints baskets/s, charges/s (gateway
 * calls) and per-basket latency ({@code onBasket}, HdrHistogram, microseconds) for each ledger:
 * <ul>
 *   <li>H2: a file in a new temp dir, deleted at the end;</li>
 *   <li>PostgreSQL on 127.0.0.1:5432 (trust auth, user {@code postgres}): a new database
 *       {@code walkout_bench_<random>}, created and dropped through a connection to database {@code test}.</li>
 * </ul>
 * Every basket must come out CHARGED, or the run fails. Usage: {@code LedgerChargeBenchmark [seconds=20]
 * [which=both: h2|pg|both]}.
 */
public final class LedgerChargeBenchmark {
    private static final int WARMUP_BASKETS = 500;
    private static final int LINES_PER_BASKET = 5;
    private static final int COMPANY_PREFIX_DIGITS = 7;
    private static final String CATALOG = "/walkout/demo/catalog.csv";
    private static final String CURRENCY = "EUR";
    private static final String STORE = "store-bench";
    private static final String CUSTOMER = "c-bench";
    private static final String PG_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String PG_USER = "postgres";
    private static final String PG_ADMIN_DATABASE = "test";

    private final int seconds;
    private final Catalog catalog;
    private final List<String> gtins = new ArrayList<>();
    private final Sgtin96Encoder encoder = new Sgtin96Encoder();
    private long visits;
    private long serials;

    private LedgerChargeBenchmark(int seconds, Catalog catalog) {
        this.seconds = seconds;
        this.catalog = catalog;
        for (Product product : catalog.products()) {
            if (CURRENCY.equals(product.currency())) {
                gtins.add(product.gtin());
            }
        }
        if (gtins.isEmpty()) {
            throw new IllegalStateException(CATALOG + " has no product priced in " + CURRENCY);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String which = args.length > 1 ? args[1] : "both";
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds=" + seconds + " must be > 0");
        }
        if (!List.of("h2", "pg", "both").contains(which)) {
            throw new IllegalArgumentException("which=" + which + " must be h2, pg or both");
        }
        LedgerChargeBenchmark bench = new LedgerChargeBenchmark(seconds, demoCatalog());
        List<String> rows = new ArrayList<>();
        if (!"pg".equals(which)) {
            rows.addAll(rows("H2", bench.onH2()));
        }
        if (!"h2".equals(which)) {
            rows.addAll(rows("PostgreSQL", bench.onPostgres()));
        }
        System.out.printf("%nLedger charge, %d s measured per phase after %d warm-up baskets, %d lines per basket, "
                + "house gateway, 1 thread, %d cores%n", seconds, WARMUP_BASKETS, LINES_PER_BASKET,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-42s %10s %10s %10s %9s %9s %9s %9s%n", "ledger / phase", "baskets", "baskets/s",
                "charges/s", "p50 us", "p99 us", "p99.9 us", "max us");
        rows.forEach(System.out::println);
    }

    private static Catalog demoCatalog() throws IOException {
        InputStream csv = LedgerChargeBenchmark.class.getResourceAsStream(CATALOG);
        if (csv == null) {
            throw new IllegalStateException(CATALOG + " is not on the classpath (it comes with walkout-store)");
        }
        try (Reader in = new InputStreamReader(csv, StandardCharsets.UTF_8)) {
            return Catalog.read(in, CATALOG);
        }
    }

    /** One phase: how many baskets (or raw units) in how long, and each one's latency. */
    private record Result(long baskets, double basketsPerSec, double chargesPerSec, Histogram latencyMicros) {
    }

    /** Billing's charge path and the two raw limits of the same database, measured one after the other. */
    private record Phases(Result billing, Result rawRows, Result rawCommits) {
    }

    private static List<String> rows(String ledger, Phases p) {
        return List.of(row(ledger + ": billing charge path", p.billing),
                row(ledger + ": raw, same rows in 1 commit", p.rawRows),
                row(ledger + ": raw, 1-row commits", p.rawCommits));
    }

    private static String row(String phase, Result r) {
        Histogram h = r.latencyMicros;
        String charges = r.chargesPerSec < 0 ? "-" : String.format("%,.0f", r.chargesPerSec);
        return String.format("%-42s %,10d %,10.0f %10s %,9d %,9d %,9d %,9d", phase, r.baskets, r.basketsPerSec,
                charges, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                h.getMaxValue());
    }

    private Phases onH2() throws IOException {
        Path dir = Files.createTempDirectory("walkout-ledger-bench");
        Phases result;
        try {
            result = measure("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath());
        } catch (RuntimeException | Error e) {
            try {
                delete(dir);
            } catch (IOException deleteFailed) {
                e.addSuppressed(deleteFailed);
            }
            throw e;
        }
        delete(dir);
        return result;
    }

    private Phases onPostgres() throws SQLException {
        String database = "walkout_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        adminExecute("CREATE DATABASE " + database);
        Phases result;
        try {
            result = measure(PG_SERVER + database + "?user=" + PG_USER);
        } catch (RuntimeException | Error e) {
            try {
                dropDatabase(database);
            } catch (SQLException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
        dropDatabase(database);
        return result;
    }

    private static void dropDatabase(String database) throws SQLException {
        // FORCE: a connection left open by a failed run must not keep the database alive.
        adminExecute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void adminExecute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_SERVER + PG_ADMIN_DATABASE, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Migrates a fresh ledger, registers the customer, warms up, then runs three phases back to back: billing's
     * charge path; the raw limit of the same rows (the order, its lines and its item-sold outbox rows written by the
     * ledger in one transaction, one durable commit, no lookups, no payment row); and the raw commit limit (one
     * customer row upserted per durable commit).
     */
    private Phases measure(String jdbcUrl) {
        try (Ledger ledger = Ledger.open(jdbcUrl)) {
            ledger.migrate();
            Clock clock = Clock.systemUTC();
            ledger.upsertCustomer(new Customer(CUSTOMER, STORE, "Bench Shopper", "pm_card_visa", clock.millis()));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            BasketPricer pricer = new BasketPricer(catalog, CURRENCY);
            BasketHandler handler = new BasketHandler(pricer, ledger, new HousePaymentGateway(ledger, clock),
                    new BillingMetrics(meters), clock);
            // one gateway call per charge: the consumer's own meter counts them
            Timer gatewayCalls = meters.get("walkout.billing.charge.latency").timer();
            for (int i = 0; i < WARMUP_BASKETS; i++) {
                charge(handler, basket(clock.millis()));
            }
            long chargesBefore = gatewayCalls.count();
            Result billing = timed(() -> charge(handler, basket(clock.millis())));
            billing = new Result(billing.baskets, billing.basketsPerSec,
                    (gatewayCalls.count() - chargesBefore) / (billing.baskets / billing.basketsPerSec),
                    billing.latencyMicros);
            Result rawRows = timed(() -> insertCharged(ledger, pricer, basket(clock.millis())));
            long[] upserts = new long[1];
            Result rawCommits = timed(() -> ledger.upsertCustomer(new Customer(CUSTOMER, STORE, "Bench Shopper",
                    "pm_card_visa", clock.millis() + ++upserts[0])));
            return new Phases(billing, rawRows, rawCommits);
        }
    }

    /** Runs {@code unit} back to back for the configured seconds; charges/s is left for the caller (-1). */
    private Result timed(Runnable unit) {
        Histogram latencyMicros = new Histogram(3);
        long units = 0;
        long startNs = System.nanoTime();
        long endNs = startNs + TimeUnit.SECONDS.toNanos(seconds);
        long nowNs = startNs;
        while (nowNs - endNs < 0) {
            long beforeNs = System.nanoTime();
            unit.run();
            nowNs = System.nanoTime();
            latencyMicros.recordValue((nowNs - beforeNs) / 1_000);
            units++;
        }
        return new Result(units, units / ((nowNs - startNs) / 1e9), -1, latencyMicros);
    }

    /** The rows a charged basket leaves in the ledger, in one transaction: order, lines, item-sold outbox rows. */
    private static void insertCharged(Ledger ledger, BasketPricer pricer, BasketClosed basket) {
        PricedBasket priced = pricer.price(basket.visitId(), basket.lines());
        String orderId = BasketHandler.orderIdFor(basket.storeId(), basket.visitId());
        long nowMillis = basket.closedAtMillis();
        List<OrderLine> lines = new ArrayList<>(priced.lines().size());
        List<OutboxMessage> outbox = new ArrayList<>(priced.lines().size());
        for (PricedLine p : priced.lines()) {
            lines.add(new OrderLine(lines.size() + 1, p.epc(), p.gtin(), p.name(), p.priceMinor(), p.vatRate(),
                    p.vatMinor(), null, p.exitedAtMillis(), null));
            outbox.add(OutboxMessage.event(Topics.ITEMS_SOLD, basket.storeId(),
                    new ItemSold(basket.storeId(), p.epc(), basket.visitId(), orderId, nowMillis), nowMillis));
        }
        Order order = new Order(orderId, basket.storeId(), basket.visitId(), basket.customerId(), OrderStatus.CHARGED,
                priced.currency(), priced.totalMinor(), null, basket.exitedAtMillis(), nowMillis, nowMillis, nowMillis,
                lines, null);
        if (!ledger.insertOrder(order, outbox)) {
            throw new IllegalStateException("visit=" + basket.visitId() + ": raw insert refused, expected a new order");
        }
    }

    private static void charge(BasketHandler handler, BasketClosed basket) {
        BasketHandler.Outcome outcome = handler.onBasket(basket);
        if (outcome != BasketHandler.Outcome.CHARGED) {
            throw new IllegalStateException("visit=" + basket.visitId() + ": " + outcome + ", expected CHARGED");
        }
    }

    /** A new visit leaving with {@value #LINES_PER_BASKET} catalog items, each a never-seen EPC. */
    private BasketClosed basket(long nowMillis) {
        long visit = ++visits;
        long exitedAtMillis = nowMillis - 5_000;
        Evidence evidence = new Evidence(12, List.of("A1", "EXIT"), exitedAtMillis - 200, exitedAtMillis,
                exitedAtMillis - 100, 0.92, 0.61);
        List<BasketLine> lines = new ArrayList<>(LINES_PER_BASKET);
        for (int i = 0; i < LINES_PER_BASKET; i++) {
            String gtin = gtins.get((int) ((visit * LINES_PER_BASKET + i) % gtins.size()));
            encoder.encode(gtin, COMPANY_PREFIX_DIGITS, 1, ++serials);
            lines.add(new BasketLine(Epc.hex96(encoder.hi(), encoder.lo()), exitedAtMillis, evidence));
        }
        return new BasketClosed(STORE, "v-bench-" + visit, CUSTOMER, nowMillis - 600_000, exitedAtMillis, nowMillis,
                lines);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
