package walkout.events;

/**
 * EPC values as Walkout passes them around: upper-case hex strings on topics and in the API, two primitives
 * ({@code hi} = first 64 bits, {@code lo} = last 32 bits) for EPC-96 on the hot path.
 */
public final class Epc {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Epc() {
    }

    /** The 24 upper-case hex digits of an EPC-96. */
    public static String hex96(long hi, int lo) {
        char[] out = new char[24];
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xF];
        }
        for (int i = 0; i < 8; i++) {
            out[16 + i] = HEX[(lo >>> (28 - 4 * i)) & 0xF];
        }
        return new String(out);
    }

    /** First 64 bits of a 24-digit hex EPC-96. */
    public static long hi(String hex96) {
        requireHex96(hex96);
        return Long.parseUnsignedLong(hex96.substring(0, 16), 16);
    }

    /** Last 32 bits of a 24-digit hex EPC-96. */
    public static int lo(String hex96) {
        requireHex96(hex96);
        return (int) Long.parseLong(hex96.substring(16, 24), 16);
    }

    /** True for 24 hex digits. */
    public static boolean isHex96(String s) {
        if (s == null || s.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void requireHex96(String s) {
        if (!isHex96(s)) {
            throw new IllegalArgumentException("not a 96-bit EPC in hex: " + s);
        }
    }
}
