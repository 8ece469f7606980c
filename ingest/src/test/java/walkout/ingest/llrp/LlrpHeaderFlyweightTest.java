package walkout.ingest.llrp;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class LlrpHeaderFlyweightTest {
    @Test
    void shouldReadVersionTypeLengthAndIdWhenHeaderIsBuiltByHand() {
        // Rsvd=000 Ver=001 Type=0000111101 (61) -> 0000 0100 0011 1101 = 0x04 0x3D
        byte[] frame = {
            0x04, 0x3D,
            0x00, 0x00, 0x01, 0x2C,                        // length 300
            (byte) 0xFE, (byte) 0xDC, (byte) 0xBA, (byte) 0x98 // id 0xFEDCBA98, above Integer.MAX_VALUE
        };
        LlrpHeaderFlyweight header = new LlrpHeaderFlyweight().wrap(new UnsafeBuffer(frame), 0);

        assertThat(header.version()).isEqualTo(1);
        assertThat(header.messageType()).isEqualTo(MessageType.RO_ACCESS_REPORT);
        assertThat(header.messageLength()).isEqualTo(300L);
        assertThat(header.messageId()).isEqualTo(0xFEDCBA98L);
    }

    @Test
    void shouldIgnoreReservedBitsAndReadTenBitTypesWhenTheyAreSet() {
        // reserved bits 111, version 010, type 1111111111 (1023)
        byte[] frame = {(byte) 0xEB, (byte) 0xFF, 0, 0, 0, 10, 0, 0, 0, 1};
        LlrpHeaderFlyweight header = new LlrpHeaderFlyweight().wrap(new UnsafeBuffer(frame), 0);

        assertThat(header.version()).isEqualTo(2);
        assertThat(header.messageType()).isEqualTo(1023);
        assertThat(header.messageId()).isEqualTo(1L);
    }

    @Test
    void shouldReadHeaderAtAnOffsetWhenWrappedMidBuffer() {
        byte[] frame = new byte[3 + LlrpHeaderFlyweight.LENGTH];
        UnsafeBuffer buffer = new UnsafeBuffer(frame);
        LlrpHeaderFlyweight.write(buffer, 3, MessageType.KEEPALIVE_ACK, 10, 77);

        assertThat(frame[3]).isEqualTo((byte) 0x04);
        assertThat(frame[4]).isEqualTo((byte) 0x48);
        LlrpHeaderFlyweight header = new LlrpHeaderFlyweight().wrap(buffer, 3);
        assertThat(header.messageType()).isEqualTo(MessageType.KEEPALIVE_ACK);
        assertThat(header.messageLength()).isEqualTo(10L);
        assertThat(header.messageId()).isEqualTo(77L);
    }

    @Test
    void shouldDecodeEveryGoldenFixtureHeaderWhenReadFromFile() {
        String[] names = {"add_rospec_response_invalid", "add_rospec_response_success", "error_message_unsupported",
            "keepalive", "reader_event_client_exists", "reader_event_connection_success",
            "ro_access_report_epc96_full", "ro_access_report_epcdata_sgtin198"};
        LlrpHeaderFlyweight header = new LlrpHeaderFlyweight();
        for (String name : names) {
            var meaning = LlrpFixtures.meaning(name);
            byte[] bytes = LlrpFixtures.bytes(name);
            header.wrap(new UnsafeBuffer(bytes), 0);
            assertThat(header.version()).as(name).isEqualTo(1);
            assertThat(MessageType.name(header.messageType())).as(name)
                    .isEqualTo(meaning.get("messageType").asText());
            assertThat(header.messageLength()).as(name).isEqualTo(meaning.get("length").asLong())
                    .isEqualTo(bytes.length);
            assertThat(header.messageId()).as(name).isEqualTo(meaning.get("messageId").asLong());
        }
    }
}
