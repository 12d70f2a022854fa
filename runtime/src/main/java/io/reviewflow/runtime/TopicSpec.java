package io.reviewflow.runtime;

import io.reviewflow.schemas.AvroCodec;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A topic with the Avro codec of its values and the settings it is created with.
 *
 * @param name        the topic name
 * @param codec       encodes and decodes its values (keys are always the review id as UTF-8)
 * @param topicConfig topic-level settings applied when the topic is created
 */
public record TopicSpec<V extends SpecificRecord>(String name, AvroCodec<V> codec, Map<String, String> topicConfig) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(codec, "codec");
        topicConfig = Map.copyOf(topicConfig);
    }

    @Override
    public String toString() {
        return name;
    }
}
