package walkout.events;

/** A GTIN-14: 14 digits, the last one the GS1 check digit of the first 13. */
public record Gtin(String value) {
    public Gtin {
        if (value == null || value.length() != 14 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("GTIN-14 must be 14 digits: " + value);
        }
        int expected = checkDigit(Long.parseLong(value.substring(0, 13)));
        if (value.charAt(13) - '0' != expected) {
            throw new IllegalArgumentException("GTIN-14 " + value + " has check digit " + value.charAt(13)
                    + ", expected " + expected);
        }
    }

    /** GS1 mod-10 check digit of a 13-digit number: weights 3,1,3,... from the rightmost digit. */
    public static int checkDigit(long first13) {
        int sum = 0;
        long rest = first13;
        for (int i = 0; i < 13; i++) {
            int digit = (int) (rest % 10);
            sum += (i % 2 == 0) ? 3 * digit : digit;
            rest /= 10;
        }
        return (10 - sum % 10) % 10;
    }

    /** The GTIN-14 for the 13 digits given (indicator, company prefix, item reference), check digit appended. */
    public static long withCheckDigit(long first13) {
        return first13 * 10 + checkDigit(first13);
    }

    public static Gtin of(long gtin14) {
        return new Gtin(String.format("%014d", gtin14));
    }

    @Override
    public String toString() {
        return value;
    }
}
