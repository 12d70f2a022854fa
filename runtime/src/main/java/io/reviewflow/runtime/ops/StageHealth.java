package io.reviewflow.runtime.ops;

import io.reviewflow.runtime.StageListener;
import io.reviewflow.runtime.StageService;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether one stage is alive and whether it is ready, with the reason when it is not, for the
 * {@code /health} endpoints and the {@code reviewflow_ready} gauge.
 *
 * <p>Live: the loop thread has not ended. Ready: the transactional producer is initialised, the
 * consumer has its assignment, the last transaction did not time out ({@link StageService#isReady()}),
 * and the consumer has heartbeated to its group coordinator recently. The heartbeat is the part
 * that notices a broker going away while the stage is idle: an idle loop keeps polling happily,
 * but the consumer's heartbeats stop. Last, an input partition stalled behind a hanging transaction
 * ({@link HangingTransactionWatch}) makes it not ready, with the partition and the command that ends it.
 */
public final class StageHealth implements StageListener {

    /** Five heartbeats at the default 3 s interval; past that the coordinator is out of reach. */
    static final Duration STALE_HEARTBEAT = Duration.ofSeconds(15);

    /** Alive or ready, or why not. */
    public record Status(boolean ok, String reason) {
        static final Status OK = new Status(true, "");

        static Status down(String reason) {
            return new Status(false, reason);
        }
    }

    private final StageService<?> service;
    private final Supplier<Optional<String>> stalled;
    private volatile boolean started;
    private volatile String lastKafkaProblem;

    private StageHealth(StageService<?> service, Supplier<Optional<String>> stalled) {
        this.service = service;
        this.stalled = stalled;
    }

    /** Watches {@code service}; call before it starts. */
    public static StageHealth of(StageService<?> service) {
        return of(service, Optional::empty);
    }

    /**
     * Watches {@code service}, also not ready while {@code stalled} names a reason (a hanging
     * transaction, {@link HangingTransactionWatch#problem()}); call before it starts.
     */
    public static StageHealth of(StageService<?> service, Supplier<Optional<String>> stalled) {
        StageHealth health = new StageHealth(service, stalled);
        service.addListener(health);
        return health;
    }

    @Override
    public void onStarted() {
        started = true;
    }

    @Override
    public void onWaitingForKafka(Exception cause) {
        lastKafkaProblem = cause.toString();
    }

    public Status liveness() {
        if (!service.termination().isDone()) {
            return Status.OK;
        }
        return Status.down(service.termination().isCompletedExceptionally() ? "stopped by a fatal error" : "stopped");
    }

    public Status readiness() {
        if (service.termination().isDone()) {
            return liveness();
        }
        if (!started) {
            String problem = lastKafkaProblem;
            return Status.down(problem == null ? "starting: initialising the transactional producer"
                    : "waiting for Kafka: " + problem);
        }
        if (!service.isAssigned()) {
            return Status.down("waiting for the consumer group to assign partitions");
        }
        Map<MetricName, ? extends Metric> metrics = service.consumerMetrics();
        double silence = metric(metrics, "consumer-coordinator-metrics", "last-heartbeat-seconds-ago");
        if (silence < 0) {
            // No heartbeat sent yet: count from the rebalance that admitted the member, so a broker
            // lost before the first heartbeat is noticed too.
            silence = metric(metrics, "consumer-coordinator-metrics", "last-rebalance-seconds-ago");
        }
        if (silence > STALE_HEARTBEAT.toSeconds()) {
            return Status.down("no heartbeat to the group coordinator for " + (long) silence + " s: Kafka unreachable");
        }
        if (!service.isReady()) {
            return Status.down("waiting for Kafka: the last transaction timed out");
        }
        return stalled.get().map(Status::down).orElse(Status.OK);
    }

    /** A consumer metric's value, or -1 when it does not exist (yet). */
    private static double metric(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            if (entry.getKey().name().equals(name) && entry.getKey().group().equals(group)) {
                return entry.getValue().metricValue() instanceof Number value ? value.doubleValue() : -1;
            }
        }
        return -1;
    }
}
