package io.reviewflow.scoring.works.service;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkContribution;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.contract.Topics;
import io.reviewflow.schemas.AvroCodec;
import io.reviewflow.scoring.works.Contribution;
import io.reviewflow.scoring.works.ContributionChange;
import io.reviewflow.scoring.works.WorkScorer;
import java.util.List;
import java.util.Map;

/**
 * The works service's first loop: a scored review in, the change it makes to each work it touches
 * out, on {@code works.contributions} keyed by work. Its state is every review's current
 * contribution, so a revision takes off exactly what the previous one put on, and a resend of the
 * same revision changes nothing.
 */
public final class ContributionStage implements Stage<ScoredReview> {

    /** Review id to what its latest revision counts for its work; absent once retracted. */
    public static final TopicSpec<WorkContribution> CONTRIBUTIONS = new TopicSpec<>("reviewflow-works-contributions-state",
            AvroCodec.of(WorkContribution.class), Map.of("cleanup.policy", "compact"));

    @Override
    public String name() {
        return "works-contributions";
    }

    @Override
    public TopicSpec<ScoredReview> input() {
        return Topics.SCORED;
    }

    @Override
    public ScoredReview originalOf(ScoredReview input) {
        return input; // it carries the submission and where its document is
    }

    @Override
    public List<TopicSpec<?>> stateStores() {
        return List.of(CONTRIBUTIONS);
    }

    @Override
    public void process(ScoredReview scored, SourcePosition source, Emitter out) {
        String reviewId = source.key();
        if (reviewId == null || !reviewId.equals(scored.getSubmission().getReviewId())) {
            // The state is keyed by the record key: a record under another key would count a review twice.
            out.reject(Problem.of(RejectionReason.INVALID_SUBMISSION, "record key '" + reviewId + "' is not the review id '"
                    + scored.getSubmission().getReviewId() + "': reviews.scored must be keyed by review id"), scored);
            return;
        }
        Contribution previous = WorkRecords.toDomain(out.readState(CONTRIBUTIONS, reviewId));
        Contribution next = WorkRecords.contributionOf(reviewId, scored);
        List<ContributionChange> changes = WorkScorer.changes(previous, next);
        if (changes.isEmpty()) {
            return;
        }
        out.writeState(CONTRIBUTIONS, reviewId, WorkRecords.toAvro(next));
        for (ContributionChange change : changes) {
            out.send(Topics.WORK_CONTRIBUTIONS, change.workKey(), WorkRecords.toAvro(change, reviewId, scored.getScoredAt()));
        }
    }
}
