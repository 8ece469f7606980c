package walkout.store.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The dashboard's live channel: Server-Sent Events at {@code GET /api/stream}, an {@code overview} event (the
 * store's health, readers, journal counters and the dashboard's figures) every period, so pages update without
 * reloading. One timer per open stream, cancelled when the browser goes away.
 */
final class OverviewStream {
    private final Vertx vertx;
    private final Supplier<JsonObject> overview;
    private final long everyMs;

    OverviewStream(Vertx vertx, Supplier<JsonObject> overview, long everyMs) {
        this.vertx = vertx;
        this.overview = overview;
        this.everyMs = everyMs;
    }

    void attach(RoutingContext ctx) {
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        send(response);
        long timer = vertx.setPeriodic(everyMs, id -> send(response));
        response.closeHandler(closed -> vertx.cancelTimer(timer));
        response.exceptionHandler(failed -> vertx.cancelTimer(timer));
    }

    private void send(HttpServerResponse response) {
        if (!response.closed()) {
            response.write("event: overview\ndata: " + overview.get().encode() + "\n\n");
        }
    }
}
