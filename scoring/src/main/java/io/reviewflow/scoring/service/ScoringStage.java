package io.reviewflow.scoring.service;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Outcome;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.scoring.Scorer;
import java.time.Clock;

/** The scoring stage at the Kafka edge: ingested review in, scored review or rejection out. */
public final class ScoringStage implements Stage<IngestedReview> {

    private final Scorer scorer;
    private final Clock clock;

    public ScoringStage(Scorer scorer, Clock clock) {
        this.scorer = scorer;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "scoring";
    }

    @Override
    public TopicSpec<IngestedReview> input() {
        return Topics.INGESTED;
    }

    @Override
    public IngestedReview originalOf(IngestedReview input) {
        return input; // it carries the submission and where its document is
    }

    @Override
    public void process(IngestedReview ingested, SourcePosition source, Emitter out) {
        ReviewSubmission submission = ingested.getSubmission();
        if (ingested.getReview() == null) {
            // A retraction: nothing to score, pass it on so publish can tombstone the review.
            out.send(Topics.SCORED, submission.getReviewId(),
                    new ScoredReview(submission, ingested.getSubmissionPosition(), null, null, null, clock.instant()));
            return;
        }
        Outcome<AssessedReview> outcome = scorer.score(ReviewRecords.toDomain(ingested.getReview()));
        if (outcome instanceof Outcome.Accepted<AssessedReview> accepted) {
            AssessedReview scored = accepted.value();
            out.send(Topics.SCORED, submission.getReviewId(), new ScoredReview(submission, ingested.getSubmissionPosition(), ingested.getReview(),
                    ReviewRecords.toAvro(scored.score()), ReviewRecords.toAvro(scored.verdict()), clock.instant()));
        } else if (outcome instanceof Outcome.Rejected<AssessedReview> rejected) {
            out.reject(rejected.problem(), ingested);
        }
    }
}
