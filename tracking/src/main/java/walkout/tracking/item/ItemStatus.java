package walkout.tracking.item;

/** Where an item is in its life in the store, as far as tracking knows. */
public enum ItemStatus {
    /** In the store; counted on the floor in its last shelf zone once it has one. */
    ON_FLOOR,
    /** Being carried: floor antennas read it weaker than a shelf read, off its shelf. Not counted on the floor. */
    MOVING,
    /** Left through the exit portal (a pass that reads as leaving, or a missed outer read); not read inside since. */
    EXITED,
    /** Billing charged for it: never attributed or alarmed again, until a refund returns it. */
    SOLD,
    /**
     * Refunded after it was sold: the store's again but not yet back on a shelf, so not counted on the floor. A shelf
     * read puts it ON_FLOOR (a carried read MOVING); through the exit portal it is an exit like any unsold item's.
     */
    RETURNED
}
