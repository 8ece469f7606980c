package walkout.billing.ledger;

/**
 * A period's figures for the staff overview.
 *
 * @param orders       orders created in the period: one per visit that left the store (baskets, empty ones too)
 * @param chargedMinor sum of the totals of orders charged in the period, in minor units, before refunds
 * @param openAlerts   alerts not yet resolved or dismissed, whenever raised
 */
public record SalesSummary(long orders, long chargedMinor, long openAlerts) {
}
