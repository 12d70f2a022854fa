package io.reviewflow.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Avro single-object encoding. A tombstone (null) reads as null; bytes
 * that are not a record of a released version of the schema raise {@link SerializationException}.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final AvroCodec<T> codec;

    public AvroDeserializer(AvroCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (UndecodableRecordException e) {
            throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
