package walkout.ingest.llrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class LlrpReaderEncoderTest {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final LlrpReaderEncoder encoder = new LlrpReaderEncoder(buffer);

    private byte[] frame(int length) {
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    @Test
    void shouldMatchGoldenReportBytesWhenEncodingTheSameTwoTags() {
        encoder.beginReport(1001);
        encoder.addTag(0x3074257BF7194E40L, 0x00001A85, 2, -58, 1763820000123456L, 1763820000373456L, 7);
        encoder.addTag(0x30185E78003ECB00L, 0x6E2DA00E, 1, -71, 1763820000124456L, 0, 0);
        int length = encoder.finishReport();

        assertThat(frame(length)).isEqualTo(LlrpFixtures.bytes("ro_access_report_epc96_full"));
    }

    @Test
    void shouldMatchGoldenKeepaliveBytes() {
        int length = encoder.keepalive(1003);

        assertThat(frame(length)).isEqualTo(LlrpFixtures.bytes("keepalive"));
    }

    @Test
    void shouldMatchGoldenConnectionEventBytesForSuccessAndClientExists() {
        int length = encoder.connectionAttempt(0, 1763820000123456L, 0);
        assertThat(frame(length)).isEqualTo(LlrpFixtures.bytes("reader_event_connection_success"));

        length = encoder.connectionAttempt(0, 1763820000123456L, 2);
        assertThat(frame(length)).isEqualTo(LlrpFixtures.bytes("reader_event_client_exists"));
    }

    @Test
    void shouldMatchGoldenResponseBytesWithAndWithoutDescription() {
        int length = encoder.response(MessageType.ADD_ROSPEC_RESPONSE, 7, 0, "");
        assertThat(frame(length)).isEqualTo(LlrpFixtures.bytes("add_rospec_response_success"));

        length = encoder.response(MessageType.ADD_ROSPEC_RESPONSE, 8, 300, "ROSpecID 1 already exists");
        assertThat(frame(length)).isEqualTo(LlrpFixtures.bytes("add_rospec_response_invalid"));

        length = encoder.response(MessageType.ERROR_MESSAGE, 9, 109, "unsupported message type");
        assertThat(frame(length)).isEqualTo(LlrpFixtures.bytes("error_message_unsupported"));
    }

    @Test
    void shouldWriteByteLayoutFromSpecWhenEncodingOneFullTag() {
        encoder.beginReport(5);
        encoder.addTag(0x0102030405060708L, 0x090A0B0C, 0x0102, -1, 0x1112131415161718L, 0x2122232425262728L, 0x0304);
        int length = encoder.finishReport();

        byte[] expected = LlrpFixtures.hex(
                "043D" + "00000035" + "00000005"           // header: v1 type 61, length 53, id 5
                + "00F0" + "002B"                          // TagReportData TLV 240, length 43
                + "8D" + "0102030405060708090A0B0C"         // EPC-96 TV 13
                + "81" + "0102"                            // AntennaID TV 1
                + "86" + "FF"                              // PeakRSSI TV 6, -1 dBm
                + "82" + "1112131415161718"                // FirstSeenTimestampUTC TV 2
                + "84" + "2122232425262728"                // LastSeenTimestampUTC TV 4
                + "88" + "0304");                          // TagSeenCount TV 8
        assertThat(frame(length)).isEqualTo(expected);
    }

    @Test
    void shouldEncodeAnEmptyReportAsHeaderOnly() {
        encoder.beginReport(9);
        assertThat(encoder.finishReport()).isEqualTo(LlrpHeaderFlyweight.LENGTH);
        assertThat(frame(10)).isEqualTo(LlrpFixtures.hex("043D0000000A00000009"));
    }
}
