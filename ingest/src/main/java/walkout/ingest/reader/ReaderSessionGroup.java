package walkout.ingest.reader;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Several reader sessions on one event loop: the group's context is theirs (each is initialised on it, not deployed
 * on its own), so their journal appends all come from one thread. The journal is one Chronicle queue with one write
 * lock; appenders on two threads spend their time handing that lock and its cache lines back and forth, so on a small
 * machine one appending thread journals more than two. Undeploying the group stops its sessions (CLOSE_CONNECTION
 * to each).
 */
public final class ReaderSessionGroup extends VerticleBase {
    private final List<ReaderSession> sessions;

    public ReaderSessionGroup(List<ReaderSession> sessions) {
        this.sessions = List.copyOf(sessions);
    }

    @Override
    public Future<Void> start() {
        return startAll(vertx, context, sessions);
    }

    @Override
    public Future<Void> stop() {
        return stopAll(sessions);
    }

    /** Initialises every session on {@code context} and starts it there; call on that context. */
    static Future<Void> startAll(Vertx vertx, Context context, List<ReaderSession> sessions) {
        List<Future<Void>> started = new ArrayList<>();
        for (ReaderSession session : sessions) {
            session.init(vertx, context);
            started.add(session.start());
        }
        return Future.all(started).mapEmpty();
    }

    /** Stops every session, waiting for all of them even when one fails. */
    static Future<Void> stopAll(List<ReaderSession> sessions) {
        List<Future<Void>> stopped = new ArrayList<>();
        for (ReaderSession session : sessions) {
            stopped.add(session.stop());
        }
        return Future.join(stopped).mapEmpty();
    }

    /** Splits {@code sessions} round-robin into at most {@code groups} groups (none empty). */
    public static List<ReaderSessionGroup> spread(List<ReaderSession> sessions, int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("groups=" + groups + " must be >= 1");
        }
        List<List<ReaderSession>> split = new ArrayList<>();
        for (int i = 0; i < Math.min(groups, sessions.size()); i++) {
            split.add(new ArrayList<>());
        }
        for (int i = 0; i < sessions.size(); i++) {
            split.get(i % split.size()).add(sessions.get(i));
        }
        return split.stream().map(ReaderSessionGroup::new).toList();
    }
}
