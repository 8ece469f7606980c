package walkout.billing;

import java.nio.file.Path;

/** The ledger flow on a real H2 file, the store's default ledger. */
class H2LedgerFlowTest extends LedgerFlowTestBase {
    @Override
    protected String jdbcUrl(Path tempDir) {
        return "jdbc:h2:file:" + tempDir.resolve("ledger").toAbsolutePath();
    }
}
