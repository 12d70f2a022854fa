package io.reviewflow.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
}
