package walkout.billing.payment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the few Stripe endpoints Walkout uses, on 127.0.0.1, for tests: create (and confirm) a
 * PaymentIntent, cancel one, create a refund (at most what the intent has left). Like Stripe it requires nothing of
 * the API key, and it enforces
 * idempotency keys: every POST must carry one; the same key with the same parameters replays the first answer, with
 * other parameters it is refused (400 idempotency_error). It can be told what the next charges do.
 */
public final class FakeStripe implements AutoCloseable {
    /** What the next PaymentIntent creation does. */
    public enum Next {
        SUCCEED,
        /** 402 card_declined; the intent is left requires_payment_method. */
        DECLINE,
        /** 200 with the intent in requires_action (authentication needed). */
        REQUIRE_ACTION,
        /** Charges (the answer is stored for the key) but never answers: a response lost on the way back. */
        CHARGE_THEN_HANG,
        /** Never answers and charges nothing: a request lost on the way there. */
        HANG
    }

    record Answer(int status, String body, String params) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Deque<Next> script = new ArrayDeque<>();
    private final Map<String, Answer> byKey = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> intents = new ConcurrentHashMap<>();
    private final List<String> keysSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();

    public FakeStripe() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized void then(Next... next) {
        script.addAll(List.of(next));
    }

    /** Every idempotency key received, in order, replays included. */
    public List<String> keysSeen() {
        synchronized (keysSeen) {
            return List.copyOf(keysSeen);
        }
    }

    /** Intents that were actually charged (status succeeded). */
    public List<JsonObject> charged() {
        return intents.values().stream().filter(i -> "succeeded".equals(i.getString("status"))).toList();
    }

    public JsonObject intent(String id) {
        return intents.get(id);
    }

    private synchronized Next next() {
        Next n = script.poll();
        return n == null ? Next.SUCCEED : n;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String params = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, new Answer(405, error("invalid_request_error", null, "only POST here"), params));
                return;
            }
            if (key == null || key.isBlank()) {
                send(exchange, new Answer(400, error("invalid_request_error", null,
                        "this stand-in requires an Idempotency-Key on every POST"), params));
                return;
            }
            keysSeen.add(key);
            Answer earlier = byKey.get(path + " " + key);
            if (earlier != null) {
                send(exchange, earlier.params().equals(params) ? earlier : new Answer(400, error("idempotency_error",
                        null, "Keys for idempotent requests can only be used with the same parameters"), params));
                return;
            }
            Map<String, String> form = form(params);
            if (path.equals("/v1/payment_intents")) {
                createIntent(exchange, path + " " + key, params, form);
            } else if (path.startsWith("/v1/payment_intents/") && path.endsWith("/cancel")) {
                String id = path.substring("/v1/payment_intents/".length(), path.length() - "/cancel".length());
                JsonObject intent = intents.get(id);
                Answer a = intent == null
                        ? new Answer(404, error("invalid_request_error", "resource_missing", "no intent " + id), params)
                        : new Answer(200, intent.put("status", "canceled").encode(), params);
                byKey.put(path + " " + key, a);
                send(exchange, a);
            } else if (path.equals("/v1/refunds")) {
                JsonObject intent = intents.get(form.get("payment_intent"));
                long amount = Long.parseLong(form.get("amount"));
                Answer a;
                if (intent == null || !"succeeded".equals(intent.getString("status"))) {
                    a = new Answer(400, error("invalid_request_error", "resource_missing",
                            "no charged intent " + form.get("payment_intent")), params);
                } else if (amount > intent.getLong("amount") - intent.getLong("amount_refunded", 0L)) {
                    // As Stripe: a refund may not exceed what the charge has left.
                    a = new Answer(400, error("invalid_request_error", "amount_too_large", "Refund amount " + amount
                            + " is greater than unrefunded amount on " + intent.getString("id")), params);
                } else {
                    intent.put("amount_refunded", intent.getLong("amount_refunded", 0L) + amount);
                    a = new Answer(200, new JsonObject().put("id", "re_" + ids.incrementAndGet())
                            .put("object", "refund").put("amount", amount)
                            .put("currency", intent.getString("currency")).put("status", "succeeded")
                            .put("payment_intent", intent.getString("id")).encode(), params);
                }
                byKey.put(path + " " + key, a);
                send(exchange, a);
            } else {
                send(exchange, new Answer(404, error("invalid_request_error", null, "unknown path " + path), params));
            }
        }
    }

    private void createIntent(HttpExchange exchange, String cacheKey, String params, Map<String, String> form)
            throws IOException {
        Next next = next();
        if (next == Next.HANG) {
            hang();
            return;
        }
        String id = "pi_" + ids.incrementAndGet();
        JsonObject intent = new JsonObject().put("id", id).put("object", "payment_intent")
                .put("amount", Long.parseLong(form.get("amount"))).put("currency", form.get("currency"))
                .put("customer", form.get("customer")).put("payment_method", form.get("payment_method"))
                .put("confirm", form.get("confirm")).put("off_session", form.get("off_session"))
                .put("metadata", new JsonObject().put("walkout_order_id", form.get("metadata[walkout_order_id]")));
        Answer answer;
        switch (next) {
            case DECLINE -> {
                intent.put("status", "requires_payment_method");
                answer = new Answer(402, new JsonObject().put("error", new JsonObject().put("type", "card_error")
                        .put("code", "card_declined").put("decline_code", "insufficient_funds")
                        .put("message", "Your card has insufficient funds.").put("payment_intent", intent.copy()))
                        .encode(), params);
            }
            case REQUIRE_ACTION -> {
                intent.put("status", "requires_action");
                answer = new Answer(200, intent.encode(), params);
            }
            default -> {
                intent.put("status", "succeeded");
                answer = new Answer(200, intent.encode(), params);
            }
        }
        intents.put(id, intent);
        byKey.put(cacheKey, answer);
        if (next == Next.CHARGE_THEN_HANG) {
            hang();
            return;
        }
        send(exchange, answer);
    }

    private void hang() {
        try {
            closing.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_fake");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String error(String type, String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("type", type).put("code", code)
                .put("message", message)).encode();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
