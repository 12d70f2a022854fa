package io.reviewflow.scoring.works.service;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.WorkContributionChange;
import io.reviewflow.avro.WorkTally;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.contract.Topics;
import io.reviewflow.schemas.AvroCodec;
import io.reviewflow.scoring.works.Tally;
import io.reviewflow.scoring.works.WorkScorer;
import java.util.List;
import java.util.Map;

/**
 * The works service's second loop: a change to one work in, that work's score out on
 * {@code works.scores}, a tombstone once it counts no review. {@code updatedAt} is when the review
 * behind the change was scored, so a replay writes the same record.
 */
public final class TallyStage implements Stage<WorkContributionChange> {

    /** Work key to its running count and sum; absent once the work counts no review. */
    public static final TopicSpec<WorkTally> TALLIES = new TopicSpec<>("reviewflow-works-tallies-state",
            AvroCodec.of(WorkTally.class), Map.of("cleanup.policy", "compact"));

    private final WorkScorer scorer;

    public TallyStage(WorkScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public String name() {
        return "works-tallies";
    }

    @Override
    public TopicSpec<WorkContributionChange> input() {
        return Topics.WORK_CONTRIBUTIONS;
    }

    /** A change carries no submission: its rejections name the work and review instead. */
    @Override
    public ReviewSubmission originalOf(WorkContributionChange input) {
        return null;
    }

    @Override
    public List<TopicSpec<?>> stateStores() {
        return List.of(TALLIES);
    }

    @Override
    public void process(WorkContributionChange change, SourcePosition source, Emitter out) {
        String workKey = change.getWorkKey();
        Tally tally = scorer.apply(WorkRecords.toDomain(out.readState(TALLIES, workKey)), WorkRecords.toDomain(change));
        out.writeState(TALLIES, workKey, WorkRecords.toAvro(tally));
        out.send(Topics.WORK_SCORES, workKey,
                tally == null ? null : WorkRecords.toAvro(scorer.scoreOf(tally, change.getScoredAt())));
    }
}
