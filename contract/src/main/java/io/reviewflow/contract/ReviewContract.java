package io.reviewflow.contract;

import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.domain.Problem;
import io.reviewflow.runtime.DeadLetter;
import io.reviewflow.runtime.RecordContract;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.TopicSpec;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The review pipeline's contract as a stage loop needs it: every failure becomes a
 * {@link ReviewRejection} on {@code reviews.rejected}, keyed by review id and carrying the writer's
 * original submission (or the raw bytes that would not decode) so the writer gets back exactly
 * what they sent; log lines about a record name its review and submission ids.
 */
public final class ReviewContract implements RecordContract {

    /** Log context (MDC) keys set while a record is processed, so its log lines can be found by id. */
    public static final String MDC_REVIEW_ID = "reviewId";
    public static final String MDC_SUBMISSION_ID = "submissionId";

    private final Clock clock;

    public ReviewContract(Clock clock) {
        this.clock = clock;
    }

    /** Rejections stamped with the system clock, as the services write them. */
    public static ReviewContract create() {
        return new ReviewContract(Clock.systemUTC());
    }

    @Override
    public List<TopicSpec<?>> topics() {
        return Topics.ALL;
    }

    @Override
    public DeadLetter<ReviewRejection> deadLetter(String stage, Problem problem, SpecificRecord original, byte[] rawValue,
                                                  SourcePosition source) {
        ReviewSubmission submission = original instanceof ReviewSubmission s ? s : null;
        return new DeadLetter<>(Topics.REJECTED, submission != null ? submission.getReviewId() : source.key(),
                rejection(stage, problem, submission, rawValue, source), problem.reason().name());
    }

    /** The dead letter written to {@code reviews.rejected}, naming where its input was. */
    private ReviewRejection rejection(String stage, Problem problem, ReviewSubmission submission, byte[] rawValue,
                                      SourcePosition source) {
        return ReviewRejection.newBuilder()
                .setReason(problem.reason().name())
                .setMessage(problem.message())
                .setLine(problem.line())
                .setStage(stage)
                .setSubmission(submission)
                .setRawValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setRejectedAt(clock.instant())
                .build();
    }

    /** When the writer submitted the original a record carries, by their clock; null if it is not a submission. */
    public static Instant submittedAt(SpecificRecord original) {
        return original instanceof ReviewSubmission submission ? submission.getSubmittedAt() : null;
    }

    /** Every topic is keyed by review id, so the key names the review before the value is even decoded. */
    @Override
    public Map<String, String> logContext(String key, SpecificRecord original) {
        Map<String, String> context = new LinkedHashMap<>(2);
        if (key != null) {
            context.put(MDC_REVIEW_ID, key);
        }
        if (original instanceof ReviewSubmission submission) {
            context.put(MDC_SUBMISSION_ID, submission.getSubmissionId());
        }
        return context;
    }
}
