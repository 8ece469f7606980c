package walkout.events;

/** What staff must look at. */
public enum AlertType {
    /** An item left through the exit with no identified shopper. */
    UNPAID_EXIT,
    /** An item left but no single visit beat the others by a clear margin: held, not charged. */
    AMBIGUOUS
}
