package io.reviewflow.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewSubmission;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract promises: every current schema is released, and fully compatible with every released version. */
class ReleasedSchemasTest {

    static Stream<Schema> currentSchemas() {
        return TopicSchemas.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void theCurrentSchemaIsReleased(Schema current) {
        List<String> released = ReleasedSchemas.versionsOf(current.getFullName()).stream()
                .map(ReleasedSchemas.Version::fingerprintHex).toList();
        assertTrue(released.contains(ReleasedSchemas.fingerprintHex(current)),
                current.getName() + " changed but is not released: run SchemaRelease (see its javadoc) and commit the new version file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void theCurrentSchemaIsFullyCompatibleWithEveryReleasedVersion(Schema current) {
        List<ReleasedSchemas.Version> versions = ReleasedSchemas.versionsOf(current.getFullName());
        assertFalse(versions.isEmpty());
        for (ReleasedSchemas.Version version : versions) {
            assertCompatible(current, version.schema(), "current reads v" + version.version());
            assertCompatible(version.schema(), current, "v" + version.version() + " reads current");
        }
    }

    @Test
    void theManifestFingerprintsMatchTheFilesTheyName() {
        for (List<ReleasedSchemas.Version> versions : ReleasedSchemas.all().values()) {
            for (ReleasedSchemas.Version version : versions) {
                assertEquals(ReleasedSchemas.fingerprintHex(version.schema()), version.fingerprintHex(), version.file());
                assertEquals(version.name(), version.schema().getFullName(), version.file());
            }
        }
        assertEquals(TopicSchemas.ALL.size(), ReleasedSchemas.all().size());
    }

    @Test
    void releasedFilesAreFreeOfJavaOnlyProperties() throws Exception {
        for (List<ReleasedSchemas.Version> versions : ReleasedSchemas.all().values()) {
            for (ReleasedSchemas.Version version : versions) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(ReleasedSchemas.ROOT + version.file())) {
                    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    assertFalse(text.contains("avro.java.string"), version.file());
                }
            }
        }
    }

    /** What a consumer in any language does: strip the 10-byte header, read the body with only the .avsc file. */
    @Test
    void bytesWeWriteDecodeWithAPlainGenericReaderGivenOnlyTheAvscFile() throws Exception {
        assertGenericReadable(ReviewSubmission.class, SampleRecords.submission(), "ReviewSubmission/v1.avsc");
        assertGenericReadable(io.reviewflow.avro.IngestedReview.class, SampleRecords.ingested(), "IngestedReview/v2.avsc");
        assertGenericReadable(io.reviewflow.avro.ScoredReview.class, SampleRecords.scored(), "ScoredReview/v2.avsc");
        assertGenericReadable(io.reviewflow.avro.PublishedReview.class, SampleRecords.published(), "PublishedReview/v1.avsc");
        assertGenericReadable(io.reviewflow.avro.ReviewRejection.class, SampleRecords.rejection(), "ReviewRejection/v1.avsc");
        assertGenericReadable(io.reviewflow.avro.WorkScore.class, SampleRecords.workScore(), "WorkScore/v1.avsc");
        assertGenericReadable(io.reviewflow.avro.WorkContribution.class, SampleRecords.workContribution(), "WorkContribution/v1.avsc");
        assertGenericReadable(io.reviewflow.avro.WorkTally.class, SampleRecords.workTally(), "WorkTally/v1.avsc");
        assertGenericReadable(io.reviewflow.avro.WorkContributionChange.class, SampleRecords.workContributionChange(),
                "WorkContributionChange/v1.avsc");
    }

    private static <T extends SpecificRecord> void assertGenericReadable(Class<T> type, T record, String file) throws Exception {
        byte[] bytes = AvroCodec.of(type).encode(record);
        Schema schema;
        try (InputStream in = ReleasedSchemasTest.class.getClassLoader().getResourceAsStream(ReleasedSchemas.ROOT + file)) {
            schema = new Schema.Parser().parse(in);
        }
        byte[] body = Arrays.copyOfRange(bytes, 10, bytes.length);
        GenericRecord generic = new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));
        // Written back with only the generic model, the record must be the same bytes: nothing lost or misread.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(generic, encoder);
        encoder.flush();
        assertArrayEquals(body, out.toByteArray(), file);
        assertEquals(schema.getFullName(), generic.getSchema().getFullName());
    }

    private static void assertCompatible(Schema reader, Schema writer, String what) {
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), what + ": " + result.getDescription());
    }
}
