package walkout.store;

import java.nio.file.Path;

/**
 * Everything `./walkout run` and `./walkout demo` let an operator set (CLI flag or {@code WALKOUT_*} variable),
 * after defaults. {@code layoutFile}/{@code catalogFile} null = the bundled demo store; {@code kafka} null = start
 * the embedded broker; {@code dbUrl} null = H2 file under the data dir; {@code staffKey} null = random;
 * {@code ingest} holds the journal and LLRP listener settings; {@code lowStock} is the low-stock threshold of
 * products without a {@code low_stock} catalog column.
 */
public record StoreSettings(Path layoutFile, Path catalogFile, Path dataDir, String kafka, String dbUrl,
                            int httpPort, String staffKey, String bind, PaymentSettings payments,
                            IngestSettings ingest, int lowStock) {
    /** Default {@link #lowStock}. */
    public static final int DEFAULT_LOW_STOCK = 3;

    /** The default ingest settings and low-stock threshold. */
    public StoreSettings(Path layoutFile, Path catalogFile, Path dataDir, String kafka, String dbUrl, int httpPort,
                         String staffKey, String bind, PaymentSettings payments) {
        this(layoutFile, catalogFile, dataDir, kafka, dbUrl, httpPort, staffKey, bind, payments, DEFAULT_LOW_STOCK);
    }

    /** The default ingest settings. */
    public StoreSettings(Path layoutFile, Path catalogFile, Path dataDir, String kafka, String dbUrl, int httpPort,
                         String staffKey, String bind, PaymentSettings payments, int lowStock) {
        this(layoutFile, catalogFile, dataDir, kafka, dbUrl, httpPort, staffKey, bind, payments,
                IngestSettings.DEFAULTS, lowStock);
    }

    /** The house payment gateway and a 30-day refund window. */
    public StoreSettings(Path layoutFile, Path catalogFile, Path dataDir, String kafka, String dbUrl, int httpPort,
                         String staffKey, String bind) {
        this(layoutFile, catalogFile, dataDir, kafka, dbUrl, httpPort, staffKey, bind, PaymentSettings.HOUSE);
    }

    public StoreSettings {
        if (payments == null) {
            throw new IllegalArgumentException("payment settings are required");
        }
        if (lowStock < 0) {
            throw new IllegalArgumentException("--low-stock=" + lowStock + " must be >= 0");
        }
        if (ingest == null) {
            throw new IllegalArgumentException("ingest settings are required");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port=" + httpPort + " must be 0-65535");
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("--bind must name an address");
        }
        if (staffKey != null && staffKey.length() < 8) {
            throw new IllegalArgumentException("--staff-key must be at least 8 characters");
        }
        if (dbUrl != null && !dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db-url=" + dbUrl + " must be a jdbc:h2: or jdbc:postgresql: URL");
        }
    }

    /** The ledger's JDBC URL: {@code --db-url}, or an H2 file under the data dir (billing adds H2's settings). */
    public String jdbcUrl() {
        return dbUrl != null ? dbUrl
                : "jdbc:h2:file:" + dataDir.resolve("ledger").resolve("walkout").toAbsolutePath();
    }

    public StoreSettings withDataDir(Path dir) {
        return new StoreSettings(layoutFile, catalogFile, dir, kafka, dbUrl, httpPort, staffKey, bind, payments,
                ingest, lowStock);
    }

    public StoreSettings withHttpPort(int port) {
        return new StoreSettings(layoutFile, catalogFile, dataDir, kafka, dbUrl, port, staffKey, bind, payments,
                ingest, lowStock);
    }
}
