package io.reviewflow.runtime;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.domain.Problem;
import io.reviewflow.schemas.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The contract the runtime's own tests run stages on: a few topics of the pipeline's Avro types and
 * dead letters as rejections on a topic of the test's choosing. The review pipeline's real contract
 * lives outside the runtime, which must not depend on it.
 */
public final class TestContract implements RecordContract {

    public static final TopicSpec<ReviewSubmission> SUBMITTED =
            new TopicSpec<>("reviews.submitted", AvroCodec.of(ReviewSubmission.class), Map.of());
    public static final TopicSpec<ScoredReview> SCORED = new TopicSpec<>("reviews.scored", AvroCodec.of(ScoredReview.class), Map.of());
    public static final TopicSpec<PublishedReview> PUBLISHED =
            new TopicSpec<>("reviews.published", AvroCodec.of(PublishedReview.class), Map.of());

    private final TopicSpec<ReviewRejection> deadLetters;

    private TestContract(String deadLetterTopic) {
        this.deadLetters = new TopicSpec<>(deadLetterTopic, AvroCodec.of(ReviewRejection.class), Map.of());
    }

    /** Dead letters go to {@code topic}. */
    public static TestContract deadLettersTo(String topic) {
        return new TestContract(topic);
    }

    /** For stages that never dead-letter anything. */
    public static TestContract create() {
        return deadLettersTo("test.rejected");
    }

    public TopicSpec<ReviewRejection> deadLetters() {
        return deadLetters;
    }

    @Override
    public List<TopicSpec<?>> topics() {
        return List.of(SUBMITTED, SCORED, PUBLISHED, deadLetters);
    }

    @Override
    public DeadLetter<ReviewRejection> deadLetter(String stage, Problem problem, SpecificRecord original, byte[] rawValue,
                                                  SourcePosition source) {
        ReviewSubmission submission = original instanceof ReviewSubmission s ? s : null;
        return new DeadLetter<>(deadLetters, source.key(), new ReviewRejection(problem.reason().name(), problem.message(),
                problem.line(), stage, submission, rawValue == null ? null : ByteBuffer.wrap(rawValue), source.topic(),
                source.partition(), source.offset(), Instant.now()), problem.reason().name());
    }
}
