package io.reviewflow.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding for one record type: the specification's two-byte marker, the
 * schema's CRC-64-AVRO fingerprint, then the binary body. Decoding resolves the writer's schema
 * by fingerprint among every released version of the schema, so data written by any older or
 * newer release still reads. Thread-safe; build one per type and share it.
 */
public final class AvroCodec<T extends SpecificRecord> {

    private static final String CONTRACT_PACKAGE = "io.reviewflow.avro";

    static {
        // Untrusted bytes can claim a string or byte array of 2 GiB in a 10-byte record; bound
        // what Avro will allocate before it notices the input is short. Records never come near.
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", Integer.toString(16 << 20));
        setIfAbsent("org.apache.avro.limits.string.maxLength", Integer.toString(16 << 20));
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", Integer.toString(1 << 20));
        // Avro 1.12.2 refuses to instantiate any class it was not told to trust, our own generated
        // ones included. Trust exactly the classes generated from our contract, nothing wider.
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                AvroCodec::isGeneratedContractClass, previous));
    }

    private static boolean isGeneratedContractClass(Class<?> type) {
        return CONTRACT_PACKAGE.equals(type.getPackageName()) && type.isAnnotationPresent(AvroGenerated.class);
    }

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type, Schema schema) {
        this.type = type;
        this.schema = schema;
        SpecificData model = new SpecificData(type.getClassLoader());
        // Copying the output on (true, Avro's default) makes each encode return a fresh exact-size array
        // rather than a window on Avro's per-thread buffer, which the next encode on the thread overwrites.
        this.encoder = new BinaryMessageEncoder<>(model, schema, true);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        for (ReleasedSchemas.Version released : ReleasedSchemas.versionsOf(schema.getFullName())) {
            decoder.addSchema(released.schema());
        }
    }

    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        Schema schema = SpecificData.get().getSchema(Objects.requireNonNull(type, "type"));
        return new AvroCodec<>(type, schema);
    }

    public Schema schema() {
        return schema;
    }

    public Class<T> type() {
        return type;
    }

    /**
     * The single-object encoding of {@code value}, in a new array the caller owns. Avro (1.12) encodes
     * into a per-thread buffer and, with output copying on (the constructor asks for it), hands back a
     * wrap of a fresh array of exactly the encoded length; that array is returned as it is, without
     * copying it a second time. Should a later Avro return a window on a larger array instead, the
     * bytes are copied out. That the array is the caller's own rests on the copying flag; AvroCodecTest
     * pins it (a distinct array per encode, across threads), so an Avro that stops copying fails there.
     */
    public byte[] encode(T value) {
        try {
            return ownedBytes(encoder.encode(value));
        } catch (IOException e) {
            // Encoding into memory fails only for a record that breaks its own schema (a null in a non-null field).
            throw new IllegalArgumentException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The buffer's backing array when it is exactly the buffer's content, otherwise a copy of the content. */
    static byte[] ownedBytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Decodes single-object-encoded bytes; every failure, including null, is an {@link UndecodableRecordException}. */
    public T decode(byte[] bytes) throws UndecodableRecordException {
        if (bytes == null) {
            throw new UndecodableRecordException("record has no value (null) where a " + schema.getName() + " was expected");
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException | IllegalArgumentException e) {
            // Avro reports malformed input through several unchecked types; all mean the same to us.
            throw new UndecodableRecordException("not a " + schema.getName() + " in Avro single-object encoding ("
                    + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
