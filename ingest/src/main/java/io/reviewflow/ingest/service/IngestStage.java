package io.reviewflow.ingest.service;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewLedger;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.ReviewLifecycle;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.schemas.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The ingest stage at the Kafka edge: submission in, structured review or rejection out. */
public final class IngestStage implements Stage<ReviewSubmission> {

    /**
     * Ingest's per-review ledger (current revision, retraction, recent submission ids): a compacted
     * changelog partitioned like {@code reviews.submitted}, written in the same transaction as the output.
     */
    public static final TopicSpec<ReviewLedger> LEDGER = new TopicSpec<>("reviewflow-ingest-state",
            AvroCodec.of(ReviewLedger.class), Map.of("cleanup.policy", "compact"));

    private final DocumentParser parser;
    private final Clock clock;

    public IngestStage(DocumentParser parser, Clock clock) {
        this.parser = parser;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public TopicSpec<ReviewSubmission> input() {
        return Topics.SUBMITTED;
    }

    @Override
    public ReviewSubmission originalOf(ReviewSubmission input) {
        return input;
    }

    @Override
    public List<TopicSpec<?>> stateStores() {
        return List.of(LEDGER);
    }

    @Override
    public void process(ReviewSubmission submission, SourcePosition source, Emitter out) {
        Problem envelopeProblem = envelopeProblem(submission, source);
        if (envelopeProblem != null) {
            out.reject(envelopeProblem, submission);
            return;
        }
        String reviewId = submission.getReviewId();
        ReviewLifecycle.Decision decision = ReviewLifecycle.decide(toLedger(out.readState(LEDGER, reviewId)),
                submission.getSubmissionId(), ReviewLifecycle.Action.valueOf(submission.getAction().name()),
                submission.getRevision());
        if (decision instanceof ReviewLifecycle.Duplicate) {
            return; // Processed before, maybe before a restart: its outcome is already on the topics.
        }
        if (decision instanceof ReviewLifecycle.Refused refused) {
            out.writeState(LEDGER, reviewId, toAvro(refused.ledger()));
            out.reject(refused.problem(), submission);
            return;
        }
        ReviewLifecycle.Proceed proceed = (ReviewLifecycle.Proceed) decision;
        if (submission.getAction() == ReviewAction.RETRACT) {
            out.writeState(LEDGER, reviewId, toAvro(proceed.ifAccepted()));
            out.send(Topics.INGESTED, reviewId, ingested(submission, source, null));
            return;
        }
        SourceFormat declared = submission.getFormat() == null ? null : SourceFormat.valueOf(submission.getFormat().name());
        Outcome<Review> outcome = parser.parse(bytes(submission.getDocument()), declared);
        if (outcome instanceof Outcome.Accepted<Review> accepted) {
            out.writeState(LEDGER, reviewId, toAvro(proceed.ifAccepted()));
            out.send(Topics.INGESTED, reviewId, ingested(submission, source, ReviewRecords.toAvro(accepted.value())));
        } else if (outcome instanceof Outcome.Rejected<Review> rejected) {
            out.writeState(LEDGER, reviewId, toAvro(proceed.ifRejected()));
            out.reject(rejected.problem(), submission);
        }
    }

    /** The event for scoring: the submission without its document, which stays at {@code source} (docs/DECISIONS.md). */
    private IngestedReview ingested(ReviewSubmission submission, SourcePosition source, ReviewContent review) {
        return new IngestedReview(ReviewRecords.withoutDocument(submission), ReviewRecords.positionOf(source), review,
                clock.instant());
    }

    private static ReviewLifecycle.Ledger toLedger(ReviewLedger state) {
        return state == null ? null
                : new ReviewLifecycle.Ledger(state.getLatestRevision(), state.getRetracted(), state.getRecentSubmissionIds());
    }

    private static ReviewLedger toAvro(ReviewLifecycle.Ledger ledger) {
        return new ReviewLedger(ledger.latestRevision(), ledger.retracted(), ledger.recentSubmissionIds());
    }

    /** The envelope must name the review it is about, and be keyed by it so its versions stay in order. */
    private static Problem envelopeProblem(ReviewSubmission submission, SourcePosition source) {
        if (submission.getSubmissionId().isBlank()) {
            return Problem.of(RejectionReason.INVALID_SUBMISSION, "submission has no submission id");
        }
        if (submission.getReviewId().isBlank()) {
            return Problem.of(RejectionReason.INVALID_SUBMISSION, "submission has no review id");
        }
        if (submission.getWriterId().isBlank()) {
            return Problem.of(RejectionReason.INVALID_SUBMISSION, "submission has no writer id");
        }
        if (!submission.getReviewId().equals(source.key())) {
            return Problem.of(RejectionReason.INVALID_SUBMISSION, "record key '" + source.key()
                    + "' is not the review id '" + submission.getReviewId() + "': submissions must be keyed by review id");
        }
        return null;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
