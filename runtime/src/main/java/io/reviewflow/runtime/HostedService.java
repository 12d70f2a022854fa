package io.reviewflow.runtime;

import io.reviewflow.runtime.ops.StageHealth;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link ServiceMain} runs: a stage loop, or a service that is not one (the HTTP gateway),
 * which then reports its own health. Both get the same settings, logs, metrics and exit codes.
 */
public interface HostedService extends Service {

    /** Completes when the service has stopped; exceptionally when a fatal error stopped it. */
    CompletableFuture<Void> termination();

    StageHealth.Status liveness();

    StageHealth.Status readiness();

    /** How the start-up line names what runs, e.g. {@code as reviewflow-ingest-host-1}. */
    String describe();

    /** The topics it needs, created at start-up when absent. */
    List<TopicSpec<?>> topics();
}
