package walkout.ingest.journal;

/** The type byte that starts every journal record; see {@link Journal} for each layout. */
public final class RecordType {
    public static final byte TAG_READ = 1;
    public static final byte LONG_EPC_TAG_READ = 2;
    public static final byte SHOPPER_ENTERED = 3;
    public static final byte BEACON_SIGHTED = 4;
    public static final byte CUSTOMER_REGISTERED = 5;
    public static final byte TAG_READS = 6;

    private RecordType() {
    }
}
