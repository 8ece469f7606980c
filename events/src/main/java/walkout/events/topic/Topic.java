package walkout.events.topic;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import walkout.events.codec.JsonSerde;

/** A topic's name with its serdes. Every topic is keyed by store id (a string). */
public record Topic<V>(String name, Class<V> valueType, Serde<String> keySerde, Serde<V> valueSerde) {

    static <V> Topic<V> json(String name, Class<V> valueType) {
        return new Topic<>(name, valueType, Serdes.String(), new JsonSerde<>(valueType));
    }
}
