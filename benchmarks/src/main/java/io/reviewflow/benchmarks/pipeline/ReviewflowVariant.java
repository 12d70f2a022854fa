package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.contract.Topics;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.ingest.service.IngestStage;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.runtime.ops.HealthAndMetricsServer;
import io.reviewflow.runtime.ops.StageTelemetry;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The real services, built as {@code ./reviewflow ingest|scoring|publish} build them (default
 * settings: 2,000 records and 8 MiB per partition per poll, a commit every 100 ms of work). The stages
 * hard-code the standard topic names (and {@code reviews.rejected}), so this variant runs on them,
 * deleted and recreated first, with its groups deleted: the other variants use prefixed names.
 */
final class ReviewflowVariant extends StageServicesVariant {

    private static final List<TopicSpec<?>> TOPICS = List.of(Topics.SUBMITTED, Topics.INGESTED, Topics.SCORED,
            Topics.PUBLISHED, Topics.REJECTED);
    private static final List<String> GROUPS = List.of("reviewflow-ingest", "reviewflow-scoring", "reviewflow-publish");

    /** Where {@code ./reviewflow ingest} serves by default; scoring and publish follow. */
    private static final int DEFAULT_METRICS_PORT = 8081;

    private final List<StageTelemetry> telemetry = new ArrayList<>();

    ReviewflowVariant(String bootstrapServers, String instanceId) {
        super(bootstrapServers, instanceId);
    }

    @Override
    public String name() {
        return "reviewflow";
    }

    @Override
    public String description() {
        return "the real IngestStage, ScoringStage and PublishStage in StageService (default StageSettings)";
    }

    @Override
    public String submittedTopic() {
        return Topics.SUBMITTED.name();
    }

    @Override
    public List<String> outcomeTopics() {
        return List.of(Topics.PUBLISHED.name(), Topics.REJECTED.name());
    }

    @Override
    public void prepare(TopicAdmin admin, int partitions) throws Exception {
        cleanUp(admin);
        admin.deleteGroups(GROUPS, false);
        admin.createTopics(TOPICS.stream().map(t -> new TopicAdmin.NewTopicSpec(t.name(), t.topicConfig())).toList(), partitions);
    }

    @Override
    public void cleanUp(TopicAdmin admin) throws Exception {
        List<String> names = new ArrayList<>(TOPICS.stream().map(TopicSpec::name).toList());
        names.add(IngestStage.LEDGER.name()); // ingest's state changelog: made by the service itself
        admin.deleteTopics(names);
    }

    @Override
    protected List<StageService<?>> createServices(StageSettings settings) {
        StageTelemetry publishTelemetry = StageTelemetry.create("publish");
        List<StageService<?>> services = List.of(
                IngestService.create(settings, IngestLimits.defaults()),
                ScoringService.create(settings, VerdictScale.resolve(VerdictScale.DEFAULT_PRESET)),
                PublishService.create(settings, publishTelemetry.registry()));
        List<StageTelemetry> perStage = List.of(StageTelemetry.create("ingest"), StageTelemetry.create("scoring"), publishTelemetry);
        for (int i = 0; i < services.size(); i++) {
            serve(perStage.get(i), services.get(i), DEFAULT_METRICS_PORT + i);
        }
        return services;
    }

    /**
     * Each service gets its /metrics and health endpoints, on the ports the services use by default
     * when free, so Prometheus (ops/prometheus.yml) can watch the pipeline move while the bench runs.
     */
    private void serve(StageTelemetry stageTelemetry, StageService<?> service, int preferredPort) {
        telemetry.add(stageTelemetry);
        stageTelemetry.observe(service);
        HealthAndMetricsServer server;
        try {
            server = stageTelemetry.serve(new InetSocketAddress("127.0.0.1", preferredPort));
        } catch (IOException taken) {
            try {
                server = stageTelemetry.serve(new InetSocketAddress("127.0.0.1", 0));
            } catch (IOException e) {
                System.err.println("bench: no metrics endpoint for " + service.name() + ": " + e.getMessage());
                return;
            }
        }
        System.err.println("bench: " + service.name() + " metrics at http://127.0.0.1:" + server.address().getPort() + "/metrics");
    }

    @Override
    protected void afterStop() {
        telemetry.forEach(StageTelemetry::close);
        telemetry.clear();
    }
}
