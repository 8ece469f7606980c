package walkout.tracking.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ItemStateTest {
    private static final long WINDOW_MS = 3_000;
    private final ItemState onShelf = ItemState.first("store-1", "EPC", "80614141123458").onFloorRead("A1", 100);

    @Test
    void shouldLeaveAtOuterReadWhenInnerCameFirst() {
        ItemState left = onShelf.onInnerRead(1_000, WINDOW_MS).onOuterRead(1_400, WINDOW_MS);

        assertThat(left.status()).isEqualTo(ItemStatus.EXITED);
        assertThat(left.exitInnerMillis()).isEqualTo(1_000);
        assertThat(left.exitedAtMillis()).isEqualTo(1_400);
    }

    @Test
    void shouldKeepFirstExitWhenMoreOuterReadsFollowInSamePass() {
        ItemState left = onShelf.onInnerRead(1_000, WINDOW_MS).onOuterRead(1_400, WINDOW_MS);

        ItemState after = left.onOuterRead(1_800, WINDOW_MS).onInnerRead(2_000, WINDOW_MS)
                .onOuterRead(2_300, WINDOW_MS);

        assertThat(after.exitedAtMillis()).isEqualTo(1_400);
    }

    @Test
    void shouldNotLeaveWhenOuterReadComesAfterPairWindow() {
        ItemState state = onShelf.onInnerRead(1_000, WINDOW_MS).onOuterRead(4_001, WINDOW_MS);

        assertThat(state.status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(state.exitedAtMillis()).isEqualTo(ItemState.NONE);
    }

    @Test
    void shouldComeBackOnFloorWhenReadInsideAfterExit() {
        ItemState left = onShelf.onInnerRead(1_000, WINDOW_MS).onOuterRead(1_400, WINDOW_MS);

        ItemState back = left.onFloorRead("A2", 60_000);

        assertThat(back.status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(back.zone()).isEqualTo("A2");
    }

    @Test
    void shouldStaySoldWhenSoldItemLeaves() {
        ItemState left = onShelf.sold().onInnerRead(1_000, WINDOW_MS).onOuterRead(1_400, WINDOW_MS);

        assertThat(left.status()).isEqualTo(ItemStatus.SOLD);
        assertThat(left.onFloorRead("A1", 60_000).status()).isEqualTo(ItemStatus.SOLD);
    }

    @Test
    void shouldBeBackOnFloorAtTheNextShelfReadWhenASoldItemIsRefunded() {
        ItemState returned = onShelf.sold().refunded();

        assertThat(returned.status()).isEqualTo(ItemStatus.RETURNED);
        assertThat(returned.refunded()).as("a second refund event changes nothing").isEqualTo(returned);
        assertThat(onShelf.refunded()).as("only a sold item can be returned").isEqualTo(onShelf);
        assertThat(returned.onFloorRead("A2", 60_000).status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(returned.onFloorRead("A2", 60_000, true).status()).isEqualTo(ItemStatus.MOVING);
        assertThat(returned.onInnerRead(61_000, WINDOW_MS).onOuterRead(61_400, WINDOW_MS).status())
                .as("leaving before a shelf read is an exit like any unsold item's").isEqualTo(ItemStatus.EXITED);
    }

    @Test
    void shouldKeepNewerZoneWhenOlderFloorReadArrivesLate() {
        ItemState moved = onShelf.onFloorRead("A2", 500).onFloorRead("A1", 300);

        assertThat(moved.zone()).isEqualTo("A2");
    }

    @Test
    void shouldRememberTheFirstInnerReadOfThePassAsWhenTheItemPassed() {
        ItemState armed = onShelf.onInnerRead(1_000, WINDOW_MS).onInnerRead(1_200, WINDOW_MS)
                .onInnerRead(900, WINDOW_MS).onInnerRead(1_600, WINDOW_MS);

        assertThat(armed.armedSinceMillis()).isEqualTo(900L);
        assertThat(armed.armedInnerMillis()).as("pairing still counts from the latest").isEqualTo(1_600);
        assertThat(armed.onOuterRead(1_800, WINDOW_MS).armedSinceMillis()).isNull();
    }

    @Test
    void shouldStartANewPassWhenAnInnerReadComesLongAfterAnUnpairedOne() {
        ItemState armed = onShelf.onInnerRead(1_000, WINDOW_MS).onInnerRead(1_000 + WINDOW_MS + 1, WINDOW_MS);

        assertThat(armed.armedSinceMillis()).isEqualTo(1_000L + WINDOW_MS + 1);
    }

    @Test
    void shouldTakeTheLatestInnerReadAsThePassWhenStoredBeforeTheFirstWasKept() {
        ItemState stored = new ItemState("store-1", "EPC", "80614141123458", "A1", 100, ItemStatus.ON_FLOOR, 3,
                1_200, ItemState.NONE, ItemState.NONE, ItemState.NONE, null, List.of(), -5500, null);

        assertThat(stored.onInnerRead(1_400, WINDOW_MS).armedSinceMillis()).isEqualTo(1_200L);
    }
}
