package walkout.store;

import java.nio.file.Files;
import java.nio.file.Path;
import walkout.ingest.IngestConfig;
import walkout.ingest.ListenerTls;
import walkout.ingest.journal.JournalRollCycle;

/**
 * The ingest options of `./walkout run` and `demo`: how the journal rolls, how long delivered cycles are kept, and
 * the LLRP listener for readers that dial in.
 *
 * @param journalRollCycle {@code five-minutely}, {@code hourly}, {@code daily} or {@code weekly}
 * @param journalKeepDays  days a cycle is kept after it ends, once Kafka has all of it; 0 = forever
 * @param llrpListen       {@code [HOST:]PORT} of the listener for readers that dial in (host default
 *                         {@code 0.0.0.0}); null = off
 * @param llrpListenCert   PEM certificate the listener presents (LLRP over TLS); null = plain TCP
 * @param llrpListenKey    PEM (PKCS#8) key of {@code llrpListenCert}
 */
public record IngestSettings(String journalRollCycle, int journalKeepDays, String llrpListen, String llrpListenCert,
                             String llrpListenKey) {
    public static final IngestSettings DEFAULTS = new IngestSettings(
            IngestConfig.DEFAULT_JOURNAL_ROLL_CYCLE.optionName(), IngestConfig.DEFAULT_JOURNAL_KEEP_DAYS, null);

    /** Without TLS on the listener. */
    public IngestSettings(String journalRollCycle, int journalKeepDays, String llrpListen) {
        this(journalRollCycle, journalKeepDays, llrpListen, null, null);
    }

    public IngestSettings {
        try {
            JournalRollCycle.parse(journalRollCycle);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--journal-roll-cycle=" + journalRollCycle + " must be one of "
                    + JournalRollCycle.optionNames(), e);
        }
        if (journalKeepDays < 0 || journalKeepDays > 3650) {
            throw new IllegalArgumentException("--journal-keep-days=" + journalKeepDays + " must be 0-3650");
        }
        if (llrpListen != null) {
            listenPort(llrpListen);
        }
        if ((llrpListenCert == null) != (llrpListenKey == null)) {
            throw new IllegalArgumentException("--llrp-listen-cert=" + llrpListenCert + " and --llrp-listen-key="
                    + llrpListenKey + ": give both or neither");
        }
        if (llrpListenCert != null && llrpListen == null) {
            throw new IllegalArgumentException("--llrp-listen-cert needs --llrp-listen (the listener is off)");
        }
        requireReadable("--llrp-listen-cert", llrpListenCert);
        requireReadable("--llrp-listen-key", llrpListenKey);
    }

    private static void requireReadable(String option, String file) {
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw new IllegalArgumentException(option + "=" + file + ": file not found or not readable");
        }
    }

    IngestConfig applyTo(IngestConfig config) {
        IngestConfig retained = config.withJournalRetention(JournalRollCycle.parse(journalRollCycle),
                journalKeepDays);
        if (llrpListen == null) {
            return retained;
        }
        int colon = llrpListen.lastIndexOf(':');
        String host = colon > 0 ? llrpListen.substring(0, colon) : IngestConfig.DEFAULT_LLRP_LISTEN_HOST;
        IngestConfig listening = retained.withLlrpListener(host, listenPort(llrpListen));
        return llrpListenCert == null ? listening
                : listening.withLlrpListenerTls(new ListenerTls(llrpListenCert, llrpListenKey));
    }

    private static int listenPort(String listen) {
        String port = listen.substring(listen.lastIndexOf(':') + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("--llrp-listen=" + listen + " must be [HOST:]PORT with a port "
                    + "0-65535");
        }
        return Integer.parseInt(port);
    }
}
