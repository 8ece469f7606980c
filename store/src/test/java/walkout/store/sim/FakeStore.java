package walkout.store.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import walkout.events.codec.Json;

/**
 * The store's HTTP API as far as the simulator uses it, answering as docs/CONTRACT.md says, recording every call.
 * Orders are whatever the test puts in {@link #orders}.
 */
final class FakeStore implements AutoCloseable {
    record Sighting(String token, String beaconId, int rssi, long ts) {
    }

    final String staffKey;
    final List<String> customers = new CopyOnWriteArrayList<>();
    final Map<String, String> customerByToken = new ConcurrentHashMap<>();
    final Map<String, String> visitByToken = new ConcurrentHashMap<>();
    final List<Sighting> sightings = new CopyOnWriteArrayList<>();
    final ArrayNode orders = Json.MAPPER.createArrayNode();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    FakeStore(String staffKey) throws IOException {
        this.staffKey = staffKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String bearer = auth == null ? "" : auth.replaceFirst("^Bearer ", "");
            JsonNode body = exchange.getRequestMethod().equals("POST")
                    ? Json.MAPPER.readTree(exchange.getRequestBody()) : null;
            switch (exchange.getRequestMethod() + " " + path) {
                case "POST /api/customers" -> {
                    if (!staffKey.equals(bearer)) {
                        answer(exchange, 401, "{\"error\":\"staff key required\"}");
                        return;
                    }
                    int n = ids.incrementAndGet();
                    customers.add(body.get("name").asText());
                    customerByToken.put("t-" + n, "c-" + n);
                    answer(exchange, 201, "{\"customerId\":\"c-" + n + "\",\"deviceToken\":\"t-" + n + "\"}");
                }
                case "POST /v1/entries" -> {
                    if (!customerByToken.containsKey(bearer) || !body.hasNonNull("gateId")) {
                        answer(exchange, 400, "{\"error\":\"gateId: required\"}");
                        return;
                    }
                    String visit = "v-" + ids.incrementAndGet();
                    visitByToken.put(bearer, visit);
                    answer(exchange, 201, "{\"visitId\":\"" + visit + "\"}");
                }
                case "POST /v1/sightings" -> {
                    for (JsonNode s : body.get("sightings")) {
                        sightings.add(new Sighting(bearer, s.get("beaconId").asText(), s.get("rssi").asInt(),
                                s.get("ts").asLong()));
                    }
                    answer(exchange, 202, "{}");
                }
                case "GET /api/orders" -> {
                    if (!staffKey.equals(bearer)) {
                        answer(exchange, 401, "{\"error\":\"staff key required\"}");
                        return;
                    }
                    String json;
                    synchronized (orders) {
                        json = Json.MAPPER.writeValueAsString(orders);
                    }
                    answer(exchange, 200, json);
                }
                default -> answer(exchange, 404, "{\"error\":\"no route\"}");
            }
        }
    }

    /** Adds an order charging the given EPCs to a visit. */
    void charge(String visitId, String status, List<String> epcs) {
        synchronized (orders) {
            ObjectNode order = orders.addObject().put("orderId", "o-" + visitId).put("visitId", visitId)
                    .put("customerId", "c").put("status", status).put("currency", "EUR").put("totalMinor", 0);
            ArrayNode lines = order.putArray("lines");
            epcs.forEach(epc -> lines.addObject().put("epc", epc).put("gtin", "04012345000016").put("name", "x")
                    .put("priceMinor", 100));
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
