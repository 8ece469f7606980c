package walkout.ingest.llrp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageTypeTest {
    @Test
    void shouldMapEachRequestToItsResponseWhenOneExists() {
        assertThat(MessageType.responseTo(MessageType.ADD_ROSPEC)).isEqualTo(MessageType.ADD_ROSPEC_RESPONSE);
        assertThat(MessageType.responseTo(MessageType.DELETE_ROSPEC)).isEqualTo(MessageType.DELETE_ROSPEC_RESPONSE);
        assertThat(MessageType.responseTo(MessageType.START_ROSPEC)).isEqualTo(MessageType.START_ROSPEC_RESPONSE);
        assertThat(MessageType.responseTo(MessageType.ENABLE_ROSPEC)).isEqualTo(MessageType.ENABLE_ROSPEC_RESPONSE);
        assertThat(MessageType.responseTo(MessageType.GET_ROSPECS)).isEqualTo(MessageType.GET_ROSPECS_RESPONSE);
        assertThat(MessageType.responseTo(MessageType.CLOSE_CONNECTION))
                .isEqualTo(MessageType.CLOSE_CONNECTION_RESPONSE);
        assertThat(MessageType.responseTo(MessageType.GET_READER_CAPABILITIES))
                .isEqualTo(MessageType.GET_READER_CAPABILITIES_RESPONSE);
        assertThat(MessageType.responseTo(MessageType.SET_READER_CONFIG))
                .isEqualTo(MessageType.SET_READER_CONFIG_RESPONSE);
    }

    @Test
    void shouldAnswerMinusOneWhenTheTypeHasNoResponse() {
        assertThat(MessageType.responseTo(MessageType.KEEPALIVE)).isEqualTo(-1);
        assertThat(MessageType.responseTo(MessageType.RO_ACCESS_REPORT)).isEqualTo(-1);
        assertThat(MessageType.responseTo(MessageType.ADD_ROSPEC_RESPONSE)).isEqualTo(-1);
    }

    @Test
    void shouldNameKnownAndUnknownTypes() {
        assertThat(MessageType.name(61)).isEqualTo("RO_ACCESS_REPORT");
        assertThat(MessageType.name(72)).isEqualTo("KEEPALIVE_ACK");
        assertThat(MessageType.name(999)).isEqualTo("TYPE_999");
    }
}
