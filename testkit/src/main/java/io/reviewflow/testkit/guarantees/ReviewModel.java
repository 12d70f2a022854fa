package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.ReviewLifecycle;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every downstream reader must end with after a workload, worked out before anything is
 * read back: per submission its one outcome, per review the sequence {@code reviews.published}
 * must show and the value it must end with. It runs the pipeline's own pure logic, so it never
 * re-implements it: ingest's {@link ReviewLifecycle} and {@link DocumentParser}, and the scoring
 * function the scenario runs (handed in, because the scoring module's tests depend on this kit).
 *
 * <p>Each review's submissions are taken in workload order, which is their send order: the load
 * driver keeps each review on one partition. Immutable.
 */
public final class ReviewModel {

    /** One planned submission and the outcome the model gives it. */
    public record Modelled(PlannedSubmission planned, Expectation expectation, String reason) {
        public ReviewSubmission submission() {
            return planned.submission();
        }
    }

    /** One step of a review on {@code reviews.published}: a published submission, or a tombstone. */
    public record Step(String submissionId) {
        static final Step TOMBSTONE = new Step(null);

        public boolean tombstone() {
            return submissionId == null;
        }
    }

    private final String reviewIdPrefix;
    private final List<Modelled> submissions;
    private final Map<String, List<Step>> stepsByReview;
    private final Map<String, ScoredReview> liveByReview;

    private ReviewModel(String reviewIdPrefix, List<Modelled> submissions, Map<String, List<Step>> stepsByReview,
                        Map<String, ScoredReview> liveByReview) {
        this.reviewIdPrefix = reviewIdPrefix;
        this.submissions = List.copyOf(submissions);
        this.stepsByReview = Map.copyOf(stepsByReview);
        this.liveByReview = Map.copyOf(liveByReview);
    }

    /**
     * The model of {@code workload} through ingest (default limits, as the scenarios run it) and
     * {@code scoring}, e.g. {@code new Scorer(scale)::score} with the scale the scenario runs.
     *
     * <p>A submission the plan expects rejected but the model sees through scoring is a fault the
     * scenario injects after ingest (a stage that throws): it takes the plan's reason. Any other
     * disagreement between plan and model is a bug in one of them and stops the run.
     */
    public static ReviewModel of(Workload workload, Function<Review, Outcome<AssessedReview>> scoring) {
        DocumentParser parser = new DocumentParser(IngestLimits.defaults());
        Map<String, ReviewLifecycle.Ledger> ledgers = new HashMap<>();
        Map<String, List<Step>> steps = new LinkedHashMap<>();
        Map<String, ScoredReview> live = new HashMap<>();
        List<Modelled> modelled = new ArrayList<>();
        for (PlannedSubmission planned : workload.submissions()) {
            ReviewSubmission submission = planned.submission();
            String reviewId = submission.getReviewId();
            ReviewLifecycle.Decision decision = ReviewLifecycle.decide(ledgers.get(reviewId), submission.getSubmissionId(),
                    ReviewLifecycle.Action.valueOf(submission.getAction().name()), submission.getRevision());
            Modelled outcome;
            if (decision instanceof ReviewLifecycle.Duplicate) {
                outcome = new Modelled(planned, Expectation.DUPLICATE, null);
            } else if (decision instanceof ReviewLifecycle.Refused refused) {
                ledgers.put(reviewId, refused.ledger());
                outcome = new Modelled(planned, Expectation.REJECTED, refused.problem().reason().name());
            } else {
                ReviewLifecycle.Proceed proceed = (ReviewLifecycle.Proceed) decision;
                if (submission.getAction() == ReviewAction.RETRACT) {
                    ledgers.put(reviewId, proceed.ifAccepted());
                    live.remove(reviewId);
                    steps.computeIfAbsent(reviewId, k -> new ArrayList<>()).add(Step.TOMBSTONE);
                    outcome = new Modelled(planned, Expectation.RETRACTED, null);
                } else {
                    Outcome<Review> parsed = parser.parse(bytes(submission.getDocument()), declaredFormat(submission));
                    ledgers.put(reviewId, parsed instanceof Outcome.Accepted<Review> ? proceed.ifAccepted() : proceed.ifRejected());
                    outcome = throughScoring(planned, parsed.then(scoring), live, steps);
                }
            }
            modelled.add(agreed(outcome));
        }
        return new ReviewModel(workload.reviewIdPrefix(), modelled, steps, live);
    }

    private static Modelled throughScoring(PlannedSubmission planned, Outcome<AssessedReview> scored,
                                           Map<String, ScoredReview> live, Map<String, List<Step>> steps) {
        if (scored instanceof Outcome.Rejected<AssessedReview> rejected) {
            return new Modelled(planned, Expectation.REJECTED, rejected.problem().reason().name());
        }
        if (planned.expectation() == Expectation.REJECTED) {
            return new Modelled(planned, Expectation.REJECTED, planned.reason()); // the scenario's injected fault
        }
        AssessedReview value = ((Outcome.Accepted<AssessedReview>) scored).value();
        ReviewSubmission submission = planned.submission();
        // As scoring writes it, but for the time stamp, which no check compares.
        live.put(submission.getReviewId(), new ScoredReview(submission, null, ReviewRecords.toAvro(value.review()),
                ReviewRecords.toAvro(value.score()), ReviewRecords.toAvro(value.verdict()), Instant.EPOCH));
        steps.computeIfAbsent(submission.getReviewId(), k -> new ArrayList<>()).add(new Step(submission.getSubmissionId()));
        return new Modelled(planned, Expectation.PUBLISHED, null);
    }

    private static Modelled agreed(Modelled modelled) {
        PlannedSubmission planned = modelled.planned();
        boolean sameReason = modelled.expectation() != Expectation.REJECTED
                || Objects.equals(modelled.reason(), planned.reason());
        if (modelled.expectation() != planned.expectation() || !sameReason) {
            throw new IllegalStateException("the workload plans " + planned.expectation()
                    + (planned.reason() == null ? "" : " " + planned.reason()) + " but the model gives " + modelled.expectation()
                    + (modelled.reason() == null ? "" : " " + modelled.reason()) + " for " + describe(modelled.submission()));
        }
        return modelled;
    }

    /** Every review id of the run starts with this. */
    public String reviewIdPrefix() {
        return reviewIdPrefix;
    }

    /** Every planned submission with its outcome, in send order. */
    public List<Modelled> submissions() {
        return submissions;
    }

    /** Per review that reaches {@code reviews.published}: the steps it must show there, in order. */
    public Map<String, List<Step>> stepsByReview() {
        return stepsByReview;
    }

    /**
     * The last value of every review that must end live on {@code reviews.published}, as scoring
     * must have written it; a review with steps but no entry here must end as a tombstone, and
     * one with no steps must not appear at all.
     */
    public Map<String, ScoredReview> liveByReview() {
        return liveByReview;
    }

    static String describe(ReviewSubmission submission) {
        return submission.getReviewId() + " rev " + submission.getRevision() + " " + submission.getAction()
                + " (" + submission.getSource() + ", submission " + submission.getSubmissionId() + ")";
    }

    private static SourceFormat declaredFormat(ReviewSubmission submission) {
        return submission.getFormat() == null ? null : SourceFormat.valueOf(submission.getFormat().name());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
