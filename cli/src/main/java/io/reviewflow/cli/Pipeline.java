package io.reviewflow.cli;

import io.reviewflow.contract.Topics;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringService;
import java.util.List;
import java.util.Optional;

/** The three services in one process, as the demo (and the tests) run them. */
final class Pipeline implements AutoCloseable {

    private final List<StageService<?>> services;

    private Pipeline(List<StageService<?>> services) {
        this.services = services;
    }

    /** Creates missing topics and starts ingest, scoring and publish. */
    static Pipeline start(KafkaSettings kafka, String instanceId, int partitions, VerdictScale scale) {
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, partitions, Optional.empty());
        StageSettings settings = StageSettings.defaults(kafka, instanceId);
        List<StageService<?>> services = List.of(
                IngestService.create(settings, IngestLimits.defaults()),
                ScoringService.create(settings, scale),
                PublishService.create(settings));
        services.forEach(StageService::start);
        return new Pipeline(services);
    }

    /** Creates missing topics and starts the given services, in order (tests assemble decorated stages). */
    static Pipeline start(KafkaSettings kafka, int partitions, List<StageService<?>> services) {
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, partitions, Optional.empty());
        services.forEach(StageService::start);
        return new Pipeline(List.copyOf(services));
    }

    List<StageService<?>> services() {
        return services;
    }

    @Override
    public void close() {
        // Stop downstream first, so nothing upstream writes into a stage that is already gone.
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
    }
}
