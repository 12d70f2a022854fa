package io.reviewflow.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {

    static Stream<Arguments> everyRecordType() {
        return Stream.of(
                Arguments.of(ReviewSubmission.class, SampleRecords.submission()),
                Arguments.of(IngestedReview.class, SampleRecords.ingested()),
                Arguments.of(ScoredReview.class, SampleRecords.scored()),
                Arguments.of(PublishedReview.class, SampleRecords.published()),
                Arguments.of(ReviewRejection.class, SampleRecords.rejection()),
                Arguments.of(io.reviewflow.avro.WorkScore.class, SampleRecords.workScore()),
                Arguments.of(io.reviewflow.avro.WorkContribution.class, SampleRecords.workContribution()),
                Arguments.of(io.reviewflow.avro.WorkTally.class, SampleRecords.workTally()),
                Arguments.of(io.reviewflow.avro.WorkContributionChange.class, SampleRecords.workContributionChange()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void kafkaSerdeRoundTripsEveryRecordType(Class<T> type, T record) throws Exception {
        AvroCodec<T> codec = AvroCodec.of(type);
        byte[] bytes = new AvroSerializer<>(codec).serialize("topic", record);
        T back = new AvroDeserializer<>(codec).deserialize("topic", bytes);
        assertEquals(record, back);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void bytesCarryTheSingleObjectHeaderWithTheSchemaFingerprint(Class<T> type, T record) {
        AvroCodec<T> codec = AvroCodec.of(type);
        byte[] bytes = codec.encode(record);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(SchemaNormalization.parsingFingerprint64(codec.schema()), fingerprint);
    }

    @Test
    void tombstonesStayNull() {
        AvroCodec<PublishedReview> codec = AvroCodec.of(PublishedReview.class);
        assertNull(new AvroSerializer<>(codec).serialize("reviews.published", null));
        assertNull(new AvroDeserializer<>(codec).deserialize("reviews.published", null));
    }

    @Test
    void randomBytesAreUndecodableNotACrash() {
        AvroCodec<ReviewSubmission> codec = AvroCodec.of(ReviewSubmission.class);
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            assertThrows(UndecodableRecordException.class, () -> codec.decode(bytes));
        }
        assertThrows(UndecodableRecordException.class, () -> codec.decode(null));
        assertThrows(SerializationException.class,
                () -> new AvroDeserializer<>(codec).deserialize("t", new byte[] {1, 2, 3}));
    }

    @Test
    void aRecordOfAnotherSchemaIsUndecodable() {
        byte[] rejectionBytes = AvroCodec.of(ReviewRejection.class).encode(SampleRecords.rejection());
        assertThrows(UndecodableRecordException.class,
                () -> AvroCodec.of(ReviewSubmission.class).decode(rejectionBytes));
    }

    @Test
    void aValidHeaderWithAHugeClaimedLengthIsRefusedWithoutAllocatingIt() throws Exception {
        AvroCodec<ReviewSubmission> codec = AvroCodec.of(ReviewSubmission.class);
        byte[] header = java.util.Arrays.copyOf(codec.encode(SampleRecords.submission()), 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
        body.writeLong(Integer.MAX_VALUE - 16); // submissionId claims ~2 GiB
        body.flush();
        assertThrows(UndecodableRecordException.class, () -> codec.decode(out.toByteArray()));
    }

    @Test
    void truncatedRecordsAreUndecodable() {
        AvroCodec<ScoredReview> codec = AvroCodec.of(ScoredReview.class);
        byte[] full = codec.encode(SampleRecords.scored());
        for (int length = 0; length < full.length; length += 7) {
            byte[] cut = java.util.Arrays.copyOf(full, length);
            assertThrows(UndecodableRecordException.class, () -> codec.decode(cut), "length " + length);
        }
        assertArrayEquals(full, codec.encode(SampleRecords.scored()));
    }
    @Test
    void everyEncodeReturnsAnArrayOfItsOwn() throws Exception {
        // encode hands out the array Avro made rather than copying it: it must still be fresh each time,
        // never Avro's per-thread buffer, so that a caller keeping or changing one cannot touch another.
        AvroCodec<ScoredReview> codec = AvroCodec.of(ScoredReview.class);
        byte[] first = codec.encode(SampleRecords.scored());
        byte[] expected = first.clone();
        byte[] second = codec.encode(SampleRecords.scored());
        assertNotSame(first, second);
        java.util.Arrays.fill(second, (byte) 0);
        assertArrayEquals(expected, first);
        assertArrayEquals(expected, codec.encode(SampleRecords.scored()));
        assertEquals(SampleRecords.scored(), codec.decode(first));
    }

    @Test
    void encodesFromManyThreadsAtOnceStayIntact() throws Exception {
        AvroCodec<ScoredReview> codec = AvroCodec.of(ScoredReview.class);
        byte[] expected = codec.encode(SampleRecords.scored());
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<java.util.List<byte[]>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    java.util.List<byte[]> encoded = new java.util.ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        encoded.add(codec.encode(SampleRecords.scored()));
                    }
                    return encoded;
                }));
            }
            java.util.Set<byte[]> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (var result : results) {
                for (byte[] bytes : result.get()) {
                    assertArrayEquals(expected, bytes);
                    distinct.add(bytes);
                }
            }
            assertEquals(threads * 500, distinct.size(), "every encode made its own array");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBufferThatIsAWindowOnALargerArrayIsCopiedOut() {
        byte[] backing = {9, 1, 2, 3, 9};
        byte[] window = AvroCodec.ownedBytes(ByteBuffer.wrap(backing, 1, 3));
        assertArrayEquals(new byte[] {1, 2, 3}, window);
        assertNotSame(backing, window);
        byte[] sliced = AvroCodec.ownedBytes(ByteBuffer.wrap(backing, 1, 3).slice());
        assertArrayEquals(new byte[] {1, 2, 3}, sliced);
        byte[] readOnly = AvroCodec.ownedBytes(ByteBuffer.wrap(backing).asReadOnlyBuffer());
        assertArrayEquals(backing, readOnly);
        assertNotSame(backing, readOnly);
        byte[] exact = {1, 2, 3};
        assertSame(exact, AvroCodec.ownedBytes(ByteBuffer.wrap(exact)));
    }
}
