package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkContribution;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.avro.WorkTally;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The works service's own logic, handed in as method references to its {@code WorkRecords}
 * (the scoring module's tests depend on this kit, so the kit cannot name it), and what
 * {@code works.scores} must hold recomputed from scratch with it: the model does not re-implement
 * the mean, its fixed-point sum or its rounding.
 *
 * <pre>{@code
 * WorkRecords records = new WorkRecords(new WorkScorer(scale));
 * new WorkScoring(records::contribution, records::emptyTally, records::add, records::scoreOf)
 * }</pre>
 */
public record WorkScoring(BiFunction<String, ScoredReview, WorkContribution> contributionOf,
                          Supplier<WorkTally> emptyTally,
                          BiFunction<WorkContribution, WorkTally, WorkTally> add,
                          BiFunction<WorkTally, Instant, WorkScore> scoreOf) {

    /**
     * {@code works.scores} as the service must leave it, keyed by work key, given the latest record of
     * every review on {@code reviews.scored} (a retraction's carries no review and counts for nothing).
     * The time stamps are the epoch: no check compares them.
     */
    public Map<String, WorkScore> recompute(Map<String, ScoredReview> latestByReview) {
        Map<String, WorkTally> tallies = new HashMap<>();
        latestByReview.forEach((reviewId, scored) -> {
            WorkContribution contribution = contributionOf.apply(reviewId, scored);
            if (contribution != null) {
                tallies.put(contribution.getWorkKey(),
                        add.apply(contribution, tallies.getOrDefault(contribution.getWorkKey(), emptyTally.get())));
            }
        });
        Map<String, WorkScore> scores = new TreeMap<>();
        tallies.forEach((work, tally) -> scores.put(work, scoreOf.apply(tally, Instant.EPOCH)));
        return scores;
    }
}
