package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.ReviewContract;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The ceiling: the same three-hop topology and the same transactional loop (StageService, default
 * StageSettings) with {@link IdentityStage}s, on topics prefixed with the run's id. It measures
 * what the Kafka plumbing alone allows on this broker.
 */
final class CeilingVariant extends StageServicesVariant {

    private final List<TopicSpec<ReviewSubmission>> topics;

    CeilingVariant(String bootstrapServers, String runId) {
        super(bootstrapServers, runId);
        String prefix = "bench-" + runId + "-ceiling.";
        this.topics = List.of(spec(prefix + "submitted", Topics.SUBMITTED), spec(prefix + "ingested", Topics.INGESTED),
                spec(prefix + "scored", Topics.SCORED), spec(prefix + "published", Topics.PUBLISHED));
    }

    /** Same name pattern and topic settings as the standard topic, but submission-typed. */
    private static TopicSpec<ReviewSubmission> spec(String name, TopicSpec<?> like) {
        return new TopicSpec<>(name, Topics.SUBMITTED.codec(), like.topicConfig());
    }

    @Override
    public String name() {
        return "ceiling";
    }

    @Override
    public boolean rejectsAsPlanned() {
        return false;
    }

    @Override
    public String description() {
        return "StageService with identity stages: decode + re-encode the submission per hop, nothing else";
    }

    @Override
    public String submittedTopic() {
        return topics.get(0).name();
    }

    @Override
    public List<String> outcomeTopics() {
        // Identity stages never reject. A processing failure would go to the hard-coded reviews.rejected,
        // which is not read here: the run would then fall short of its outcomes and fail, loudly.
        return List.of(topics.get(3).name());
    }

    @Override
    public void prepare(TopicAdmin admin, int partitions) throws Exception {
        cleanUp(admin);
        List<TopicAdmin.NewTopicSpec> specs = new ArrayList<>();
        topics.forEach(t -> specs.add(new TopicAdmin.NewTopicSpec(t.name(), t.topicConfig())));
        admin.createTopics(specs, partitions);
    }

    @Override
    public void cleanUp(TopicAdmin admin) throws Exception {
        List<String> names = new ArrayList<>(topics.stream().map(TopicSpec::name).toList());
        admin.deleteTopics(names);
        admin.deleteGroups(List.of("reviewflow-ceiling-ingest-" + instanceId, "reviewflow-ceiling-scoring-" + instanceId,
                "reviewflow-ceiling-publish-" + instanceId), true);
    }

    @Override
    protected List<StageService<?>> createServices(StageSettings settings) {
        // The stage name makes the group and transactional id: unique per run, so no offsets carry over.
        ReviewContract contract = ReviewContract.create(settings.kafka(), topics.get(0).name());
        return List.of(
                new StageService<>(new IdentityStage("ceiling-ingest-" + instanceId, topics.get(0), topics.get(1)), settings, contract),
                new StageService<>(new IdentityStage("ceiling-scoring-" + instanceId, topics.get(1), topics.get(2)), settings, contract),
                new StageService<>(new IdentityStage("ceiling-publish-" + instanceId, topics.get(2), topics.get(3)), settings, contract));
    }
}
