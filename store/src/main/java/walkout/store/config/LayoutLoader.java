package walkout.store.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import walkout.events.PortalSide;
import walkout.ingest.ReaderTls;

/**
 * Reads and validates a store layout (YAML; JSON is valid YAML). Every error names the source, the field path and
 * why, e.g. {@code layout.yaml: readers[1].antennas.2.zone: unknown zone "X9"}.
 */
public final class LayoutLoader {
    /** Classpath resource of the demo store's layout. */
    public static final String DEMO_LAYOUT = "/walkout/demo/layout.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;
    /** Relative file names in the layout (TLS files) are resolved against this directory. */
    private final Path baseDir;

    private LayoutLoader(String source, Path baseDir) {
        this.source = source;
        this.baseDir = baseDir;
    }

    public static StoreLayout load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": layout file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Path parent = file.toAbsolutePath().getParent();
            return new LayoutLoader(file.toString(), parent).parse(in);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read layout: " + e.getMessage(), e);
        }
    }

    public static StoreLayout loadDemo() {
        try (InputStream in = LayoutLoader.class.getResourceAsStream(DEMO_LAYOUT)) {
            if (in == null) {
                throw new ConfigException("the bundled demo layout " + DEMO_LAYOUT + " is missing from the jar");
            }
            return new LayoutLoader("demo layout", Path.of(".")).parse(in);
        } catch (IOException e) {
            throw new ConfigException("demo layout: cannot read: " + e.getMessage(), e);
        }
    }

    private StoreLayout parse(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw fail("(top)", "expected a mapping with store, currency, zones, readers, beacons, gates");
        }
        String store = text(root, "store", "store");
        String currency = text(root, "currency", "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw fail("currency", "expected an ISO 4217 code like EUR, got \"" + currency + "\"");
        }

        List<StoreLayout.Zone> zones = new ArrayList<>();
        Set<String> zoneIds = new HashSet<>();
        JsonNode zoneNodes = list(root, "zones");
        for (int i = 0; i < zoneNodes.size(); i++) {
            JsonNode z = zoneNodes.get(i);
            String at = "zones[" + i + "]";
            String id = text(z, "id", at + ".id");
            if (!zoneIds.add(id)) {
                throw fail(at + ".id", "duplicate zone \"" + id + "\"");
            }
            String kind = z.hasNonNull("kind") ? z.get("kind").asText() : "floor";
            if (!kind.equals("floor") && !kind.equals("exit")) {
                throw fail(at + ".kind", "expected floor or exit, got \"" + kind + "\"");
            }
            zones.add(new StoreLayout.Zone(id, z.hasNonNull("name") ? z.get("name").asText() : id, kind));
        }
        if (zones.stream().filter(StoreLayout.Zone::isExit).count() != 1) {
            throw fail("zones", "exactly one zone must have kind: exit");
        }

        List<StoreLayout.Reader> readers = new ArrayList<>();
        Set<String> readerIds = new HashSet<>();
        JsonNode readerNodes = list(root, "readers");
        for (int i = 0; i < readerNodes.size(); i++) {
            readers.add(reader(readerNodes.get(i), "readers[" + i + "]", zoneIds, readerIds));
        }

        List<StoreLayout.Beacon> beacons = new ArrayList<>();
        Set<String> beaconIds = new HashSet<>();
        JsonNode beaconNodes = list(root, "beacons");
        for (int i = 0; i < beaconNodes.size(); i++) {
            String at = "beacons[" + i + "]";
            String id = text(beaconNodes.get(i), "id", at + ".id");
            if (!beaconIds.add(id)) {
                throw fail(at + ".id", "duplicate beacon \"" + id + "\"");
            }
            beacons.add(new StoreLayout.Beacon(id, zoneRef(beaconNodes.get(i), "zone", at + ".zone", zoneIds)));
        }

        List<StoreLayout.Gate> gates = new ArrayList<>();
        JsonNode gateNodes = list(root, "gates");
        for (int i = 0; i < gateNodes.size(); i++) {
            String at = "gates[" + i + "]";
            String kind = gateNodes.get(i).hasNonNull("kind") ? gateNodes.get(i).get("kind").asText() : "entry";
            if (!kind.equals("entry")) {
                throw fail(at + ".kind", "expected entry, got \"" + kind + "\"");
            }
            gates.add(new StoreLayout.Gate(text(gateNodes.get(i), "id", at + ".id"), kind));
        }
        if (gates.isEmpty()) {
            throw fail("gates", "at least one entry gate is required");
        }
        return new StoreLayout(store, currency, zones, readers, beacons, gates);
    }

    private StoreLayout.Reader reader(JsonNode r, String at, Set<String> zoneIds, Set<String> readerIds) {
        String id = text(r, "id", at + ".id");
        if (!readerIds.add(id)) {
            throw fail(at + ".id", "duplicate reader \"" + id + "\"");
        }
        String identification = r.hasNonNull("identification") ? text(r, "identification", at + ".identification")
                : null;
        String host = null;
        int port = 0;
        if (r.hasNonNull("address")) {
            if (identification != null) {
                throw fail(at + ".identification", "only for a reader that dials in (no address)");
            }
            String address = text(r, "address", at + ".address");
            int colon = address.lastIndexOf(':');
            try {
                port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw fail(at + ".address", "expected host:port with a port 1-65535, got \"" + address + "\"");
            }
            host = address.substring(0, colon);
        }
        JsonNode antennaNodes = r.get("antennas");
        if (antennaNodes == null || !antennaNodes.isObject() || antennaNodes.isEmpty()) {
            throw fail(at + ".antennas", "expected a mapping of antenna port to zone");
        }
        Map<Integer, StoreLayout.Antenna> antennas = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = antennaNodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String aat = at + ".antennas." + e.getKey();
            int antenna;
            try {
                antenna = Integer.parseInt(e.getKey());
            } catch (NumberFormatException notNumber) {
                antenna = 0;
            }
            if (antenna < 1 || antenna > 65535) {
                throw fail(aat, "antenna port must be a number 1-65535");
            }
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                antennas.put(antenna, new StoreLayout.Antenna(zoneRef(v.asText(), aat, zoneIds), PortalSide.NONE));
            } else if (v.isObject()) {
                String zone = zoneRef(v, "zone", aat + ".zone", zoneIds);
                PortalSide side = PortalSide.NONE;
                if (v.hasNonNull("side")) {
                    String s = v.get("side").asText();
                    if (!s.equals("inner") && !s.equals("outer")) {
                        throw fail(aat + ".side", "expected inner or outer, got \"" + s + "\"");
                    }
                    side = PortalSide.valueOf(s.toUpperCase(Locale.ROOT));
                }
                antennas.put(antenna, new StoreLayout.Antenna(zone, side));
            } else {
                throw fail(aat, "expected a zone id or {zone: ..., side: inner|outer}");
            }
        }
        ReaderTls tls = r.hasNonNull("tls") ? tls(r.get("tls"), at + ".tls", host != null) : null;
        return new StoreLayout.Reader(id, host, port, antennas, identification, tls);
    }

    /**
     * {@code tls: {enabled: true, ca: FILE, pin: SHA256, cert: FILE, key: FILE}}; null when {@code enabled: false}.
     * For a reader that dials in: {@code ca} and/or {@code pin} for the client certificate it must present; no
     * {@code cert}/{@code key} (the listener's own certificate is {@code --llrp-listen-cert}).
     */
    private ReaderTls tls(JsonNode node, String at, boolean dialled) {
        if (!node.isObject()) {
            throw fail(at, "expected a mapping with ca and/or pin, and optionally cert and key");
        }
        if (node.hasNonNull("enabled") && !node.get("enabled").asBoolean()) {
            return null;
        }
        if (!dialled && (node.hasNonNull("cert") || node.hasNonNull("key"))) {
            throw fail(at, "cert and key are for a reader ingest dials; this reader dials in (the listener's own "
                    + "certificate is --llrp-listen-cert)");
        }
        try {
            return new ReaderTls(tlsFile(node, "ca", at), node.hasNonNull("pin") ? node.get("pin").asText() : null,
                    tlsFile(node, "cert", at), tlsFile(node, "key", at));
        } catch (IllegalArgumentException e) {
            throw fail(at, e.getMessage().replaceFirst("^tls: ", ""));
        }
    }

    private String tlsFile(JsonNode node, String field, String at) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        Path file = baseDir.resolve(node.get(field).asText());
        if (!Files.isRegularFile(file)) {
            throw fail(at + "." + field, "file not found: " + file);
        }
        return file.toString();
    }

    private String zoneRef(JsonNode node, String field, String at, Set<String> zoneIds) {
        return zoneRef(text(node, field, at), at, zoneIds);
    }

    private String zoneRef(String zone, String at, Set<String> zoneIds) {
        if (!zoneIds.contains(zone)) {
            throw fail(at, "unknown zone \"" + zone + "\"");
        }
        return zone;
    }

    private JsonNode list(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return YAML.createArrayNode();
        }
        if (!n.isArray()) {
            throw fail(field, "expected a list");
        }
        return n;
    }

    private String text(JsonNode node, String field, String at) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw fail(at, "is required");
        }
        return v.asText();
    }

    private ConfigException fail(String at, String why) {
        return new ConfigException(source + ": " + at + ": " + why);
    }
}
