package walkout.store.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.BadInput;
import walkout.events.codec.Json;
import walkout.tracking.query.EpcisQuery;
import walkout.tracking.query.EpcisQuery.EpcisPage;

/**
 * {@code GET /api/epcis/events?since=&limit=&nextPageToken=}: the EPCIS 2.0 ObjectEvents tracking keeps, oldest
 * first, as an EPCISDocument ({@code application/ld+json}). {@code since} is an ISO-8601 instant or epoch
 * milliseconds (default: everything retained); {@code limit} 1 to {@value EpcisQuery#MAX_LIMIT} (default
 * {@value EpcisQuery#DEFAULT_LIMIT}); when more events follow, a {@code Link: <...>; rel="next"} header carries
 * the next page's URL with its {@code nextPageToken}. Mounted under {@link HttpRoutes}' staff check.
 */
public final class EpcisRoutes {
    public static final String PATH = "/api/epcis/events";
    private static final Logger LOG = LoggerFactory.getLogger(EpcisRoutes.class);

    /** Where the events come from: {@code TrackingApp::epcisEvents} in a store. */
    @FunctionalInterface
    public interface EpcisSource {
        EpcisPage page(long sinceMillis, String after, int limit);
    }

    private EpcisRoutes() {
    }

    public static Router router(Vertx vertx, EpcisSource source, Clock clock) {
        Router router = Router.router(vertx);
        router.get(PATH).blockingHandler(ctx -> events(ctx, source, clock), false);
        return router;
    }

    private static void events(RoutingContext ctx, EpcisSource source, Clock clock) {
        long since = sinceMillis(ctx.request().getParam("since"));
        int limit = limit(ctx.request().getParam("limit"));
        String after = ctx.request().getParam("nextPageToken");
        EpcisPage page;
        try {
            page = source.page(since, after, limit);
        } catch (InvalidStateStoreException e) {
            LOG.warn("EPCIS events not queryable now: {}", e.getMessage());
            ctx.fail(503);
            return;
        }
        if (page.nextPageToken() != null) {
            ctx.response().putHeader("Link", "<" + PATH + "?since=" + since + "&limit=" + limit + "&nextPageToken="
                    + URLEncoder.encode(page.nextPageToken(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        try {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/ld+json")
                    .end(Json.MAPPER.writeValueAsString(EpcisQuery.document(page.events(), clock.instant())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the EPCIS document", e);
        }
    }

    /** {@code since} as epoch milliseconds: digits are epoch ms, anything else must be an ISO-8601 instant. */
    static long sinceMillis(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new BadInput("since", "epoch milliseconds out of range: " + value);
            }
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new BadInput("since", "expected an ISO-8601 instant (2026-11-22T15:40:00Z) or epoch milliseconds,"
                    + " got " + value);
        }
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return EpcisQuery.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadInput("limit", "expected a whole number, got " + value);
        }
        if (limit < 1 || limit > EpcisQuery.MAX_LIMIT) {
            throw new BadInput("limit", "must be between 1 and " + EpcisQuery.MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
