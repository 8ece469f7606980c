package walkout.billing.pricing;

/** Why a basket line could not be priced. A flagged line is recorded for staff and never charged. */
public enum LineFlag {
    /** The EPC is not 24 hex digits. */
    MALFORMED_EPC,
    /** The EPC is well formed but not an SGTIN-96 (another scheme, bad partition or out-of-range field). */
    NOT_SGTIN_96,
    /** The EPC's GTIN is not in the catalog. */
    UNKNOWN_GTIN,
    /** The catalog prices the product in another currency than the store charges in. */
    CURRENCY_MISMATCH
}
