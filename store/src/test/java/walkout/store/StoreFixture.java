package walkout.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import walkout.events.codec.Json;
import walkout.store.config.StoreLayout;
import walkout.store.sim.SimConfig;
import walkout.store.sim.StoreSimulator;

/**
 * The bundled demo store for integration tests: simulated LLRP readers on free ports, then the whole store
 * (embedded broker, ingest, tracking, billing, HTTP on a free port) dialling them. Close it.
 */
final class StoreFixture implements AutoCloseable {
    static final String STAFF_KEY = "store-fixture-staff-key";

    final StoreSimulator sim;
    final StoreApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    StoreFixture(Path dataDir, int shoppers, long durationMs, long seed) {
        StoreSettings settings = new StoreSettings(null, null, dataDir, null, null, 0, STAFF_KEY, "127.0.0.1");
        StoreFiles files = StoreFiles.load(settings);
        sim = new StoreSimulator(SimConfig.defaults(files.layout(),
                files.catalog().products().stream().map(p -> p.gtin()).toList(), shoppers, durationMs, seed),
                Clock.systemUTC());
        StoreApp started = null;
        try {
            StoreLayout layout = files.layout();
            for (Map.Entry<String, InetSocketAddress> reader : sim.startReaders().entrySet()) {
                layout = layout.withReaderAddress(reader.getKey(), "127.0.0.1", reader.getValue().getPort());
            }
            started = StoreApp.start(settings, layout, files.catalog(), Clock.systemUTC());
        } finally {
            if (started == null) {
                sim.close();
            }
        }
        app = started;
    }

    /** A staff call to the store ({@code path} relative to its URL, e.g. {@code api/orders}), with the staff key. */
    HttpResponse<String> staffCall(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Authorization", "Bearer " + STAFF_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    /** {@code GET path} as a staff member; the answer must be 200 JSON. */
    JsonNode staffJson(String path) {
        HttpResponse<String> response = staffCall("GET", path, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + ": not JSON", e);
        }
    }

    /**
     * Puts the bundled catalog in force again with the optional low_stock column: {@code threshold} for one product.
     */
    void setLowStock(String gtin, int threshold) {
        String csv;
        try (InputStream in = StoreFiles.class.getResourceAsStream("/walkout/demo/catalog.csv")) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled catalog", e);
        }
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String line : csv.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (out.length() == 0) {
                out.append(line.trim()).append(",low_stock\n");
                continue;
            }
            boolean target = line.startsWith(gtin + ",");
            found |= target;
            out.append(line.trim()).append(',').append(target ? String.valueOf(threshold) : "").append('\n');
        }
        if (!found) {
            throw new IllegalArgumentException(gtin + " is not in the bundled catalog");
        }
        HttpResponse<String> put = staffCall("PUT", "api/catalog", out.toString());
        if (put.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT /api/catalog answered " + put.statusCode() + ": " + put.body());
        }
    }

    boolean readersConnected() {
        return app.health().readers().values().stream().allMatch("CONNECTED"::equals);
    }

    @Override
    public void close() {
        app.close();
        sim.close();
    }
}
