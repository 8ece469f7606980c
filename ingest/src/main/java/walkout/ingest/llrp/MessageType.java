package walkout.ingest.llrp;

/**
 * LLRP 1.0.1 message type numbers (the 10-bit type field of the message header).
 */
public final class MessageType {
    public static final int GET_READER_CAPABILITIES = 1;
    public static final int GET_READER_CONFIG = 2;
    public static final int SET_READER_CONFIG = 3;
    public static final int CLOSE_CONNECTION_RESPONSE = 4;
    public static final int GET_READER_CAPABILITIES_RESPONSE = 11;
    public static final int GET_READER_CONFIG_RESPONSE = 12;
    public static final int SET_READER_CONFIG_RESPONSE = 13;
    public static final int CLOSE_CONNECTION = 14;
    public static final int ADD_ROSPEC = 20;
    public static final int DELETE_ROSPEC = 21;
    public static final int START_ROSPEC = 22;
    public static final int STOP_ROSPEC = 23;
    public static final int ENABLE_ROSPEC = 24;
    public static final int DISABLE_ROSPEC = 25;
    public static final int GET_ROSPECS = 26;
    public static final int ADD_ROSPEC_RESPONSE = 30;
    public static final int DELETE_ROSPEC_RESPONSE = 31;
    public static final int START_ROSPEC_RESPONSE = 32;
    public static final int STOP_ROSPEC_RESPONSE = 33;
    public static final int ENABLE_ROSPEC_RESPONSE = 34;
    public static final int DISABLE_ROSPEC_RESPONSE = 35;
    public static final int GET_ROSPECS_RESPONSE = 36;
    public static final int RO_ACCESS_REPORT = 61;
    public static final int KEEPALIVE = 62;
    public static final int READER_EVENT_NOTIFICATION = 63;
    public static final int KEEPALIVE_ACK = 72;
    public static final int ERROR_MESSAGE = 100;

    private MessageType() {
    }

    /**
     * The response type a reader answers a client request with.
     *
     * @return the response type, or -1 when {@code requestType} is not a request with a response
     */
    public static int responseTo(int requestType) {
        switch (requestType) {
            case GET_READER_CAPABILITIES:
                return GET_READER_CAPABILITIES_RESPONSE;
            case GET_READER_CONFIG:
                return GET_READER_CONFIG_RESPONSE;
            case SET_READER_CONFIG:
                return SET_READER_CONFIG_RESPONSE;
            case CLOSE_CONNECTION:
                return CLOSE_CONNECTION_RESPONSE;
            case ADD_ROSPEC:
            case DELETE_ROSPEC:
            case START_ROSPEC:
            case STOP_ROSPEC:
            case ENABLE_ROSPEC:
            case DISABLE_ROSPEC:
            case GET_ROSPECS:
                // ROSpec requests 20..26 are answered by 30..36
                return requestType + 10;
            default:
                return -1;
        }
    }

    /** A readable name for log lines; {@code TYPE_<n>} for types this class does not know. */
    public static String name(int type) {
        switch (type) {
            case GET_READER_CAPABILITIES: return "GET_READER_CAPABILITIES";
            case GET_READER_CONFIG: return "GET_READER_CONFIG";
            case SET_READER_CONFIG: return "SET_READER_CONFIG";
            case CLOSE_CONNECTION_RESPONSE: return "CLOSE_CONNECTION_RESPONSE";
            case GET_READER_CAPABILITIES_RESPONSE: return "GET_READER_CAPABILITIES_RESPONSE";
            case GET_READER_CONFIG_RESPONSE: return "GET_READER_CONFIG_RESPONSE";
            case SET_READER_CONFIG_RESPONSE: return "SET_READER_CONFIG_RESPONSE";
            case CLOSE_CONNECTION: return "CLOSE_CONNECTION";
            case ADD_ROSPEC: return "ADD_ROSPEC";
            case DELETE_ROSPEC: return "DELETE_ROSPEC";
            case START_ROSPEC: return "START_ROSPEC";
            case STOP_ROSPEC: return "STOP_ROSPEC";
            case ENABLE_ROSPEC: return "ENABLE_ROSPEC";
            case DISABLE_ROSPEC: return "DISABLE_ROSPEC";
            case GET_ROSPECS: return "GET_ROSPECS";
            case ADD_ROSPEC_RESPONSE: return "ADD_ROSPEC_RESPONSE";
            case DELETE_ROSPEC_RESPONSE: return "DELETE_ROSPEC_RESPONSE";
            case START_ROSPEC_RESPONSE: return "START_ROSPEC_RESPONSE";
            case STOP_ROSPEC_RESPONSE: return "STOP_ROSPEC_RESPONSE";
            case ENABLE_ROSPEC_RESPONSE: return "ENABLE_ROSPEC_RESPONSE";
            case DISABLE_ROSPEC_RESPONSE: return "DISABLE_ROSPEC_RESPONSE";
            case GET_ROSPECS_RESPONSE: return "GET_ROSPECS_RESPONSE";
            case RO_ACCESS_REPORT: return "RO_ACCESS_REPORT";
            case KEEPALIVE: return "KEEPALIVE";
            case READER_EVENT_NOTIFICATION: return "READER_EVENT_NOTIFICATION";
            case KEEPALIVE_ACK: return "KEEPALIVE_ACK";
            case ERROR_MESSAGE: return "ERROR_MESSAGE";
            default: return "TYPE_" + type;
        }
    }
}
