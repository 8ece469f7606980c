package walkout.tracking.item;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemStateTest {
    private final ItemState onShelf = ItemState.first("store-1", "EPC", "80614141123458").onFloorRead("A1", 100);

    @Test
    void shouldBeExitedAndInNoBasketWhenItsPassLeft() {
        ItemState left = onShelf.attributedTo("v-old").exited(1_000, 1_200, 1_500);

        assertThat(left.status()).isEqualTo(ItemStatus.EXITED);
        assertThat(left.exitInnerMillis()).isEqualTo(1_000);
        assertThat(left.exitedAtMillis()).isEqualTo(1_200);
        assertThat(left.passEndMillis()).isEqualTo(1_500);
        assertThat(left.attributedVisitId()).isNull();
    }

    @Test
    void shouldStayExitedWhenAFloorReadFallsInsideItsOwnPass() {
        ItemState left = onShelf.exited(1_000, 1_200, 1_500);

        assertThat(left.onFloorRead("A1", 1_400, true)).isSameAs(left);
        assertThat(left.onFloorRead("A1", 1_501, true).status()).isEqualTo(ItemStatus.MOVING);
    }

    @Test
    void shouldComeBackOnFloorWhenReadInsideAfterExit() {
        ItemState left = onShelf.exited(1_000, 1_200, 1_400);

        ItemState back = left.onFloorRead("A2", 60_000);

        assertThat(back.status()).isEqualTo(ItemStatus.ON_FLOOR);
        assertThat(back.zone()).isEqualTo("A2");
        assertThat(back.returned(left)).isTrue();
    }

    @Test
    void shouldBeInsideAgainWhenAnExitedItemComesInThroughThePortal() {
        ItemState left = onShelf.exited(1_000, 1_200, 1_400).attributedTo("v-1");

        ItemState in = left.cameIn(30_000);

        assertThat(in.status()).isEqualTo(ItemStatus.MOVING);
        assertThat(in.attributedVisitId()).isNull();
        assertThat(in.returned(left)).isTrue();
        assertThat(onShelf.cameIn(30_000)).as("only an exited item can come in").isSameAs(onShelf);
    }

    @Test
    void shouldStaySoldWhenSoldItemLeaves() {
        ItemState left = onShelf.sold().exited(1_000, 1_200, 1_400);

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
        assertThat(returned.exited(61_000, 61_200, 61_400).status())
                .as("leaving before a shelf read is an exit like any unsold item's").isEqualTo(ItemStatus.EXITED);
    }

    @Test
    void shouldKeepNewerZoneWhenOlderFloorReadArrivesLate() {
        ItemState moved = onShelf.onFloorRead("A2", 500).onFloorRead("A1", 300);

        assertThat(moved.zone()).isEqualTo("A2");
    }

    @Test
    void shouldKnowItsLastFloorReadWhetherCarriedOrResting() {
        ItemState carried = onShelf.onFloorRead("A2", 2_000, true).onFloorRead("A3", 3_000, true);

        assertThat(onShelf.lastFloorReadMillis()).isEqualTo(100);
        assertThat(carried.lastFloorReadMillis()).isEqualTo(3_000);
    }
}
