package walkout.billing;

import java.nio.file.Path;

/** The ledger flow and the charged-once invariants on a real H2 file, the store's default ledger. */
class H2LedgerFlowTest extends ChargedOnceTestBase {
    @Override
    protected String jdbcUrl(Path tempDir) {
        return "jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath();
    }
}
