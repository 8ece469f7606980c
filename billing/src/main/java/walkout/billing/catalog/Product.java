package walkout.billing.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One catalog entry.
 *
 * @param gtin       GTIN-14, check digit verified
 * @param name       display name for receipts
 * @param priceMinor gross shelf price in the currency's minor units (cents for EUR)
 * @param currency   ISO 4217 code
 * @param vatRate    VAT rate included in the gross price, in [0, 1), trailing zeros stripped
 * @param lowStock   low-stock threshold from the optional {@code low_stock} column (>= 0), or null for the store's
 *                   default
 */
public record Product(String gtin, String name, long priceMinor, String currency, BigDecimal vatRate,
                      Integer lowStock) {
    /** A product without its own low-stock threshold. */
    public Product(String gtin, String name, long priceMinor, String currency, BigDecimal vatRate) {
        this(gtin, name, priceMinor, currency, vatRate, null);
    }

    public Product {
        Objects.requireNonNull(gtin, "gtin");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(vatRate, "vatRate");
        if (priceMinor < 0) {
            throw new IllegalArgumentException("priceMinor=" + priceMinor + " must be >= 0");
        }
        if (lowStock != null && lowStock < 0) {
            throw new IllegalArgumentException("lowStock=" + lowStock + " must be >= 0");
        }
    }
}
