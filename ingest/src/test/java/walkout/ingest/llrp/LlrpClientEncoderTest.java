package walkout.ingest.llrp;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class LlrpClientEncoderTest {
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
    private final LlrpClientEncoder encoder = new LlrpClientEncoder(buffer);

    private byte[] frame(int length) {
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    @Test
    void shouldEncodeRospecIdRequestsAndHeaderOnlyMessagesByteForByte() {
        assertThat(frame(encoder.deleteRospec(1, 0))).isEqualTo(LlrpFixtures.hex("0415" + "0000000E" + "00000001"
                + "00000000"));
        assertThat(frame(encoder.enableRospec(3, 1))).isEqualTo(LlrpFixtures.hex("0418" + "0000000E" + "00000003"
                + "00000001"));
        assertThat(frame(encoder.startRospec(4, 1))).isEqualTo(LlrpFixtures.hex("0416" + "0000000E" + "00000004"
                + "00000001"));
        assertThat(frame(encoder.keepaliveAck(1003))).isEqualTo(LlrpFixtures.hex("0448" + "0000000A" + "000003EB"));
        assertThat(frame(encoder.closeConnection(9))).isEqualTo(LlrpFixtures.hex("040E" + "0000000A" + "00000009"));
    }

    @Test
    void shouldEncodeAddRospecWithPeriodicReportsAsTheSpecLaysItOut() {
        int length = encoder.addRospec(2, 1, LlrpClientEncoder.START_TRIGGER_IMMEDIATE, 500, 100);

        byte[] expected = LlrpFixtures.hex(
                "0414" + "0000004B" + "00000002"               // ADD_ROSPEC, length 75, id 2
                + "00B1" + "0041" + "00000001" + "00" + "00"   // ROSpec 177 len 65: id 1, priority 0, disabled
                + "00B2" + "0012"                              // ROBoundarySpec 178 len 18
                + "00B3" + "0005" + "01"                       //   ROSpecStartTrigger: immediate
                + "00B6" + "0009" + "00" + "00000000"          //   ROSpecStopTrigger: null
                + "00B7" + "0018" + "0001" + "0000"            // AISpec 183 len 24: one antenna id, 0 = all
                + "00B8" + "0009" + "01" + "000001F4"          //   AISpecStopTrigger: duration 500 ms
                + "00BA" + "0007" + "0001" + "01"              //   InventoryParameterSpec: id 1, EPCglobal C1G2
                + "00ED" + "000D" + "01" + "0064"              // ROReportSpec 237: N tags or end of AISpec, N 100
                + "00EE" + "0006" + "1780");                   //   TagReportContentSelector
        assertThat(frame(length)).isEqualTo(expected);
    }

    @Test
    void shouldAskForAReportPerTagWhenNeitherPeriodNorCountIsGiven() {
        int length = encoder.addRospec(2, 1, LlrpClientEncoder.START_TRIGGER_NULL, 0, 0);

        assertThat(buffer.getShort(length - 6 - 2, BIG_ENDIAN)).isEqualTo((short) 1);
    }

    @Test
    void shouldEnableExactlyTheReportContentIngestNeeds() {
        int length = encoder.addRospec(2, 1, LlrpClientEncoder.START_TRIGGER_NULL, 0, 1);
        int selector = buffer.getShort(length - 2, BIG_ENDIAN) & 0xFFFF;

        // EnableROSpecID(15) SpecIndex(14) InventoryParameterSpecID(13) AntennaID(12) ChannelIndex(11)
        // PeakRSSI(10) FirstSeen(9) LastSeen(8) TagSeenCount(7) AccessSpecID(6)
        assertThat(Integer.toBinaryString(selector)).isEqualTo("1011110000000");
        assertThat(buffer.getByte(LlrpHeaderFlyweight.LENGTH + 14 + 4)).isEqualTo((byte) 0);  // start trigger null
        assertThat(buffer.getByte(length - 6 - 3)).isEqualTo((byte) 2);  // N tags or end of ROSpec
        assertThat(buffer.getShort(length - 6 - 2, BIG_ENDIAN)).isEqualTo((short) 1);
    }

    @Test
    void shouldEncodeGetReaderCapabilitiesAndAPeriodicKeepaliveSpecByteForByte() {
        assertThat(frame(encoder.getReaderCapabilities(5))).isEqualTo(LlrpFixtures.hex("0401" + "0000000B"
                + "00000005" + "01"));                          // RequestedData 1: general device capabilities
        assertThat(frame(encoder.setReaderConfigKeepalive(6, 5_000))).isEqualTo(LlrpFixtures.hex("0403"
                + "00000014" + "00000006" + "00"                // SET_READER_CONFIG, length 20, no factory reset
                + "00DC" + "0009" + "01" + "00001388"));        // KeepaliveSpec 220: periodic, 5000 ms
        assertThat(frame(encoder.setReaderConfigKeepalive(7, 0))).isEqualTo(LlrpFixtures.hex("0403"
                + "00000014" + "00000007" + "00" + "00DC" + "0009" + "00" + "00000000"));
    }
}
