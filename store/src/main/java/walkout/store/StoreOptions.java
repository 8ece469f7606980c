package walkout.store;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options `run` and `demo` share; each defaults from a {@code WALKOUT_<NAME>} variable when set. */
public final class StoreOptions {
    @Option(names = "--layout", paramLabel = "FILE", defaultValue = "${env:WALKOUT_LAYOUT}",
            description = "Store layout (YAML or JSON). Default: the bundled demo store. Env: WALKOUT_LAYOUT.")
    Path layout;

    @Option(names = "--catalog", paramLabel = "FILE", defaultValue = "${env:WALKOUT_CATALOG}",
            description = "Product catalog CSV (gtin,name,price,currency,vat_rate). Default: the bundled demo "
                    + "catalog. Env: WALKOUT_CATALOG.")
    Path catalog;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:WALKOUT_DATA_DIR:-./data}",
            description = "Journal, embedded Kafka logs, H2 ledger; reused across restarts. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--kafka", paramLabel = "HOST:PORT,...", defaultValue = "${env:WALKOUT_KAFKA}",
            description = "Use this Kafka cluster instead of starting the embedded broker. Env: WALKOUT_KAFKA.")
    String kafka;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "${env:WALKOUT_DB_URL}",
            description = "Ledger database, e.g. jdbc:postgresql://127.0.0.1:5432/walkout. Default: H2 file under "
                    + "the data dir. Env: WALKOUT_DB_URL.")
    String dbUrl;

    @Option(names = "--http-port", paramLabel = "P", defaultValue = "${env:WALKOUT_HTTP_PORT:-8080}",
            description = "Dashboard, staff API and device API port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--staff-key", paramLabel = "KEY", defaultValue = "${env:WALKOUT_STAFF_KEY}",
            description = "Bearer key for the staff API and dashboard login. Default: random, printed at start.")
    String staffKey;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "${env:WALKOUT_BIND:-127.0.0.1}",
            description = "Address the HTTP server binds. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--payment-gateway", paramLabel = "house|stripe",
            defaultValue = "${env:WALKOUT_PAYMENT_GATEWAY:-house}",
            description = "house: record charges against the customer's saved method (stores that invoice); "
                    + "stripe: off-session PaymentIntents. Default: ${DEFAULT-VALUE}.")
    String paymentGateway;

    @Option(names = "--stripe-key", paramLabel = "KEY", defaultValue = "${env:WALKOUT_STRIPE_KEY}",
            description = "Stripe secret key, for --payment-gateway stripe. Env: WALKOUT_STRIPE_KEY.")
    String stripeKey;

    @Option(names = "--stripe-base-url", paramLabel = "URL", defaultValue = "${env:WALKOUT_STRIPE_BASE_URL}",
            description = "Stripe API base URL. Default: https://api.stripe.com.")
    String stripeBaseUrl;

    @Option(names = "--refund-window-days", paramLabel = "D", defaultValue = "${env:WALKOUT_REFUND_WINDOW_DAYS:-30}",
            description = "How many days after a charge staff may refund it. Default: ${DEFAULT-VALUE}.")
    int refundWindowDays;

    @Option(names = "--low-stock", paramLabel = "N", defaultValue = "${env:WALKOUT_LOW_STOCK:-3}",
            description = "Low-stock threshold of products without a low_stock catalog column: fewer than N on the "
                    + "floor is low. Default: ${DEFAULT-VALUE}.")
    int lowStock;

    @Option(names = "--journal-roll-cycle", paramLabel = "CYCLE",
            defaultValue = "${env:WALKOUT_JOURNAL_ROLL_CYCLE:-daily}",
            description = "How often the journal starts a new file: five-minutely, hourly, daily or weekly (an "
                    + "existing journal keeps its own). Default: ${DEFAULT-VALUE}.")
    String journalRollCycle;

    @Option(names = "--journal-keep-days", paramLabel = "D", defaultValue = "${env:WALKOUT_JOURNAL_KEEP_DAYS:-7}",
            description = "Days a journal file is kept after it ends, once Kafka has all of it (0 = forever). "
                    + "Default: ${DEFAULT-VALUE}.")
    int journalKeepDays;

    @Option(names = "--llrp-listen", paramLabel = "[HOST:]PORT", defaultValue = "${env:WALKOUT_LLRP_LISTEN}",
            description = "Accept LLRP connections from readers that dial in (layout readers without an address, "
                    + "matched by identification) on this port; host default 0.0.0.0. Default: off.")
    String llrpListen;

    @Option(names = "--llrp-listen-cert", paramLabel = "PEM", defaultValue = "${env:WALKOUT_LLRP_LISTEN_CERT}",
            description = "LLRP over TLS on the --llrp-listen port: the certificate (chain) it presents. Readers "
                    + "that dial in with tls in the layout must then show a client certificate their ca or pin "
                    + "accepts. Needs --llrp-listen-key. Default: plain TCP.")
    String llrpListenCert;

    @Option(names = "--llrp-listen-key", paramLabel = "PEM", defaultValue = "${env:WALKOUT_LLRP_LISTEN_KEY}",
            description = "The PKCS#8 PEM private key of --llrp-listen-cert.")
    String llrpListenKey;

    StoreSettings settings() {
        return new StoreSettings(layout, catalog, dataDir, blankToNull(kafka), blankToNull(dbUrl), httpPort,
                blankToNull(staffKey), bind, new PaymentSettings(paymentGateway, blankToNull(stripeKey),
                blankToNull(stripeBaseUrl), refundWindowDays),
                new IngestSettings(journalRollCycle, journalKeepDays, blankToNull(llrpListen),
                        blankToNull(llrpListenCert), blankToNull(llrpListenKey)), lowStock);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
