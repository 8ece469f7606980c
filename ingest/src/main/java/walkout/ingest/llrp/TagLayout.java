package walkout.ingest.llrp;

import org.agrona.DirectBuffer;

/**
 * Where the fields of one TagReportData lie, as offsets from the start of its value, and, when every parameter in it
 * is TV, the sequence of parameter types that put them there. A reader reports every tag of a ROSpec with the same
 * parameters, so the next tag usually has the same layout: {@link #matches} checks its length and each type byte at
 * the remembered offsets, and the fields are read where they were. Since a TV parameter's length is fixed by its
 * type, a tag that matches would be walked to exactly these offsets, with the same checks passing. One per decoder.
 */
final class TagLayout {
    static final int ABSENT = -1;
    private static final int MAX_PARAMETERS = 16;

    int epc;
    int epcBits;
    int antenna;
    int peakRssi;
    int firstSeen;
    boolean firstSeenUptime;
    int lastSeen;
    boolean lastSeenUptime;
    int seenCount;

    private final byte[] types = new byte[MAX_PARAMETERS];
    private final int[] offsets = new int[MAX_PARAMETERS];
    private int parameters;
    private boolean allTv;
    /** Length of the tag's value this layout is for; -1 when it is not one to reuse. */
    private int length = ABSENT;

    /** Starts a walk of a new tag: no field found yet. */
    void clear() {
        epc = ABSENT;
        epcBits = 0;
        antenna = ABSENT;
        peakRssi = ABSENT;
        firstSeen = ABSENT;
        firstSeenUptime = false;
        lastSeen = ABSENT;
        lastSeenUptime = false;
        seenCount = ABSENT;
        parameters = 0;
        allTv = true;
        length = ABSENT;
    }

    /** The walk met a parameter whose first byte is {@code typeByte}, {@code offset} bytes into the tag's value. */
    void parameter(byte typeByte, int offset, boolean tv) {
        if (!tv || parameters == MAX_PARAMETERS) {
            allTv = false;
            return;
        }
        types[parameters] = typeByte;
        offsets[parameters++] = offset;
    }

    /** The walk of a tag whose value is {@code length} bytes ended well: keep its layout if it can be reused. */
    void complete(int length) {
        this.length = allTv ? length : ABSENT;
    }

    /** Whether the tag whose value starts at {@code start} has this layout. */
    boolean matches(DirectBuffer buffer, int start, int length) {
        if (length != this.length) {
            return false;
        }
        for (int i = 0; i < parameters; i++) {
            if (buffer.getByte(start + offsets[i]) != types[i]) {
                return false;
            }
        }
        return true;
    }
}
