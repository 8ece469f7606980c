package walkout.ingest.reader;

/** Connection state of one reader session, as /health shows it. */
public enum ReaderState {
    /** Dialing, or connected but the ROSpec is not started yet. */
    CONNECTING,
    /** Connected and the ROSpec started: reads flow. */
    CONNECTED,
    /** Not connected; a reconnect is scheduled unless the session is stopped. */
    DISCONNECTED
}
