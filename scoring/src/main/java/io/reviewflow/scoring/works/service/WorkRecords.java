package io.reviewflow.scoring.works.service;

import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkContribution;
import io.reviewflow.avro.WorkContributionChange;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.avro.WorkTally;
import io.reviewflow.scoring.works.Contribution;
import io.reviewflow.scoring.works.ContributionChange;
import io.reviewflow.scoring.works.Tally;
import io.reviewflow.scoring.works.WorkMean;
import io.reviewflow.scoring.works.WorkScorer;
import java.time.Instant;

/**
 * Maps between the works domain and the Avro records on its topics and in its state: the only place
 * that knows both. Its instance methods are also the recomputation the test kit's works check runs
 * ({@code WorkScoring}), so the model and the service share one implementation of the mean.
 */
public final class WorkRecords {

    private final WorkScorer scorer;

    public WorkRecords(WorkScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * What a record of {@code reviews.scored} counts for its work, or null for a retraction (a
     * record without a review; a tombstone, which scoring never writes, means the same).
     *
     * @throws IllegalArgumentException for a review without a score in 0–100, which scoring never writes
     */
    public static Contribution contributionOf(String reviewId, ScoredReview scored) {
        ReviewContent review = scored == null ? null : scored.getReview();
        if (review == null) {
            return null;
        }
        if (scored.getScore() == null) {
            throw new IllegalArgumentException("review " + reviewId + " on reviews.scored has no score");
        }
        return Contribution.of(review.getTitle(), review.getPlatform(), scored.getScore().getExact());
    }

    public static Contribution toDomain(WorkContribution contribution) {
        return contribution == null ? null : new Contribution(contribution.getWorkKey(), contribution.getTitle(),
                contribution.getPlatform(), contribution.getScoreExact());
    }

    public static WorkContribution toAvro(Contribution contribution) {
        return contribution == null ? null : new WorkContribution(contribution.workKey(), contribution.title(),
                contribution.platform(), contribution.scoreExact());
    }

    public static ContributionChange toDomain(WorkContributionChange change) {
        return new ContributionChange(change.getWorkKey(), toDomain(change.getRemoved()), toDomain(change.getAdded()));
    }

    public static WorkContributionChange toAvro(ContributionChange change, String reviewId, Instant scoredAt) {
        return new WorkContributionChange(change.workKey(), reviewId, toAvro(change.removed()), toAvro(change.added()), scoredAt);
    }

    public static Tally toDomain(WorkTally tally) {
        return tally == null ? null : new Tally(tally.getWorkKey(), tally.getTitle(), tally.getPlatform(),
                tally.getReviewCount(), tally.getExactSumNanoPoints());
    }

    public static WorkTally toAvro(Tally tally) {
        return tally == null ? null : new WorkTally(tally.workKey(), tally.title(), tally.platform(),
                tally.reviewCount(), tally.exactSumNanoPoints());
    }

    public static WorkScore toAvro(WorkMean mean) {
        return WorkScore.newBuilder()
                .setWorkKey(mean.workKey()).setTitle(mean.title()).setPlatform(mean.platform())
                .setMeanExact(mean.meanExact()).setMeanDisplay(mean.meanDisplay()).setReviewCount(mean.reviewCount())
                .setVerdict(mean.verdict()).setScaleName(mean.scaleName()).setUpdatedAt(mean.updatedAt())
                .build();
    }

    /** {@link #contributionOf} on the state's record type. */
    public WorkContribution contribution(String reviewId, ScoredReview scored) {
        return toAvro(contributionOf(reviewId, scored));
    }

    public WorkTally emptyTally() {
        return toAvro(WorkScorer.emptyTally());
    }

    public WorkTally add(WorkContribution contribution, WorkTally tally) {
        return toAvro(scorer.add(toDomain(contribution), toDomain(tally)));
    }

    public WorkScore scoreOf(WorkTally tally, Instant updatedAt) {
        return toAvro(scorer.scoreOf(toDomain(tally), updatedAt));
    }
}
