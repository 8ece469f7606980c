package walkout.ingest.llrp;

/**
 * Outcomes of {@link LlrpDecoder#decode}: {@link #OK} or why a frame was rejected. The reason strings are stable:
 * they name counters and appear in log lines.
 */
public final class DecodeStatus {
    public static final int OK = 0;
    /** Fewer bytes than a header, or than the header's length says. */
    public static final int TOO_SHORT = 1;
    /** Header version is not 1. */
    public static final int BAD_VERSION = 2;
    /** Header length below 10, above the maximum, or not the frame's length. */
    public static final int BAD_LENGTH = 3;
    /** A parameter's length runs past its enclosing parameter or message. */
    public static final int PARAMETER_OVERRUN = 4;
    /** A TV parameter type LLRP 1.0.1 does not define: its size, hence the rest of the message, is unknown. */
    public static final int UNKNOWN_TV = 5;
    /** A TLV length below its 4-byte header, or a field that cannot fit its parameter. */
    public static final int BAD_PARAMETER_LENGTH = 6;
    /** A required parameter is missing (LLRPStatus in a response, an EPC in TagReportData). */
    public static final int MISSING_PARAMETER = 7;

    private DecodeStatus() {
    }

    /** Short reason for counters, e.g. {@code parameter_overrun}. */
    public static String reason(int status) {
        switch (status) {
            case OK: return "ok";
            case TOO_SHORT: return "too_short";
            case BAD_VERSION: return "bad_version";
            case BAD_LENGTH: return "bad_length";
            case PARAMETER_OVERRUN: return "parameter_overrun";
            case UNKNOWN_TV: return "unknown_tv";
            case BAD_PARAMETER_LENGTH: return "bad_parameter_length";
            case MISSING_PARAMETER: return "missing_parameter";
            default: return "status_" + status;
        }
    }

    /** One-phrase description for log lines, e.g. {@code parameter runs past message}. */
    public static String describe(int status) {
        switch (status) {
            case OK: return "ok";
            case TOO_SHORT: return "too short";
            case BAD_VERSION: return "unsupported version";
            case BAD_LENGTH: return "bad message length";
            case PARAMETER_OVERRUN: return "parameter runs past message";
            case UNKNOWN_TV: return "unknown TV parameter type";
            case BAD_PARAMETER_LENGTH: return "bad parameter length";
            case MISSING_PARAMETER: return "required parameter missing";
            default: return "status " + status;
        }
    }
}
