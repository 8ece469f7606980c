package walkout.ingest.llrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Random;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class LlrpDecoderTest {
    private final LlrpDecoder decoder = new LlrpDecoder();
    private final RecordingHandler handler = new RecordingHandler();

    private int decode(byte[] frame) {
        return decoder.decode(new UnsafeBuffer(frame), 0, frame.length, handler);
    }

    private int decodeFixture(String name) {
        return decode(LlrpFixtures.bytes(name));
    }

    @Test
    void shouldDecodeEveryFieldOfGoldenEpc96Report() {
        assertThat(decodeFixture("ro_access_report_epc96_full")).isEqualTo(DecodeStatus.OK);

        JsonNode meaning = LlrpFixtures.meaning("ro_access_report_epc96_full").get("meaning");
        assertThat(handler.tags).hasSize(meaning.size());
        for (int i = 0; i < meaning.size(); i++) {
            JsonNode expected = meaning.get(i);
            RecordingHandler.Tag tag = handler.tags.get(i);
            assertThat(tag.epc()).isEqualTo(expected.get("epc").asText());
            assertThat(tag.antenna()).isEqualTo(expected.get("antenna").asInt());
            assertThat(tag.peakRssiDbm()).isEqualTo(expected.get("peakRssiDbm").asInt());
            long firstSeen = Long.parseLong(expected.get("firstSeenMicros").asText());
            assertThat(tag.firstSeenMicros()).isEqualTo(firstSeen);
            assertThat(tag.lastSeenMicros()).isEqualTo(expected.has("lastSeenMicros")
                    ? Long.parseLong(expected.get("lastSeenMicros").asText()) : firstSeen);
            assertThat(tag.seenCount()).isEqualTo(expected.has("tagSeenCount") ? expected.get("tagSeenCount").asInt()
                    : 1);
        }
    }

    @Test
    void shouldDecodeGoldenEpcDataReportWithLongEpc() {
        assertThat(decodeFixture("ro_access_report_epcdata_sgtin198")).isEqualTo(DecodeStatus.OK);

        JsonNode expected = LlrpFixtures.meaning("ro_access_report_epcdata_sgtin198").get("meaning").get(0);
        assertThat(handler.tags).singleElement().satisfies(tag -> {
            assertThat(tag.epc()).isEqualTo(expected.get("epc").asText());
            assertThat(tag.epcBits()).isEqualTo(expected.get("epcBits").asInt());
            assertThat(tag.antenna()).isEqualTo(expected.get("antenna").asInt());
            assertThat(tag.peakRssiDbm()).isEqualTo(expected.get("peakRssiDbm").asInt());
            assertThat(tag.firstSeenMicros()).isEqualTo(Long.parseLong(expected.get("firstSeenMicros").asText()));
        });
    }

    @Test
    void shouldDecodeGoldenKeepaliveId() {
        assertThat(decodeFixture("keepalive")).isEqualTo(DecodeStatus.OK);
        assertThat(handler.keepalives).containsExactly(LlrpFixtures.meaning("keepalive").get("messageId").asLong());
    }

    @Test
    void shouldDecodeGoldenConnectionAttemptEvents() {
        for (String name : new String[] {"reader_event_connection_success", "reader_event_client_exists"}) {
            handler.connectionAttempts.clear();
            assertThat(decodeFixture(name)).isEqualTo(DecodeStatus.OK);
            JsonNode meaning = LlrpFixtures.meaning(name).get("meaning");
            assertThat(handler.connectionAttempts).singleElement().satisfies(event -> {
                assertThat(event[0]).isEqualTo(meaning.get("connectionAttemptStatus").asLong());
                assertThat(event[1]).isEqualTo(Long.parseLong(meaning.get("utcMicros").asText()));
            });
        }
    }

    @Test
    void shouldDecodeGoldenStatusesFromResponsesAndErrorMessage() {
        for (String name : new String[] {"add_rospec_response_success", "add_rospec_response_invalid",
            "error_message_unsupported"}) {
            handler.statuses.clear();
            assertThat(decodeFixture(name)).as(name).isEqualTo(DecodeStatus.OK);
            JsonNode fixture = LlrpFixtures.meaning(name);
            assertThat(handler.statuses).as(name).singleElement().satisfies(status -> {
                assertThat(MessageType.name(status.messageType())).isEqualTo(fixture.get("messageType").asText());
                assertThat(status.messageId()).isEqualTo(fixture.get("messageId").asLong());
                assertThat(status.statusCode()).isEqualTo(fixture.get("meaning").get("statusCode").asInt());
                assertThat(status.description()).isEqualTo(fixture.get("meaning").get("description").asText());
            });
        }
    }

    @Test
    void shouldDecodeHandBuiltTagReportWithTvParametersInAnyOrder() {
        byte[] frame = LlrpFixtures.hex(
                "043D" + "0000002C" + "0000002A"           // RO_ACCESS_REPORT, length 44, id 42
                + "00F0" + "0022"                          // TagReportData, length 34
                + "81" + "0003"                            // AntennaID 3
                + "8D" + "300000000000000000000001"        // EPC-96
                + "88" + "0102"                            // TagSeenCount 258
                + "86" + "80"                              // PeakRSSI -128
                + "82" + "0000000000000064");              // FirstSeen 100
        assertThat(decode(frame)).isEqualTo(DecodeStatus.OK);

        assertThat(handler.tags).containsExactly(
                new RecordingHandler.Tag("300000000000000000000001", 96, 3, -128, 100, 100, 258));
    }

    @Test
    void shouldReadEachTagOfAReportRightWhenTagsOfTheSameLengthChangeTheirParameters() {
        String tagHeader = "00F0" + "001D";                 // TagReportData, length 29
        byte[] frame = LlrpFixtures.hex(
                "043D" + "0000007E" + "00000007"           // RO_ACCESS_REPORT, length 126
                + tagHeader + "8D" + "300000000000000000000001" + "81" + "0001" + "82" + "0000000000000064"
                // the same parameters: read where the first tag had them
                + tagHeader + "8D" + "300000000000000000000002" + "81" + "0002" + "82" + "00000000000000C8"
                // the same length, other types: TagSeenCount for AntennaID, FirstSeen as Uptime
                + tagHeader + "8D" + "300000000000000000000003" + "88" + "0005" + "83" + "000000000000012C"
                // the same types in another order
                + tagHeader + "81" + "0004" + "8D" + "300000000000000000000004" + "82" + "0000000000000190");
        assertThat(decode(frame)).isEqualTo(DecodeStatus.OK);

        int none = LlrpMessageHandler.NO_RSSI;
        assertThat(handler.tags).containsExactly(
                new RecordingHandler.Tag("300000000000000000000001", 96, 1, none, 100, 100, 1),
                new RecordingHandler.Tag("300000000000000000000002", 96, 2, none, 200, 200, 1),
                new RecordingHandler.Tag("300000000000000000000003", 96, 0, none, 0, 0, 5),
                new RecordingHandler.Tag("300000000000000000000004", 96, 4, none, 400, 400, 1));
    }

    @Test
    void shouldSkipUnknownTlvAndCustomParametersByLength() {
        byte[] frame = LlrpFixtures.hex(
                "043D" + "00000038" + "00000001"           // length 56
                + "03FF" + "000E" + "0000651A00000001AABB" // Custom (1023), length 14, report level
                + "00F0" + "0020"                          // TagReportData length 32
                + "8D" + "3074257BF7194E4000001A85"
                + "03FF" + "0008" + "00000000"             // Custom inside TagReportData
                + "81" + "0001"
                + "01FE" + "0004");                        // unknown TLV type 510, empty
        assertThat(decode(frame)).isEqualTo(DecodeStatus.OK);

        assertThat(handler.tags).singleElement().satisfies(tag -> {
            assertThat(tag.epc()).isEqualTo("3074257BF7194E4000001A85");
            assertThat(tag.antenna()).isEqualTo(1);
            assertThat(tag.peakRssiDbm()).isEqualTo(LlrpMessageHandler.NO_RSSI);
        });
    }

    @Test
    void shouldTreatNinetySixBitEpcDataLikeEpc96() {
        byte[] frame = LlrpFixtures.hex(
                "043D" + "00000020" + "00000001"
                + "00F0" + "0016"
                + "00F1" + "0012" + "0060" + "3074257BF7194E4000001A85");
        assertThat(decode(frame)).isEqualTo(DecodeStatus.OK);
        assertThat(handler.tags).extracting(RecordingHandler.Tag::epc).containsExactly("3074257BF7194E4000001A85");
    }

    @Test
    void shouldReportParameterOverrunWithOffsetWhenTagDataRunsPastMessage() {
        byte[] frame = LlrpFixtures.hex("043D" + "00000012" + "00000001" + "00F0" + "0040" + "81" + "0001" + "00");
        assertThat(decode(frame)).isEqualTo(DecodeStatus.PARAMETER_OVERRUN);
        assertThat(decoder.errorOffset()).isEqualTo(10);
        assertThat(DecodeStatus.describe(DecodeStatus.PARAMETER_OVERRUN)).isEqualTo("parameter runs past message");
        assertThat(handler.tags).isEmpty();
    }

    @Test
    void shouldReportUnknownTvWhenItsSizeCannotBeKnown() {
        byte[] frame = LlrpFixtures.hex("043D" + "00000014" + "00000001" + "00F0" + "000A" + "81" + "0001"
                + "FF" + "0000");
        assertThat(decode(frame)).isEqualTo(DecodeStatus.UNKNOWN_TV);
        assertThat(decoder.errorOffset()).isEqualTo(17);
    }

    @Test
    void shouldRejectBadVersionShortFramesAndLengthMismatch() {
        assertThat(decode(LlrpFixtures.hex("083E0000000A00000001"))).isEqualTo(DecodeStatus.BAD_VERSION);
        assertThat(decode(LlrpFixtures.hex("043E000000"))).isEqualTo(DecodeStatus.TOO_SHORT);
        assertThat(decode(LlrpFixtures.hex("043E0000000400000001"))).isEqualTo(DecodeStatus.BAD_LENGTH);
        assertThat(decode(LlrpFixtures.hex("043E0000000C00000001"))).isEqualTo(DecodeStatus.TOO_SHORT);
        assertThat(new LlrpDecoder(64).decode(new UnsafeBuffer(new byte[100]), 0, 100, handler))
                .isEqualTo(DecodeStatus.BAD_VERSION);
        byte[] huge = LlrpFixtures.hex("043D0000006400000001");
        assertThat(new LlrpDecoder(64).checkHeader(new UnsafeBuffer(huge), 0)).isEqualTo(DecodeStatus.BAD_LENGTH);
    }

    @Test
    void shouldReportMissingParameterWhenResponseHasNoStatusOrTagHasNoEpc() {
        assertThat(decode(LlrpFixtures.hex("041E0000000A00000001"))).isEqualTo(DecodeStatus.MISSING_PARAMETER);
        assertThat(decode(LlrpFixtures.hex("043D" + "00000011" + "00000001"
                + "00F0" + "0007" + "81" + "0001")))
                .isEqualTo(DecodeStatus.MISSING_PARAMETER);
        assertThat(handler.statuses).isEmpty();
        assertThat(handler.tags).isEmpty();
    }

    @Test
    void shouldReportOverrunWhenStatusDescriptionIsLongerThanItsParameter() {
        byte[] frame = LlrpFixtures.hex("041E" + "00000013" + "00000007" + "011F" + "0009" + "0000" + "0005" + "41");
        assertThat(decode(frame)).isEqualTo(DecodeStatus.PARAMETER_OVERRUN);
    }

    @Test
    void shouldNeverThrowWhenFedRandomAndMutatedFrames() {
        Random random = new Random(42);
        byte[] golden = LlrpFixtures.bytes("ro_access_report_epc96_full");
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = Arrays.copyOf(golden, golden.length);
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            int length = i % 3 == 0 ? random.nextInt(frame.length + 1) : frame.length;
            int status = decoder.decode(new UnsafeBuffer(frame), 0, length, handler);
            assertThat(status).isBetween(DecodeStatus.OK, DecodeStatus.MISSING_PARAMETER);
        }
        // after all that garbage the same decoder still decodes a good frame
        handler.tags.clear();
        assertThat(decode(golden)).isEqualTo(DecodeStatus.OK);
        assertThat(handler.tags).hasSize(2);
    }

    @Test
    void shouldDecodeWhatTheReaderEncoderWritesAtAnOffset() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        encoder.beginReport(3);
        encoder.addTag(-1L, -1, 65535, 127, Long.MAX_VALUE, Long.MAX_VALUE, 65535);
        int length = encoder.finishReport();
        byte[] shifted = new byte[length + 5];
        out.getBytes(0, shifted, 5, length);

        assertThat(decoder.decode(new UnsafeBuffer(shifted), 5, length, handler)).isEqualTo(DecodeStatus.OK);
        assertThat(handler.tags).containsExactly(new RecordingHandler.Tag("FFFFFFFFFFFFFFFFFFFFFFFF", 96, 65535, 127,
                Long.MAX_VALUE, Long.MAX_VALUE, 65535));
    }

    @Test
    void shouldHandOverGeneralDeviceCapabilitiesBeforeTheStatus() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        int length = new LlrpReaderEncoder(out).capabilitiesResponse(8, 4, true);

        assertThat(decoder.decode(out, 0, length, handler)).isEqualTo(DecodeStatus.OK);
        assertThat(handler.capabilities).containsExactly("4 utc=true");
        assertThat(handler.statuses).containsExactly(new RecordingHandler.Status(
                MessageType.GET_READER_CAPABILITIES_RESPONSE, 8, 0, ""));
    }

    @Test
    void shouldHandOverTheIdentificationBeforeTheStatusAndRefuseAReaderIdPastItsParameter() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        int length = new LlrpReaderEncoder(out).identificationResponse(3, 0, new byte[] {0x00, 0x16, 0x25, 0x12});

        assertThat(decoder.decode(out, 0, length, handler)).isEqualTo(DecodeStatus.OK);
        assertThat(handler.identifications).containsExactly("0:00162512");
        assertThat(handler.statuses).containsExactly(new RecordingHandler.Status(
                MessageType.GET_READER_CONFIG_RESPONSE, 3, 0, ""));

        // ReaderID byte count 0x0100: far past the parameter's own length
        int identification = length - 4 - 3 - 4;
        out.putByte(identification + 5, (byte) 0x01);
        assertThat(decoder.decode(out, 0, length, handler)).isEqualTo(DecodeStatus.PARAMETER_OVERRUN);
        assertThat(decoder.errorOffset()).isEqualTo(identification + 5);
        assertThat(handler.identifications).hasSize(1);
    }

    @Test
    void shouldAskForTheIdentificationOnlyInGetReaderConfig() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        int length = new LlrpClientEncoder(out).getReaderConfigIdentification(7);

        assertThat(length).isEqualTo(17);
        assertThat(new LlrpHeaderFlyweight().wrap(out, 0).messageType()).isEqualTo(MessageType.GET_READER_CONFIG);
        // AntennaID 0, RequestedData 1 (Identification), GPIPortNum 0, GPOPortNum 0
        byte[] body = new byte[7];
        out.getBytes(LlrpHeaderFlyweight.LENGTH, body);
        assertThat(body).containsExactly(0, 0, 1, 0, 0, 0, 0);
    }

    @Test
    void shouldConvertUptimeTimestampsWithTheGivenOffsetAndReportThemAbsentWithoutOne() {
        ExpandableArrayBuffer out = new ExpandableArrayBuffer();
        LlrpReaderEncoder encoder = new LlrpReaderEncoder(out);
        int event = encoder.connectionAttemptUptime(1, 7_000_000, 0);
        assertThat(decoder.decode(out, 0, event, handler)).isEqualTo(DecodeStatus.OK);
        assertThat(handler.uptimes).containsExactly(7_000_000L);
        assertThat(handler.connectionAttempts).hasSize(1);

        encoder.beginReport(2);
        encoder.addTag(1, 2, 1, -60, 8_000_000, 8_500_000, 1);
        encoder.uptimeTimestamps();
        int report = encoder.finishReport();
        assertThat(decoder.decode(out, 0, report, handler)).isEqualTo(DecodeStatus.OK);
        decoder.uptimeOffsetMicros(1_763_820_000_000_000L);
        assertThat(decoder.decode(out, 0, report, handler)).isEqualTo(DecodeStatus.OK);

        assertThat(handler.tags).extracting(RecordingHandler.Tag::firstSeenMicros, RecordingHandler.Tag::lastSeenMicros)
                .containsExactly(tuple(0L, 0L),
                        tuple(1_763_820_008_000_000L, 1_763_820_008_500_000L));
    }
}
