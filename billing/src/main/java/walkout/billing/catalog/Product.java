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
 */
public record Product(String gtin, String name, long priceMinor, String currency, BigDecimal vatRate) {
    public Product {
        Objects.requireNonNull(gtin, "gtin");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(vatRate, "vatRate");
        if (priceMinor < 0) {
            throw new IllegalArgumentException("priceMinor=" + priceMinor + " must be >= 0");
        }
    }
}
