package walkout.billing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ledger flow on the PostgreSQL server CI runs at 127.0.0.1:5432 (trust auth, user {@code postgres}, database
 * {@code test}, or {@code postgres} when there is no {@code test}). Each run creates its own database
 * {@code walkout_it_<random>} through it and drops it at the end; each test gets a fresh schema inside it, so
 * neither runs nor tests see each other's rows.
 */
class PostgresLedgerFlowIT extends ChargedOnceTestBase {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = "postgres";
    private static String database;

    private String url;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = "walkout_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    /** A connection to {@code test}, or to {@code postgres} on a server where {@code test} was not created. */
    private static Connection admin() throws SQLException {
        try {
            return DriverManager.getConnection(SERVER + "test", USER, "");
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {
                throw e;
            }
            return DriverManager.getConnection(SERVER + "postgres", USER, "");
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (database == null) {
            return;
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            // FORCE: a connection a failed test left open must not keep the database alive.
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Same URL for the whole test (a restart test reopens it); the schema is created on first use. */
    @Override
    protected String jdbcUrl(Path tempDir) {
        if (url == null) {
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(SERVER + database, USER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create schema " + schema + " in " + database, e);
            }
            url = SERVER + database + "?user=" + USER + "&currentSchema=" + schema;
        }
        return url;
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(tempDir));
    }
}
