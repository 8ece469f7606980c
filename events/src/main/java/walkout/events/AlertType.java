package walkout.events;

/** What staff must look at. */
public enum AlertType {
    /** An item left through the exit with no identified shopper. */
    UNPAID_EXIT,
    /** An item left but no single visit beat the others by a clear margin: held, not charged. */
    AMBIGUOUS,
    /**
     * Billing refused a basket line: its EPC was already a line of that order, or already sold and not returned.
     * The rest of the basket is charged; staff see which EPC and why.
     */
    DUPLICATE_LINE,
    /**
     * A visit showed no sign of leaving (no items out, no exit sightings after the floor) and heard nothing for the
     * visit time-out: tracking closed it with what it had, and staff should know the shopper was not seen leaving.
     */
    VISIT_TIMED_OUT
}
