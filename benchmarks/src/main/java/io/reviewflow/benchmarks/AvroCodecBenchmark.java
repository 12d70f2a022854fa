package io.reviewflow.benchmarks;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.publish.PublicationInfo;
import io.reviewflow.publish.ReviewRenderer;
import io.reviewflow.publish.Slugs;
import io.reviewflow.publish.service.PublishStage;
import io.reviewflow.schemas.AvroCodec;
import io.reviewflow.schemas.UndecodableRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link AvroCodec} on the seed review's events as the stages write them: {@code IngestedReview} (ingest's
 * output), {@code ScoredReview} (scoring's) and {@code PublishedReview} (publish's, with its renderings).
 * One operation is one event encoded, or decoded.
 *
 * <p>Baseline: {@link #baselineEncodeCopying}, the encode {@link AvroCodec} had before the issue "Lean
 * events": Avro's {@code BinaryMessageEncoder.encode(value)} (which already returns a fresh exact-size
 * array, see {@link AvroCodec#encode}) copied once more into a new {@code byte[]}. So {@code x baseline}
 * of {@link #encode} is the new encode's time over the old one's, same event, same run. {@link #decode}
 * has no baseline of its own (its {@code x baseline} reads against the old encode, for scale only).
 */
// Not final: JMH generates subclasses of benchmark classes and refuses final ones.
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AvroCodecBenchmark {

    /** Fixed ids and times, so that the encoded sizes repeat run to run. */
    static final String REVIEW_ID = "5f0c2a9e-3b1d-4c6e-9a57-0d2e8b4f7c13";
    static final String SUBMISSION_ID = "0b9f8f1e-5d0c-4f8e-9a51-6a3a4c2e7d10";
    static final Instant AT = Instant.parse("2026-12-04T12:00:00Z");

    /** One event type: its codec, the seed review's event of that type, its bytes, and the old encode. */
    static final class Event<T extends SpecificRecord> {

        final AvroCodec<T> codec;
        final T value;
        final byte[] bytes;
        private final BinaryMessageEncoder<T> copyingEncoder;

        Event(AvroCodec<T> codec, T value) {
            this.codec = codec;
            this.value = value;
            // Exactly the encoder AvroCodec built before the change (output copying on, Avro's default).
            this.copyingEncoder = new BinaryMessageEncoder<>(
                    new SpecificData(codec.type().getClassLoader()), codec.schema());
            this.bytes = codec.encode(value);
            if (!Arrays.equals(bytes, encodeCopying())) {
                throw new IllegalStateException("the old and new encode disagree on " + codec.schema().getName());
            }
            try {
                if (!value.equals(codec.decode(bytes))) {
                    throw new IllegalStateException(codec.schema().getName() + " does not round-trip");
                }
            } catch (UndecodableRecordException e) {
                throw new IllegalStateException(e);
            }
        }

        /** AvroCodec.encode as it was: Avro's buffer, then one more copy into a new array. */
        byte[] encodeCopying() {
            try {
                ByteBuffer buffer = copyingEncoder.encode(value);
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                return copy;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot encode " + codec.schema().getName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The seed review's event of the chosen type, made the way the stages make it. */
    @State(Scope.Benchmark)
    public static class SeedEvent {

        @Param({"IngestedReview", "ScoredReview", "PublishedReview"})
        String event;

        Event<?> chosen;

        @Setup
        public void load() {
            // First, so that Avro trusts the generated classes (AvroCodec's static set-up) before any copy.
            Objects.requireNonNull(Topics.PUBLISHED.codec());
            switch (event) {
                case "IngestedReview" -> chosen = new Event<>(Topics.INGESTED.codec(), ingested());
                case "ScoredReview" -> chosen = new Event<>(Topics.SCORED.codec(), scored());
                case "PublishedReview" -> chosen = new Event<>(Topics.PUBLISHED.codec(), published());
                default -> throw new IllegalArgumentException("no event " + event);
            }
        }
    }

    /** The seed document as a writer submits it ({@code reviewflow submit}): what every later event carries. */
    static ReviewSubmission submission() {
        return ReviewSubmission.newBuilder()
                .setSubmissionId(SUBMISSION_ID).setReviewId(REVIEW_ID).setWriterId("writer-17")
                .setAction(ReviewAction.SUBMIT).setRevision(1).setFormat(DocumentFormat.TEXT)
                .setDocument(ByteBuffer.wrap(Samples.bytes(Samples.SEED)))
                .setSource(Samples.SEED).setSubmittedAt(AT).build();
    }

    /** Where the seed's submission is on reviews.submitted, as ingest records it. */
    static final SubmissionPosition POSITION = new SubmissionPosition(2, 1_234_567L);

    /** As ingest writes it: the submission without its document, where it is, and the review parsed out of it. */
    static IngestedReview ingested() {
        ReviewContent content = ReviewRecords.toAvro(Samples.seedScored().review());
        return new IngestedReview(ReviewRecords.withoutDocument(submission()), POSITION, content, AT);
    }

    /** As scoring writes it: the ingested review with its score and verdict on the house scale. */
    static ScoredReview scored() {
        AssessedReview scored = Samples.seedScored();
        return new ScoredReview(ReviewRecords.withoutDocument(submission()), POSITION, ReviewRecords.toAvro(scored.review()),
                ReviewRecords.toAvro(scored.score()), ReviewRecords.toAvro(scored.verdict()), AT);
    }

    /** As publish writes it (as in {@link PublishedEventSize}): the review, score, verdict and renderings. */
    static PublishedReview published() {
        AssessedReview scored = Samples.seedScored();
        PublicationInfo info = new PublicationInfo(REVIEW_ID, "writer-17", 1,
                Slugs.slugFor(scored.review().title(), REVIEW_ID), AT);
        return PublishStage.event(info, SUBMISSION_ID, AT,
                ReviewRecords.toAvro(scored.review()), ReviewRecords.toAvro(scored.score()),
                ReviewRecords.toAvro(scored.verdict()), new ReviewRenderer().render(scored, info));
    }

    /** The old encode: Avro's exact-size array copied into another. */
    @Benchmark
    public byte[] baselineEncodeCopying(SeedEvent seed) {
        return seed.chosen.encodeCopying();
    }

    /** {@link AvroCodec#encode} as it is now: Avro's exact-size array handed out as it is. */
    @Benchmark
    public byte[] encode(SeedEvent seed) {
        return encodeWith(seed.chosen);
    }

    /** {@link AvroCodec#decode}: the single-object bytes back into the generated record, text as String. */
    @Benchmark
    public Object decode(SeedEvent seed) throws UndecodableRecordException {
        return seed.chosen.codec.decode(seed.chosen.bytes);
    }

    private static <T extends SpecificRecord> byte[] encodeWith(Event<T> event) {
        return event.codec.encode(event.value);
    }
}
