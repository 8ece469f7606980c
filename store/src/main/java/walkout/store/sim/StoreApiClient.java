package walkout.store.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import walkout.events.codec.Json;

/**
 * The store's HTTP API as the simulator uses it: the staff calls to register customers and read orders, and the
 * device calls a shopper's phone makes (docs/CONTRACT.md). Blocking; safe to share between threads.
 *
 * <p>Every failure (transport, unexpected status, unreadable body) is a {@link StoreCallException} naming the call.
 */
final class StoreApiClient {
    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    /** A registered customer and the token their phone signs device calls with. */
    record Registration(String customerId, String deviceToken) {
    }

    /** One line of an order, as {@code GET /api/orders} lists it. */
    record OrderLine(String epc, String gtin, String name, long priceMinor) {
    }

    /** One order, as {@code GET /api/orders} lists it. */
    record Order(String orderId, String visitId, String customerId, String status, long totalMinor,
                 List<OrderLine> lines) {
        Order {
            lines = List.copyOf(lines);
        }
    }

    StoreApiClient(URI baseUrl, HttpClient http, Duration timeout) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.timeout = timeout;
    }

    /** {@code POST /api/customers}. */
    Registration register(String staffKey, String name, String paymentMethod) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("paymentMethod", paymentMethod);
        JsonNode answer = call("POST", "/api/customers", staffKey, body, 201);
        return new Registration(field(answer, "customerId", "POST /api/customers"),
                field(answer, "deviceToken", "POST /api/customers"));
    }

    /** {@code POST /v1/entries}: returns the visit id. */
    String enter(String deviceToken, String gateId) {
        JsonNode answer = call("POST", "/v1/entries", deviceToken,
                Json.MAPPER.createObjectNode().put("gateId", gateId), 201);
        return field(answer, "visitId", "POST /v1/entries");
    }

    /** {@code POST /v1/sightings} with one sighting. */
    void sight(String deviceToken, String beaconId, int rssi, long tsMillis) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode sightings = body.putArray("sightings");
        sightings.addObject().put("beaconId", beaconId).put("rssi", rssi).put("ts", tsMillis);
        call("POST", "/v1/sightings", deviceToken, body, 202);
    }

    /** {@code GET /api/orders}. */
    List<Order> orders(String staffKey) {
        JsonNode answer = call("GET", "/api/orders", staffKey, null, 200);
        return parseOrders(answer);
    }

    static List<Order> parseOrders(JsonNode answer) {
        if (answer == null || !answer.isArray()) {
            throw new StoreCallException("GET /api/orders: expected a JSON array, got " + answer, null);
        }
        List<Order> orders = new ArrayList<>();
        for (JsonNode o : answer) {
            List<OrderLine> lines = new ArrayList<>();
            for (JsonNode l : o.path("lines")) {
                lines.add(new OrderLine(l.path("epc").asText(""), l.path("gtin").asText(""), l.path("name").asText(""),
                        l.path("priceMinor").asLong()));
            }
            orders.add(new Order(o.path("orderId").asText(""), o.path("visitId").asText(""),
                    o.path("customerId").asText(""), o.path("status").asText(""), o.path("totalMinor").asLong(),
                    lines));
        }
        return orders;
    }

    private JsonNode call(String method, String path, String bearer, JsonNode body, int expectedStatus) {
        String what = method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path.substring(1)))
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json");
        try {
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new StoreCallException(what + ": status " + response.statusCode() + ", expected "
                        + expectedStatus + ": " + abbreviate(response.body()), null);
            }
            String text = response.body();
            return text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreCallException(what + ": unreadable JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StoreCallException(what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreCallException(what + ": interrupted", e);
        }
    }

    private static String field(JsonNode answer, String name, String what) {
        if (answer == null || !answer.hasNonNull(name)) {
            throw new StoreCallException(what + ": answer has no \"" + name + "\": " + answer, null);
        }
        return answer.get(name).asText();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
