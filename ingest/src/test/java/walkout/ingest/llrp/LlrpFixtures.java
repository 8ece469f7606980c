package walkout.ingest.llrp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.agrona.concurrent.UnsafeBuffer;
import walkout.events.codec.Json;

/** Golden LLRP frames from {@code src/test/resources/llrp}: the exact bytes and what they mean. */
final class LlrpFixtures {
    private LlrpFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = LlrpFixtures.class.getResourceAsStream("/llrp/" + name + ".bin")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UnsafeBuffer buffer(String name) {
        return new UnsafeBuffer(bytes(name));
    }

    static JsonNode meaning(String name) {
        try (InputStream in = LlrpFixtures.class.getResourceAsStream("/llrp/" + name + ".json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String hex) {
        String clean = hex.replaceAll("\\s", "");
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
