package io.reviewflow.contract;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.contract.SubmissionArchive.SubmissionUnavailableException;
import io.reviewflow.domain.Problem;
import io.reviewflow.runtime.DeadLetter;
import io.reviewflow.runtime.KafkaSettings;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review pipeline's contract as a stage loop needs it: every failure becomes a
 * {@link ReviewRejection} on {@code reviews.rejected}, keyed by review id and carrying the writer's
 * whole original submission (or the raw bytes that would not decode) so the writer gets back exactly
 * what they sent; log lines about a record name its review and submission ids.
 *
 * <p>A stage's original ({@code Stage.originalOf}) is the submission itself (ingest) or the event that
 * carries it ({@link IngestedReview}, {@link ScoredReview}). Those events carry the submission without
 * its document and where it is on {@code reviews.submitted}; a rejection reads the document back from
 * there through the {@link SubmissionArchive}. If it cannot, the rejection still goes out, with the
 * submission as the event carried it and the reason in its message.
 */
public final class ReviewContract implements RecordContract {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewContract.class);

    /** Log context (MDC) keys set while a record is processed, so its log lines can be found by id. */
    public static final String MDC_REVIEW_ID = "reviewId";
    public static final String MDC_SUBMISSION_ID = "submissionId";

    private final Clock clock;
    private final SubmissionArchive archive;

    public ReviewContract(Clock clock, SubmissionArchive archive) {
        this.clock = clock;
        this.archive = archive;
    }

    /** As the services write rejections: the system clock, documents read back from {@code reviews.submitted}. */
    public static ReviewContract create(KafkaSettings kafka) {
        return create(kafka, Topics.SUBMITTED.name());
    }

    /** As {@link #create(KafkaSettings)}, for a pipeline whose submissions are on another topic (the bench's). */
    public static ReviewContract create(KafkaSettings kafka, String submissionsTopic) {
        return new ReviewContract(Clock.systemUTC(), new KafkaSubmissionArchive(kafka, submissionsTopic));
    }

    @Override
    public List<TopicSpec<?>> topics() {
        return Topics.ALL;
    }

    @Override
    public DeadLetter<ReviewRejection> deadLetter(String stage, Problem problem, SpecificRecord original, byte[] rawValue,
                                                  SourcePosition source) {
        ReviewSubmission submission = submissionIn(original);
        SubmissionPosition position = positionIn(original);
        Problem told = problem;
        if (submission != null && position != null) {
            try {
                submission = readBack(submission, position);
            } catch (SubmissionUnavailableException e) {
                LOG.warn("{}: rejecting {} without its document: {}", stage, submission.getSubmissionId(), e.getMessage());
                told = new Problem(problem.reason(), problem.message() + " (the document itself could not be read back: "
                        + e.getMessage() + ")", problem.line());
            }
        }
        return new DeadLetter<>(Topics.REJECTED, submission != null ? submission.getReviewId() : source.key(),
                rejection(stage, told, submission, rawValue, source), problem.reason().name());
    }

    /** The whole submission at {@code position}, if it is the one {@code carried} describes. */
    private ReviewSubmission readBack(ReviewSubmission carried, SubmissionPosition position) {
        ReviewSubmission whole = archive.read(position);
        if (!whole.getSubmissionId().equals(carried.getSubmissionId()) || !whole.getReviewId().equals(carried.getReviewId())) {
            throw new SubmissionUnavailableException("partition " + position.getPartition() + " offset " + position.getOffset()
                    + " holds submission " + whole.getSubmissionId() + ", not " + carried.getSubmissionId());
        }
        return whole;
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

    /** The submission an original is or carries (without its document if it carries its position too); else null. */
    static ReviewSubmission submissionIn(SpecificRecord original) {
        if (original instanceof ReviewSubmission submission) {
            return submission;
        }
        if (original instanceof IngestedReview ingested) {
            return ingested.getSubmission();
        }
        if (original instanceof ScoredReview scored) {
            return scored.getSubmission();
        }
        return null;
    }

    private static SubmissionPosition positionIn(SpecificRecord original) {
        if (original instanceof IngestedReview ingested) {
            return ingested.getSubmissionPosition();
        }
        if (original instanceof ScoredReview scored) {
            return scored.getSubmissionPosition();
        }
        return null;
    }

    /** When the writer submitted the original a record carries, by their clock; null if it carries none. */
    public static Instant submittedAt(SpecificRecord original) {
        ReviewSubmission submission = submissionIn(original);
        return submission == null ? null : submission.getSubmittedAt();
    }

    /** Every topic is keyed by review id, so the key names the review before the value is even decoded. */
    @Override
    public Map<String, String> logContext(String key, SpecificRecord original) {
        Map<String, String> context = new LinkedHashMap<>(2);
        if (key != null) {
            context.put(MDC_REVIEW_ID, key);
        }
        ReviewSubmission submission = submissionIn(original);
        if (submission != null) {
            context.put(MDC_SUBMISSION_ID, submission.getSubmissionId());
        }
        return context;
    }

    @Override
    public void close() {
        archive.close();
    }
}
