package walkout.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.BeaconSighted;
import walkout.events.Evidence;
import walkout.events.ShopperEntered;
import walkout.events.ShopperEvent;
import walkout.events.topic.Topics;

class JsonSerdeTest {

    @Test
    void shouldRoundTripShopperEventsThroughTheSealedType() {
        var serde = Topics.SHOPPER_EVENTS.valueSerde();
        ShopperEvent entered = new ShopperEntered("store-1", "v-1", "c-1", "g-entry", 1_000L);
        ShopperEvent sighted = new BeaconSighted("store-1", "c-1", "b-a1", "A1", -61, 2_000L);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", entered)))
                .isEqualTo(entered);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", sighted)))
                .isEqualTo(sighted);
    }

    @Test
    void shouldRoundTripBasketWithEvidence() {
        var serde = Topics.BASKETS.valueSerde();
        BasketClosed basket = new BasketClosed("store-1", "v-1", "c-1", 1L, 2L, 3L, List.of(
                new BasketLine("3074257BF7194E4000001A85", 2L,
                        new Evidence(5, List.of("A1", "EXIT"), 1L, 2L, 2L, 0.9, 0.9))));

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", basket)))
                .isEqualTo(basket);
    }

    @Test
    void shouldIgnoreFieldsAddedByNewerProducers() {
        byte[] json = ("{\"type\":\"ShopperEntered\",\"storeId\":\"s\",\"visitId\":\"v\",\"customerId\":\"c\","
                + "\"gateId\":\"g\",\"atMillis\":5,\"newField\":true}").getBytes(StandardCharsets.UTF_8);

        assertThat(Topics.SHOPPER_EVENTS.valueSerde().deserializer().deserialize("t", json))
                .isEqualTo(new ShopperEntered("s", "v", "c", "g", 5));
    }

    @Test
    void shouldThrowSerializationExceptionNamingTopicWhenBytesAreNotJson() {
        byte[] junk = {1, 2, 3};

        assertThatThrownBy(() -> Topics.BASKETS.valueSerde().deserializer().deserialize("walkout.baskets", junk))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("walkout.baskets");
    }
}
