package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import java.util.ArrayList;
import java.util.List;

/** A variant made of three {@link StageService}s: started in order, stopped downstream first. */
abstract class StageServicesVariant implements PipelineVariant {

    protected KafkaSettings kafka;
    protected final String instanceId;
    private final List<StageService<?>> services = new ArrayList<>();
    private java.time.Duration commitInterval = StageSettings.DEFAULT_COMMIT_INTERVAL;

    StageServicesVariant(String bootstrapServers, String instanceId) {
        this.kafka = KafkaSettings.of(bootstrapServers);
        this.instanceId = instanceId;
    }

    /** Client properties for the stages' consumers and producers (to measure what one does); call before {@link #start()}. */
    StageServicesVariant clientOverrides(java.util.Map<String, String> overrides) {
        this.kafka = new KafkaSettings(kafka.bootstrapServers(), kafka.requestTimeout(), overrides);
        return this;
    }

    /** Overrides the stages' commit interval (to measure what it does); call before {@link #start()}. */
    StageServicesVariant commitInterval(java.time.Duration interval) {
        this.commitInterval = interval;
        return this;
    }

    /** The variant's three services, upstream first, built with the default stage settings. */
    protected abstract List<StageService<?>> createServices(StageSettings settings);

    @Override
    public final void start() {
        services.addAll(createServices(StageSettings.defaults(kafka, instanceId).withCommitInterval(commitInterval)));
        services.forEach(StageService::start);
    }

    @Override
    public final boolean ready() {
        return !services.isEmpty() && services.stream().allMatch(StageService::isReady);
    }

    @Override
    public final long transactions() {
        return services.stream().mapToLong(s -> s.counters().transactionsCommitted()).sum();
    }

    @Override
    public final void close() {
        // Downstream first, as the CLI's Pipeline does.
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
        afterStop();
    }

    /** Releases what the variant set up beside its services, once they have stopped. */
    protected void afterStop() {}
}
