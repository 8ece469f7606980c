package walkout.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurableH2Test {

    @Test
    void shouldWriteAtCommitAndLeaveClosingToTheLedgerWhenUrlSaysNothing() {
        assertThat(Ledger.durableH2("jdbc:h2:file:/var/walkout/ledger/walkout"))
                .isEqualTo("jdbc:h2:file:/var/walkout/ledger/walkout;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void shouldKeepWhatTheUrlSetsItself() {
        assertThat(Ledger.durableH2("jdbc:h2:mem:x;write_delay=10;DB_CLOSE_ON_EXIT=TRUE"))
                .isEqualTo("jdbc:h2:mem:x;write_delay=10;DB_CLOSE_ON_EXIT=TRUE");
    }
}
