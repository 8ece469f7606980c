package walkout.ingest.llrp;

import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;

/** Test handler: records everything the decoder hands over, as strings or records easy to assert on. */
final class RecordingHandler implements LlrpMessageHandler {
    record Tag(String epc, int epcBits, int antenna, int peakRssiDbm, long firstSeenMicros, long lastSeenMicros,
               int seenCount) {
    }

    record Status(int messageType, long messageId, int statusCode, String description) {
    }

    final List<Tag> tags = new ArrayList<>();
    final List<Status> statuses = new ArrayList<>();
    final List<Long> keepalives = new ArrayList<>();
    final List<long[]> connectionAttempts = new ArrayList<>();
    final List<Integer> others = new ArrayList<>();
    int closeEvents;
    final List<Long> uptimes = new ArrayList<>();
    final List<String> capabilities = new ArrayList<>();
    final List<String> identifications = new ArrayList<>();

    @Override
    public void onIdentification(int idType, DirectBuffer buffer, int offset, int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(String.format("%02X", buffer.getByte(offset + i)));
        }
        identifications.add(idType + ":" + hex);
    }

    @Override
    public void onReaderUptime(long uptimeMicros) {
        uptimes.add(uptimeMicros);
    }

    @Override
    public void onCapabilities(int maxAntennas, boolean hasUtcClock) {
        capabilities.add(maxAntennas + " utc=" + hasUtcClock);
    }

    @Override
    public void onTagReport(long epcHi, int epcLo, int antenna, int peakRssiDbm, long firstSeenMicros,
                            long lastSeenMicros, int seenCount) {
        String epc = String.format("%016X%08X", epcHi, epcLo);
        tags.add(new Tag(epc, 96, antenna, peakRssiDbm, firstSeenMicros, lastSeenMicros, seenCount));
    }

    @Override
    public void onLongEpcTagReport(DirectBuffer buffer, int epcOffset, int epcBits, int antenna, int peakRssiDbm,
                                   long firstSeenMicros, long lastSeenMicros, int seenCount) {
        StringBuilder epc = new StringBuilder();
        for (int i = 0; i < (epcBits + 7) / 8; i++) {
            epc.append(String.format("%02X", buffer.getByte(epcOffset + i) & 0xFF));
        }
        tags.add(new Tag(epc.toString(), epcBits, antenna, peakRssiDbm, firstSeenMicros, lastSeenMicros, seenCount));
    }

    @Override
    public void onConnectionAttempt(int status, long utcMicros) {
        connectionAttempts.add(new long[] {status, utcMicros});
    }

    @Override
    public void onConnectionClose() {
        closeEvents++;
    }

    @Override
    public void onStatus(int messageType, long messageId, int statusCode, String description) {
        statuses.add(new Status(messageType, messageId, statusCode, description));
    }

    @Override
    public void onKeepalive(long messageId) {
        keepalives.add(messageId);
    }

    @Override
    public void onOtherMessage(int messageType, long messageId) {
        others.add(messageType);
    }
}
