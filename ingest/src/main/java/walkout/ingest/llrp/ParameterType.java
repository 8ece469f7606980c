package walkout.ingest.llrp;

/**
 * LLRP 1.0.1 parameter type numbers. TV parameters (1..127) are one type byte with the top bit set followed by a
 * value whose size the type fixes; TLV parameters carry a 10-bit type and a 16-bit length including their 4-byte
 * header.
 */
public final class ParameterType {
    // TV
    public static final int ANTENNA_ID = 1;
    public static final int FIRST_SEEN_TIMESTAMP_UTC = 2;
    public static final int FIRST_SEEN_TIMESTAMP_UPTIME = 3;
    public static final int LAST_SEEN_TIMESTAMP_UTC = 4;
    public static final int LAST_SEEN_TIMESTAMP_UPTIME = 5;
    public static final int PEAK_RSSI = 6;
    public static final int CHANNEL_INDEX = 7;
    public static final int TAG_SEEN_COUNT = 8;
    public static final int RO_SPEC_ID = 9;
    public static final int INVENTORY_PARAMETER_SPEC_ID = 10;
    public static final int C1G2_CRC = 11;
    public static final int C1G2_PC = 12;
    public static final int EPC_96 = 13;
    public static final int SPEC_INDEX = 14;
    public static final int CLIENT_REQUEST_OP_SPEC_RESULT = 15;
    public static final int ACCESS_SPEC_ID = 16;
    public static final int OP_SPEC_ID = 17;
    public static final int C1G2_SINGULATION_DETAILS = 18;

    // TLV
    public static final int UTC_TIMESTAMP = 128;
    public static final int UPTIME = 129;
    public static final int GENERAL_DEVICE_CAPABILITIES = 137;
    public static final int RO_SPEC = 177;
    public static final int RO_BOUNDARY_SPEC = 178;
    public static final int RO_SPEC_START_TRIGGER = 179;
    public static final int PERIODIC_TRIGGER_VALUE = 180;
    public static final int GPI_TRIGGER_VALUE = 181;
    public static final int RO_SPEC_STOP_TRIGGER = 182;
    public static final int AI_SPEC = 183;
    public static final int AI_SPEC_STOP_TRIGGER = 184;
    public static final int TAG_OBSERVATION_TRIGGER = 185;
    public static final int INVENTORY_PARAMETER_SPEC = 186;
    /** Identification (GET_READER_CONFIG_RESPONSE): IDType u8 (0 MAC address, 1 EPC), ReaderID u8v. */
    public static final int IDENTIFICATION = 218;
    public static final int KEEPALIVE_SPEC = 220;
    public static final int RO_REPORT_SPEC = 237;
    public static final int TAG_REPORT_CONTENT_SELECTOR = 238;
    public static final int TAG_REPORT_DATA = 240;
    public static final int EPC_DATA = 241;
    public static final int READER_EVENT_NOTIFICATION_DATA = 246;
    public static final int CONNECTION_ATTEMPT_EVENT = 256;
    public static final int CONNECTION_CLOSE_EVENT = 257;
    public static final int LLRP_STATUS = 287;
    public static final int FIELD_ERROR = 288;
    public static final int PARAMETER_ERROR = 289;
    public static final int C1G2_EPC_MEMORY_SELECTOR = 348;
    public static final int CUSTOM = 1023;

    private ParameterType() {
    }

    /**
     * Total size in bytes (type byte included) of a TV parameter, or -1 when the type is not one LLRP 1.0.1 defines,
     * in which case the rest of the enclosing parameter cannot be walked.
     */
    public static int tvLength(int tvType) {
        switch (tvType) {
            case PEAK_RSSI:
                return 2;
            case ANTENNA_ID:
            case CHANNEL_INDEX:
            case TAG_SEEN_COUNT:
            case INVENTORY_PARAMETER_SPEC_ID:
            case C1G2_CRC:
            case C1G2_PC:
            case SPEC_INDEX:
            case CLIENT_REQUEST_OP_SPEC_RESULT:
            case OP_SPEC_ID:
                return 3;
            case RO_SPEC_ID:
            case ACCESS_SPEC_ID:
            case C1G2_SINGULATION_DETAILS:
                return 5;
            case FIRST_SEEN_TIMESTAMP_UTC:
            case FIRST_SEEN_TIMESTAMP_UPTIME:
            case LAST_SEEN_TIMESTAMP_UTC:
            case LAST_SEEN_TIMESTAMP_UPTIME:
                return 9;
            case EPC_96:
                return 13;
            default:
                return -1;
        }
    }
}
