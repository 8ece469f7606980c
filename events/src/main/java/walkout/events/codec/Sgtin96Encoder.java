package walkout.events.codec;

/**
 * Encodes SGTIN-96 EPCs from a GTIN-14, the company prefix length and a serial: what a tag printer does. Used by the
 * store simulator and by tests; the inverse of {@link Sgtin96Decoder}. Results are {@link #hi()} and {@link #lo()}
 * of the last {@link #encode} call: one instance per thread.
 */
public final class Sgtin96Encoder {
    private static final int[] COMPANY_PREFIX_BITS = {40, 37, 34, 30, 27, 24, 20};
    private static final long MAX_SERIAL = (1L << 38) - 1;

    private long hi;
    private int lo;

    /**
     * @param gtin14              14-digit GTIN (check digit included; it is not encoded)
     * @param companyPrefixDigits 6 to 12
     * @param filter              0 to 7 (1 = point-of-sale item)
     * @param serial              0 to 2^38 - 1
     */
    public Sgtin96Encoder encode(String gtin14, int companyPrefixDigits, int filter, long serial) {
        if (gtin14.length() != 14) {
            throw new IllegalArgumentException("GTIN-14 must have 14 digits: " + gtin14);
        }
        if (companyPrefixDigits < 6 || companyPrefixDigits > 12) {
            throw new IllegalArgumentException("company prefix digits must be 6..12: " + companyPrefixDigits);
        }
        if (filter < 0 || filter > 7 || serial < 0 || serial > MAX_SERIAL) {
            throw new IllegalArgumentException("filter 0..7 and serial 0..2^38-1 required: " + filter + ", " + serial);
        }
        int partition = 12 - companyPrefixDigits;
        long prefix = Long.parseLong(gtin14.substring(1, 1 + companyPrefixDigits));
        // Item reference = indicator digit followed by the digits between the prefix and the check digit.
        long item = Long.parseLong(gtin14.charAt(0) + gtin14.substring(1 + companyPrefixDigits, 13));
        int itemBits = 44 - COMPANY_PREFIX_BITS[partition];
        long prefixAndItem = (prefix << itemBits) | item;
        hi = ((long) Sgtin96Decoder.HEADER << 56) | ((long) filter << 53) | ((long) partition << 50)
                | (prefixAndItem << 6) | (serial >>> 32);
        lo = (int) serial;
        return this;
    }

    public long hi() {
        return hi;
    }

    public int lo() {
        return lo;
    }
}
