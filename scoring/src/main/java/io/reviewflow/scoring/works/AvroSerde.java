package io.reviewflow.scoring.works;

import io.reviewflow.schemas.AvroCodec;
import io.reviewflow.schemas.AvroDeserializer;
import io.reviewflow.schemas.AvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka Streams serde in the project's single-object encoding, for topics and for internal
 * changelog and repartition topics alike. Null stays null, so tombstones pass through; bytes that
 * are no released version of the schema fail with a {@code SerializationException}.
 */
final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    AvroSerde(AvroCodec<T> codec) {
        this.serializer = new AvroSerializer<>(codec);
        this.deserializer = new AvroDeserializer<>(codec);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
