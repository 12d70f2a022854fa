package io.reviewflow.benchmarks;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.Verdict;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.schemas.AvroCodec;
import io.reviewflow.schemas.UndecodableRecordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.Utf8;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What passing the review's text through the scoring stage costs: the seed review's {@code IngestedReview}
 * bytes in, its {@code ScoredReview} bytes out, the review carried over unchanged. Scoring reads three
 * fields of the review (the raw score, the writer's label, the score's line); every other string (title,
 * lists, summary, body: about 2.5 KB of the seed's text) it only carries. Today each of them is decoded
 * from UTF-8 into a UTF-16 {@code String} and encoded back. One operation is one review; the scoring
 * itself (a fixed score and verdict here) is left out, as it is the same in every variant.
 *
 * <ul>
 *   <li>{@link #specificStage}: what {@code ScoringStage} does now: {@code AvroCodec} decode into the
 *       generated classes, {@code ReviewRecords.toDomain} for the scorer, {@code AvroCodec} encode.
 *   <li>{@link #specificRoundTrip}: the same without {@code toDomain}: the codec's part alone.
 *   <li>{@link #genericString} and {@link #genericUtf8}: the same decode/re-encode with Avro's generic
 *       records, once with strings as {@code String} and once as {@link Utf8} (the schemas' own
 *       {@code avro.java.string} property removed). Only the string type differs, so their difference is
 *       the UTF-8 → UTF-16 → UTF-8 round trip of the text itself.
 *   <li>{@link #baselineSpliceEncodedReview}: no record at all: the encoded submission and review are
 *       copied as bytes from the ingested event into the scored one, after skipping over them to read the
 *       three score fields; the floor of any pass-through.
 * </ul>
 *
 * <p>Every variant's output is checked at set-up to be byte for byte what the stage writes today.
 */
// Not final: JMH generates subclasses of benchmark classes and refuses final ones.
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ScoringPassThroughBenchmark {

    /** Avro's single-object header: two marker bytes and the writer schema's 8-byte fingerprint. */
    static final int HEADER = 10;

    /** A byte-array input whose read position can be asked, to find where a skipped record ends. */
    static final class PositionedInput extends ByteArrayInputStream {

        PositionedInput() {
            super(new byte[0]);
        }

        void reset(byte[] bytes, int offset) {
            this.buf = bytes;
            this.pos = offset;
            this.count = bytes.length;
            this.mark = offset;
        }

        int position() {
            return pos;
        }

        // ByteArrayInputStream's own are synchronized, a lock taken per varint byte by the direct decoder;
        // this one is confined to its benchmark thread, so the floor is not raised by needless locking.
        @Override
        public int read() {
            return pos < count ? buf[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (pos >= count) {
                return -1;
            }
            int n = Math.min(length, count - pos);
            System.arraycopy(buf, pos, into, offset, n);
            pos += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, count - pos));
            pos += (int) skipped;
            return skipped;
        }

        @Override
        public int available() {
            return count - pos;
        }
    }

    /** The ingested seed review as bytes, and everything each variant builds once (as a stage would). */
    @State(Scope.Thread)
    public static class IngestedSeed {

        byte[] ingestedBytes;
        Score score;
        Verdict verdict;
        long scoredAtMillis;
        AvroCodec<IngestedReview> ingestedCodec;
        AvroCodec<ScoredReview> scoredCodec;

        Generic strings;
        Generic utf8;

        long ingestedFingerprint;
        byte[] scoredHeader;
        Schema submissionSchema;
        Schema positionSchema;
        List<Schema.Field> contentFields;
        int rawScorePos;
        int writerLabelPos;
        int scoreLinePos;
        SpecificDatumWriter<Score> scoreWriter;
        SpecificDatumWriter<Verdict> verdictWriter;
        PositionedInput input;
        BinaryDecoder decoder;
        BinaryEncoder encoder;
        ByteArrayOutputStream out;

        /** What ScoringStage writes for the seed today; every variant must write exactly this. */
        byte[] expected;

        @Setup
        public void load() throws Exception {
            // First, so that Avro trusts the generated classes (AvroCodec's static set-up) before any copy.
            ingestedCodec = Topics.INGESTED.codec();
            scoredCodec = Topics.SCORED.codec();
            AssessedReview assessed = Samples.seedScored();
            ingestedBytes = ingestedCodec.encode(AvroCodecBenchmark.ingested());
            score = ReviewRecords.toAvro(assessed.score());
            verdict = ReviewRecords.toAvro(assessed.verdict());
            scoredAtMillis = AvroCodecBenchmark.AT.toEpochMilli();

            strings = new Generic(IngestedReview.SCHEMA$, ScoredReview.SCHEMA$, score, verdict);
            utf8 = new Generic(withoutJavaStringType(IngestedReview.SCHEMA$),
                    withoutJavaStringType(ScoredReview.SCHEMA$), score, verdict);

            ingestedFingerprint = SchemaNormalization.parsingFingerprint64(IngestedReview.SCHEMA$);
            scoredHeader = Arrays.copyOf(scoredCodec.encode(new ScoredReview(
                    AvroCodecBenchmark.submission(), null, null, null, null, AvroCodecBenchmark.AT)), HEADER);
            submissionSchema = ReviewSubmission.SCHEMA$;
            positionSchema = IngestedReview.SCHEMA$.getField("submissionPosition").schema();
            contentFields = ReviewContent.SCHEMA$.getFields();
            rawScorePos = ReviewContent.SCHEMA$.getField("rawScore").pos();
            writerLabelPos = ReviewContent.SCHEMA$.getField("writerLabel").pos();
            scoreLinePos = ReviewContent.SCHEMA$.getField("scoreLine").pos();
            scoreWriter = new SpecificDatumWriter<>(Score.SCHEMA$);
            verdictWriter = new SpecificDatumWriter<>(Verdict.SCHEMA$);
            input = new PositionedInput();
            out = new ByteArrayOutputStream(4096);

            // No Blackhole outside JMH's own code: the set-up runs each variant with none (see consume).
            expected = specific(this, null, true);
            check("specificRoundTrip", specific(this, null, false));
            check("genericString", strings.passThrough(ingestedBytes, scoredAtMillis, null));
            check("genericUtf8", utf8.passThrough(ingestedBytes, scoredAtMillis, null));
            check("baselineSpliceEncodedReview", splice(this, null));
            // The two generic variants must differ in their string type and in nothing else.
            Object stringTitle = ((GenericRecord) strings.decoder.decode(ingestedBytes).get("review")).get("title");
            Object utf8Title = ((GenericRecord) utf8.decoder.decode(ingestedBytes).get("review")).get("title");
            if (!(stringTitle instanceof String) || !(utf8Title instanceof Utf8)) {
                throw new IllegalStateException("genericString must read String and genericUtf8 Utf8, not "
                        + stringTitle.getClass() + " and " + utf8Title.getClass());
            }
        }

        private void check(String variant, byte[] actual) throws UndecodableRecordException {
            if (!Arrays.equals(expected, actual)) {
                throw new IllegalStateException(variant + " writes other bytes than the stage: "
                        + scoredCodec.decode(actual) + " instead of " + scoredCodec.decode(expected));
            }
        }
    }

    /** Decoder and encoder over Avro's generic records, with the string type the schemas say. */
    static final class Generic {

        final BinaryMessageDecoder<GenericRecord> decoder;
        final BinaryMessageEncoder<GenericRecord> encoder;
        final Schema scoredSchema;
        final GenericRecord score;
        final GenericRecord verdict;

        Generic(Schema ingested, Schema scored, Score score, Verdict verdict) {
            this.decoder = new BinaryMessageDecoder<>(GenericData.get(), ingested);
            this.encoder = new BinaryMessageEncoder<>(GenericData.get(), scored, true);
            this.scoredSchema = scored;
            this.score = generic(score, scored.getField("score").schema().getTypes().get(1));
            this.verdict = generic(verdict, scored.getField("verdict").schema().getTypes().get(1));
        }

        private static GenericRecord generic(org.apache.avro.specific.SpecificRecord specific, Schema schema) {
            GenericData.Record record = new GenericData.Record(schema);
            for (int i = 0; i < schema.getFields().size(); i++) {
                record.put(i, specific.get(i));
            }
            return record;
        }

        byte[] passThrough(byte[] ingestedBytes, long scoredAtMillis, Blackhole blackhole) throws IOException {
            GenericRecord ingested = decoder.decode(ingestedBytes);
            GenericRecord review = (GenericRecord) ingested.get("review");
            // What the scorer reads, as the Strings it takes.
            consume(blackhole, review.get("rawScore").toString());
            Object label = review.get("writerLabel");
            consume(blackhole, label == null ? null : label.toString());
            consume(blackhole, review.get("scoreLine"));
            GenericData.Record scored = new GenericData.Record(scoredSchema);
            scored.put("submission", ingested.get("submission"));
            scored.put("submissionPosition", ingested.get("submissionPosition"));
            scored.put("review", review);
            scored.put("score", score);
            scored.put("verdict", verdict);
            scored.put("scoredAt", scoredAtMillis);
            return exact(encoder.encode(scored));
        }
    }

    /** Hands a value to JMH's Blackhole, so that reading it is not optimised away; none at set-up. */
    static void consume(Blackhole blackhole, Object value) {
        if (blackhole != null) {
            blackhole.consume(value);
        }
    }

    /** The schema with every {@code "avro.java.string": "String"} removed, so that Avro reads text as Utf8. */
    static Schema withoutJavaStringType(Schema schema) {
        String json = schema.toString().replace(",\"" + GenericData.STRING_PROP + "\":\"String\"", "");
        if (json.contains(GenericData.STRING_PROP)) {
            throw new IllegalStateException("a string type property is left in " + json);
        }
        return new Schema.Parser().parse(json);
    }

    /** Avro hands back a fresh exact-size array (see AvroCodec.encode); take it without a copy, as the codec does. */
    static byte[] exact(ByteBuffer buffer) {
        byte[] array = buffer.array();
        if (buffer.arrayOffset() != 0 || buffer.position() != 0 || buffer.remaining() != array.length) {
            throw new IllegalStateException("Avro returned a window on a larger array");
        }
        return array;
    }

    static byte[] specific(IngestedSeed seed, Blackhole blackhole, boolean toDomain) throws UndecodableRecordException {
        IngestedReview ingested = seed.ingestedCodec.decode(seed.ingestedBytes);
        ReviewContent review = ingested.getReview();
        if (toDomain) {
            // As ScoringStage does: the whole review converted for the scorer.
            consume(blackhole, ReviewRecords.toDomain(review));
        } else {
            consume(blackhole, review.getRawScore());
            consume(blackhole, review.getWriterLabel());
            consume(blackhole, review.getScoreLine());
        }
        return seed.scoredCodec.encode(new ScoredReview(ingested.getSubmission(), ingested.getSubmissionPosition(), review,
                seed.score, seed.verdict,
                AvroCodecBenchmark.AT));
    }

    static byte[] splice(IngestedSeed seed, Blackhole blackhole) throws IOException {
        byte[] in = seed.ingestedBytes;
        // Only bytes written with today's schema can be spliced; older writers' would need the full decode.
        if (in.length < HEADER || in[0] != (byte) 0xC3 || in[1] != 0x01
                || ByteBuffer.wrap(in, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong() != seed.ingestedFingerprint) {
            throw new IllegalStateException("not an IngestedReview of the current schema");
        }
        seed.input.reset(in, HEADER);
        BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(seed.input, seed.decoder);
        seed.decoder = decoder;
        GenericDatumReader.skip(seed.submissionSchema, decoder);
        GenericDatumReader.skip(seed.positionSchema, decoder);
        if (decoder.readIndex() != 1) {
            throw new IllegalStateException("a retraction has no review to pass through");
        }
        String rawScore = null;
        String writerLabel = null;
        Integer scoreLine = null;
        for (Schema.Field field : seed.contentFields) {
            int pos = field.pos();
            if (pos == seed.rawScorePos) {
                rawScore = decoder.readString();
            } else if (pos == seed.writerLabelPos) {
                writerLabel = decoder.readIndex() == 1 ? decoder.readString() : null;
            } else if (pos == seed.scoreLinePos) {
                scoreLine = decoder.readIndex() == 1 ? decoder.readInt() : null;
            } else {
                GenericDatumReader.skip(field.schema(), decoder);
            }
        }
        consume(blackhole, rawScore);
        consume(blackhole, writerLabel);
        consume(blackhole, scoreLine);
        int end = seed.input.position();
        // IngestedReview and ScoredReview both start with the submission, its position and the review: same bytes.
        ByteArrayOutputStream out = seed.out;
        out.reset();
        out.write(seed.scoredHeader);
        out.write(in, HEADER, end - HEADER);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, seed.encoder);
        seed.encoder = encoder;
        encoder.writeIndex(1);
        seed.scoreWriter.write(seed.score, encoder);
        encoder.writeIndex(1);
        seed.verdictWriter.write(seed.verdict, encoder);
        encoder.writeLong(seed.scoredAtMillis);
        encoder.flush();
        return out.toByteArray();
    }

    /** The floor: the encoded submission and review copied as bytes; only the three score fields decoded. */
    @Benchmark
    public byte[] baselineSpliceEncodedReview(IngestedSeed seed, Blackhole blackhole) throws IOException {
        return splice(seed, blackhole);
    }

    /** Today's scoring stage minus the scoring: specific decode, {@code toDomain}, specific encode. */
    @Benchmark
    public byte[] specificStage(IngestedSeed seed, Blackhole blackhole) throws UndecodableRecordException {
        return specific(seed, blackhole, true);
    }

    /** The codec's part of it: specific decode and encode, text as String, no {@code toDomain}. */
    @Benchmark
    public byte[] specificRoundTrip(IngestedSeed seed, Blackhole blackhole) throws UndecodableRecordException {
        return specific(seed, blackhole, false);
    }

    /** Generic records, text decoded to String and encoded back. */
    @Benchmark
    public byte[] genericString(IngestedSeed seed, Blackhole blackhole) throws IOException {
        return seed.strings.passThrough(seed.ingestedBytes, seed.scoredAtMillis, blackhole);
    }

    /** Generic records, text kept as the UTF-8 it arrived in (Utf8), written back without re-encoding. */
    @Benchmark
    public byte[] genericUtf8(IngestedSeed seed, Blackhole blackhole) throws IOException {
        return seed.utf8.passThrough(seed.ingestedBytes, seed.scoredAtMillis, blackhole);
    }
}
