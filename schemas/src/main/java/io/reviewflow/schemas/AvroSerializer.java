package io.reviewflow.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer writing Avro single-object encoding; {@code null} stays null (a tombstone). */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final AvroCodec<T> codec;

    public AvroSerializer(AvroCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : codec.encode(data);
    }
}
