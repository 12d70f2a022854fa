package io.reviewflow.cli;

import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.contract.Topics;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.testkit.guarantees.PipelineUnderTest;
import io.reviewflow.testkit.guarantees.ReviewLoad;
import io.reviewflow.testkit.guarantees.Workload;
import java.util.List;
import java.util.Optional;

/**
 * The review pipeline as the guarantee suite runs it: ingest, scoring and publish, each its own
 * service, fed writers' submissions and judged by the review model with scoring's own scorer.
 */
record ReviewPipeline(VerdictScale scale) implements PipelineUnderTest {

    /** How the suite runs a broker of its own: {@code reviewflow broker}. */
    static final List<String> BROKER = List.of(ReviewflowCli.class.getName(), "broker");

    @Override
    public void provision(KafkaSettings kafka, int partitions) {
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, partitions, Optional.empty());
    }

    @Override
    public List<TopicSpec<?>> flowTopics() {
        return List.of(Topics.SUBMITTED, Topics.INGESTED, Topics.SCORED, Topics.PUBLISHED);
    }

    @Override
    public List<Service> services() {
        return List.of(
                Service.ofStage("ingest", IngestService.class.getName(), settings -> IngestService.create(settings, IngestLimits.defaults())),
                Service.ofStage("scoring", ScoringService.class.getName(), settings -> ScoringService.create(settings, scale)),
                Service.ofStage("publish", PublishService.class.getName(), PublishService::create));
    }

    @Override
    public ReviewLoad load(String runId, long seed, int size) {
        return load(Workload.generate(Workload.freshRunId(runId), size, seed));
    }

    /** A workload of the scenario's own making (a planned poison among it), judged as every other. */
    ReviewLoad load(Workload workload) {
        return new ReviewLoad(workload, new Scorer(scale)::score);
    }
}
