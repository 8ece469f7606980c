package walkout.events.codec;

import walkout.events.Epc;
import walkout.events.Gtin;

/**
 * Decodes SGTIN-96 EPCs (GS1 Tag Data Standard) without allocating: {@link #decode} fills this object's fields,
 * which stay valid until the next call. One instance per thread.
 *
 * <pre>
 *  bit 0        8       11          14                                   58                         96
 *      | header | filter | partition | company prefix | item reference  |          serial          |
 *      |  0x30  |  3 b   |    3 b    |   (44 bits, split by the partition table)  |   38 bits        |
 * </pre>
 * The EPC arrives as {@code hi} (bits 0-63) and {@code lo} (bits 64-95).
 */
public final class Sgtin96Decoder {
    public static final int HEADER = 0x30;
    public static final int HEADER_SGTIN_198 = 0x36;
    public static final int HEADER_SSCC_96 = 0x31;
    public static final int HEADER_GRAI_96 = 0x33;
    public static final int HEADER_GIAI_96 = 0x34;

    /** Company prefix bits per partition; the item reference gets the rest of 44. */
    private static final int[] COMPANY_PREFIX_BITS = {40, 37, 34, 30, 27, 24, 20};
    private static final int[] COMPANY_PREFIX_DIGITS = {12, 11, 10, 9, 8, 7, 6};
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Why {@link #decode} refused an EPC. */
    public enum Status { OK, NOT_SGTIN_96, BAD_PARTITION, FIELD_OUT_OF_RANGE }

    private int filter;
    private int partition;
    private long companyPrefix;
    private int companyPrefixDigits;
    private long itemReference;
    private long serial;
    private long gtin14;

    /** The EPC scheme name for a header byte, or {@code "unknown"}. Constant strings: no allocation. */
    public static String scheme(int header) {
        switch (header) {
            case HEADER:
                return "sgtin-96";
            case HEADER_SGTIN_198:
                return "sgtin-198";
            case HEADER_SSCC_96:
                return "sscc-96";
            case HEADER_GRAI_96:
                return "grai-96";
            case HEADER_GIAI_96:
                return "giai-96";
            default:
                return "unknown";
        }
    }

    public Status decode(long hi, int lo) {
        int header = (int) (hi >>> 56);
        if (header != HEADER) {
            return Status.NOT_SGTIN_96;
        }
        int p = (int) (hi >>> 50) & 0x7;
        if (p > 6) {
            return Status.BAD_PARTITION;
        }
        long prefixAndItem = (hi >>> 6) & ((1L << 44) - 1);
        int itemBits = 44 - COMPANY_PREFIX_BITS[p];
        int prefixDigits = COMPANY_PREFIX_DIGITS[p];
        int itemDigits = 13 - prefixDigits;
        long prefix = prefixAndItem >>> itemBits;
        long item = prefixAndItem & ((1L << itemBits) - 1);
        if (prefix >= POW10[prefixDigits] || item >= POW10[itemDigits]) {
            return Status.FIELD_OUT_OF_RANGE;
        }
        filter = (int) (hi >>> 53) & 0x7;
        partition = p;
        companyPrefix = prefix;
        companyPrefixDigits = prefixDigits;
        itemReference = item;
        serial = ((hi & 0x3F) << 32) | (lo & 0xFFFF_FFFFL);
        // GTIN-14 = indicator (first digit of the item reference) + company prefix + rest of item reference + check.
        long indicator = item / POW10[itemDigits - 1];
        long itemRest = item % POW10[itemDigits - 1];
        gtin14 = Gtin.withCheckDigit(indicator * POW10[12] + prefix * POW10[12 - prefixDigits] + itemRest);
        return Status.OK;
    }

    public int filter() {
        return filter;
    }

    public int partition() {
        return partition;
    }

    public long companyPrefix() {
        return companyPrefix;
    }

    public int companyPrefixDigits() {
        return companyPrefixDigits;
    }

    public long itemReference() {
        return itemReference;
    }

    /** Digits of the item reference, indicator included (13 minus the company prefix's). */
    public int itemReferenceDigits() {
        return 13 - companyPrefixDigits;
    }

    public long serial() {
        return serial;
    }

    /** The GTIN-14 as a number; format with 14 digits, leading zeros kept. */
    public long gtin14() {
        return gtin14;
    }

    /**
     * Decodes a 24-hex-digit EPC and answers its GTIN-14 as 14 digits, or null when it is not a valid SGTIN-96.
     * Allocates: not for the hot path.
     */
    public String gtinOf(String epcHex) {
        if (!Epc.isHex96(epcHex) || decode(Epc.hi(epcHex), Epc.lo(epcHex)) != Status.OK) {
            return null;
        }
        return Gtin.of(gtin14).value();
    }

    /** The pure-identity URI, e.g. {@code urn:epc:id:sgtin:0614141.812345.6789}. Allocates: not for the hot path. */
    public String uri() {
        return "urn:epc:id:sgtin:" + pad(companyPrefix, companyPrefixDigits) + "."
                + pad(itemReference, itemReferenceDigits()) + "." + serial;
    }

    private static String pad(long value, int digits) {
        String s = Long.toString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }
}
