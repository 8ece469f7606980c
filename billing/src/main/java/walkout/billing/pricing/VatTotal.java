package walkout.billing.pricing;

import java.math.BigDecimal;

/** Gross and VAT of all lines at one rate, in minor units. */
public record VatTotal(BigDecimal vatRate, long grossMinor, long vatMinor) {
    public long netMinor() {
        return grossMinor - vatMinor;
    }
}
