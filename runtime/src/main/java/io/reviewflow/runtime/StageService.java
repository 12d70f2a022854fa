package io.reviewflow.runtime;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * One stage running on the shared exactly-once loop ({@link StageLoop}), as launchers, health
 * checks and tests hold it: start it, stop it, watch it. The loop runs on a thread of its own;
 * {@link #stop()} only flags it and wakes its consumer.
 */
public final class StageService<I extends SpecificRecord> implements Service {

    private final Stage<I> stage;
    private final StageSettings settings;
    private final RecordContract contract;
    private final StageEvents events;
    private final StageStatus status = new StageStatus();
    private final AtomicBoolean running = new AtomicBoolean();
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final StageClients clients;
    private final StageLoop<I> loop;
    private Thread thread;

    /** @param contract what the stage's records follow: the topics to create, how a failure becomes a dead letter */
    public StageService(Stage<I> stage, StageSettings settings, RecordContract contract) {
        this.stage = stage;
        this.settings = settings;
        this.contract = contract;
        this.events = new StageEvents(stage.name());
        this.clients = new StageClients(stage.name(), settings, running::get, status, events);
        this.loop = new StageLoop<>(stage, settings, contract, clients, events, status, running, termination);
    }

    @Override
    public String name() {
        return stage.name();
    }

    /** How it runs: its Kafka settings are what collaborators with their own clients connect with. */
    public StageSettings settings() {
        return settings;
    }

    RecordContract contract() {
        return contract;
    }

    public StageCounters counters() {
        return events.counters;
    }

    /** Completes when the loop ends: normally after {@link #stop()}, exceptionally on a fatal error. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    /** True once the consumer has been assigned partitions (it may be assigned none of them). */
    public boolean isAssigned() {
        return status.assigned;
    }

    /**
     * Ready to process: the transactional producer is initialised, the consumer has its
     * assignment, and Kafka answered the last request.
     */
    public boolean isReady() {
        return status.ready() && !termination.isDone();
    }

    /**
     * The consumer's own metrics ({@code records-lag} per partition, {@code last-heartbeat-seconds-ago}, ...),
     * for lag gauges and readiness; safe from any thread, empty before the loop creates its consumer.
     */
    public Map<MetricName, ? extends Metric> consumerMetrics() {
        return clients.consumerMetrics();
    }

    /** Adds an observer; call before {@link #start()}. */
    public StageService<I> addListener(StageListener listener) {
        events.add(listener);
        return this;
    }

    public String transactionalId() {
        return clients.transactionalId();
    }

    public String groupId() {
        return clients.groupId();
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(stage.name() + " already started");
        }
        running.set(true);
        thread = new Thread(loop::run, "reviewflow-" + stage.name() + "-" + settings.instanceId());
        thread.start();
    }

    @Override
    public void stop() {
        running.set(false);
        clients.wakeup();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
