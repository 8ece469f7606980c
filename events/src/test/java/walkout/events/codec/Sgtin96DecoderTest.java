package walkout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import walkout.events.Epc;

class Sgtin96DecoderTest {

    private final Sgtin96Decoder decoder = new Sgtin96Decoder();

    @Test
    void shouldDecodeGs1WorkedExample() {
        String hex = "3074257BF7194E4000001A85";

        assertThat(decoder.decode(Epc.hi(hex), Epc.lo(hex))).isEqualTo(Sgtin96Decoder.Status.OK);
        assertThat(decoder.filter()).isEqualTo(3);
        assertThat(decoder.partition()).isEqualTo(5);
        assertThat(decoder.companyPrefix()).isEqualTo(614141L);
        assertThat(decoder.companyPrefixDigits()).isEqualTo(7);
        assertThat(decoder.itemReference()).isEqualTo(812345L);
        assertThat(decoder.serial()).isEqualTo(6789L);
        assertThat(String.format("%014d", decoder.gtin14())).isEqualTo("80614141123458");
        assertThat(decoder.uri()).isEqualTo("urn:epc:id:sgtin:0614141.812345.6789");
    }

    @Test
    void shouldGiveGtinOfHexEpcOrNullWhenNotSgtin96() {
        assertThat(decoder.gtinOf("3074257BF7194E4000001A85")).isEqualTo("80614141123458");
        assertThat(decoder.gtinOf("3174257BF7194E4000001A85")).as("SSCC-96 header").isNull();
        assertThat(decoder.gtinOf("not-an-epc")).isNull();
    }

    static Stream<JsonNode> sgtin96Vectors() throws IOException {
        return Stream.concat(lines("/epc/examples.jsonl").stream(), lines("/epc/vectors.jsonl").stream())
                .filter(v -> v.get("kind").asText().equals("sgtin-96"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sgtin96Vectors")
    void shouldDecodeEveryIndependentVectorWhenSgtin96(JsonNode vector) {
        String hex = vector.get("hex").asText();

        assertThat(decoder.decode(Epc.hi(hex), Epc.lo(hex))).isEqualTo(Sgtin96Decoder.Status.OK);
        assertThat(String.format("%014d", decoder.gtin14())).isEqualTo(vector.get("gtin").asText());
        assertThat(decoder.filter()).isEqualTo(vector.get("filter").asInt());
        assertThat(Long.toString(decoder.serial())).isEqualTo(vector.get("serial").asText());
        assertThat(decoder.uri()).isEqualTo(vector.get("uri").asText());
    }

    @Test
    void shouldCoverEveryPartitionInTheVectors() throws IOException {
        List<Integer> partitions = new ArrayList<>();
        for (JsonNode v : lines("/epc/vectors.jsonl")) {
            String hex = v.get("hex").asText();
            if (v.get("kind").asText().equals("sgtin-96") && decoder.decode(Epc.hi(hex), Epc.lo(hex))
                    == Sgtin96Decoder.Status.OK) {
                partitions.add(decoder.partition());
            }
        }
        assertThat(partitions).containsAll(List.of(0, 1, 2, 3, 4, 5, 6));
    }

    @Test
    void shouldRefuseOtherSchemesAndBadPartitions() throws IOException {
        for (JsonNode v : lines("/epc/vectors.jsonl")) {
            String hex = v.get("hex").asText();
            String kind = v.get("kind").asText();
            if (kind.equals("sgtin-96") || !Epc.isHex96(hex)) {
                continue;
            }
            Sgtin96Decoder.Status status = decoder.decode(Epc.hi(hex), Epc.lo(hex));
            if (hex.startsWith("307C")) {
                assertThat(status).as(hex).isEqualTo(Sgtin96Decoder.Status.BAD_PARTITION);
            } else {
                assertThat(status).as(hex).isEqualTo(Sgtin96Decoder.Status.NOT_SGTIN_96);
            }
        }
    }

    @Test
    void shouldNameSchemeOfEveryRecognisedHeader() throws IOException {
        for (JsonNode v : lines("/epc/vectors.jsonl")) {
            String kind = v.get("kind").asText();
            if (kind.equals("invalid")) {
                continue;
            }
            int header = Integer.parseInt(v.get("hex").asText().substring(0, 2), 16);
            assertThat(Sgtin96Decoder.scheme(header)).isEqualTo(kind);
        }
        assertThat(Sgtin96Decoder.scheme(0xE2)).isEqualTo("unknown");
    }

    @Test
    void shouldRoundTripThroughEncoderForEveryPartition() throws IOException {
        Sgtin96Encoder encoder = new Sgtin96Encoder();
        for (JsonNode v : sgtin96Vectors().toList()) {
            String hex = v.get("hex").asText();
            int prefixDigits = v.get("companyPrefix").asText().length();
            encoder.encode(v.get("gtin").asText(), prefixDigits, v.get("filter").asInt(),
                    Long.parseLong(v.get("serial").asText()));

            assertThat(Epc.hex96(encoder.hi(), encoder.lo())).isEqualTo(hex);
        }
    }

    static List<JsonNode> lines(String resource) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = Sgtin96DecoderTest.class.getResourceAsStream(resource);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    out.add(Json.MAPPER.readTree(line));
                }
            }
        }
        return out;
    }
}
