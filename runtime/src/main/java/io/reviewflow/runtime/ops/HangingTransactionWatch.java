package io.reviewflow.runtime.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageListener;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a <em>hanging transaction</em> on one of the stage's input partitions (RELIABILITY.md,
 * "A hanging transaction after a broker restart"): the partition's last stable offset stands behind
 * its end and does not move for longer than the broker's {@code transaction.max.timeout.ms}. The
 * coordinator aborts every transaction after its {@code transaction.timeout.ms}, which the broker
 * caps at that maximum, so a transaction open longer than that is one no coordinator will ever end,
 * and the stage's {@code read_committed} consumer waits behind it for good.
 *
 * <p>It reports, it does not mend: the gauge {@value #HANGING_PARTITIONS}, the readiness reason
 * ({@link #problem()}), and one ERROR line per partition per episode naming the offset, since when,
 * and the command that ends it. Ending a transaction is an operator's decision (a false alarm, with a
 * threshold shortened below a producer's timeout, would abort a live transaction).
 *
 * <p>Our own stage never writes its own input, except ingest, which forwards misplaced submissions to
 * their home partition of {@code reviews.submitted} inside its transactions. Those transactions are
 * committed within the commit interval, before the next poll, so they hold its input's last stable
 * offset back for milliseconds, never for the minutes of the threshold.
 *
 * <p>It runs on a daemon thread of its own with its own {@link Admin}, every quarter of the threshold
 * (at most {@value #MAX_CHECK_INTERVAL_SECONDS} s), and only looks at the partitions the stage owns;
 * the listener callbacks on the polling thread only update that set.
 */
public final class HangingTransactionWatch implements StageListener {

    /** {@code reviewflow_hanging_partitions}: assigned input partitions stalled behind a hanging transaction. */
    public static final String HANGING_PARTITIONS = "reviewflow.hanging.partitions";
    /** Kafka's default {@code transaction.max.timeout.ms}, for a cluster that will not tell us its own. */
    static final Duration KAFKA_DEFAULT_MAXIMUM = Duration.ofMinutes(15);
    static final long MAX_CHECK_INTERVAL_SECONDS = 15;
    private static final Duration MIN_CHECK_INTERVAL = Duration.ofMillis(250);
    private static final String MAX_TIMEOUT_CONFIG = "transaction.max.timeout.ms";

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactionWatch.class);

    private final String stage;
    private final KafkaSettings kafka;
    private final Optional<Duration> thresholdOverride;
    private final Clock clock;
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private final StalledPartitions stalls = new StalledPartitions();
    private volatile List<StalledPartitions.Stall> hanging = List.of();
    /** Resolved on the watch thread at its first successful look at the broker's configuration. */
    private Duration threshold;
    private String thresholdOrigin;
    private Admin admin;
    private ScheduledThreadPoolExecutor executor;

    /**
     * @param thresholdOverride how long a last stable offset may stand still before it counts as hanging;
     *                          empty for the broker's {@code transaction.max.timeout.ms}
     */
    public HangingTransactionWatch(String stage, KafkaSettings kafka, Optional<Duration> thresholdOverride, Clock clock) {
        this.stage = stage;
        this.kafka = kafka;
        this.thresholdOverride = thresholdOverride;
        this.clock = clock;
    }

    /** Registers {@value #HANGING_PARTITIONS}. */
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(HANGING_PARTITIONS, this, watch -> watch.hanging.size())
                .description("Assigned input partitions stalled behind a hanging transaction").register(registry);
    }

    /** Why the stage is not ready because of hanging transactions, or empty. Safe from any thread. */
    public Optional<String> problem() {
        List<StalledPartitions.Stall> now = hanging;
        if (now.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(now.stream().map(s -> "input partition " + s.partition() + " is stalled behind a hanging transaction"
                        + " at offset " + s.lastStable() + " since " + s.since().truncatedTo(ChronoUnit.SECONDS)
                        + "; end it with: " + abortCommand(kafka.bootstrapServers(), s.partition()))
                .collect(Collectors.joining("; ")));
    }

    /** The command of ours that ends the hanging transaction on {@code partition}, as the log line and readiness print it. */
    public static String abortCommand(String bootstrapServers, TopicPartition partition) {
        return "reviewflow transactions abort --bootstrap-server " + bootstrapServers + " --topic " + partition.topic()
                + " --partition " + partition.partition();
    }

    @Override
    public synchronized void onStarted() {
        if (executor != null) {
            return;
        }
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "reviewflow-" + stage + "-hanging-watch");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.execute(this::checkAndReschedule);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public synchronized void onStopped(Throwable failure) {
        assigned.clear();
        hanging = List.of();
        if (executor != null) {
            // The admin client belongs to the watch thread: close it there, after any look under way.
            executor.execute(this::closeAdmin);
            executor.shutdown();
        }
    }

    private void checkAndReschedule() {
        try {
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            // Kafka away or slow: the loop reports that itself; keep what we knew and look again.
            LOG.debug("{}: cannot look for hanging transactions: {}", stage, e.toString());
        }
        try {
            executor.schedule(this::checkAndReschedule, checkInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopped meanwhile.
        }
    }

    /** One look: both offsets of every owned partition, then what changed. */
    void check() throws ExecutionException, InterruptedException {
        if (admin == null) {
            admin = Admin.create(kafka.adminProperties());
        }
        if (threshold == null) {
            resolveThreshold();
        }
        Set<TopicPartition> watched = Set.copyOf(assigned);
        Map<TopicPartition, StalledPartitions.Offsets> seen = watched.isEmpty() ? Map.of() : offsets(watched);
        List<StalledPartitions.Change> changes;
        synchronized (stalls) {
            if (executor.isShutdown()) {
                return; // the stage stopped during the look: it owns nothing to report on
            }
            stalls.retain(assigned);
            changes = stalls.update(seen, clock.instant(), threshold);
            hanging = stalls.hanging();
        }
        changes.forEach(this::report);
    }

    private Map<TopicPartition, StalledPartitions.Offsets> offsets(Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        // The stable offset first: the end read after it is at least as far, so a transaction
        // committing in between reads as caught up, never as behind.
        Map<TopicPartition, ListOffsetsResultInfo> stable = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
        Map<TopicPartition, StalledPartitions.Offsets> offsets = new HashMap<>();
        stable.forEach((partition, info) -> offsets.put(partition,
                new StalledPartitions.Offsets(info.offset(), end.get(partition).offset())));
        return offsets;
    }

    private void resolveThreshold() throws ExecutionException, InterruptedException {
        if (thresholdOverride.isPresent()) {
            threshold = thresholdOverride.get();
            thresholdOrigin = "hanging-transaction-seconds";
            return;
        }
        try {
            threshold = brokerMaximum(admin);
            thresholdOrigin = "the broker's " + MAX_TIMEOUT_CONFIG;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AuthorizationException)) {
                throw e;
            }
            threshold = KAFKA_DEFAULT_MAXIMUM;
            thresholdOrigin = "Kafka's default " + MAX_TIMEOUT_CONFIG;
            LOG.info("{}: not allowed to read the broker's {} ({}); assuming Kafka's default of {} min for hanging "
                    + "transactions (set hanging-transaction-seconds to choose)", stage, MAX_TIMEOUT_CONFIG,
                    e.getCause().getMessage(), KAFKA_DEFAULT_MAXIMUM.toMinutes());
        }
    }

    /** The broker's {@code transaction.max.timeout.ms}, from the first broker the cluster names. */
    public static Duration brokerMaximum(Admin admin) throws ExecutionException, InterruptedException {
        Node node = admin.describeCluster().nodes().get().iterator().next();
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
        Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
        ConfigEntry entry = config.get(MAX_TIMEOUT_CONFIG);
        return entry == null || entry.value() == null ? KAFKA_DEFAULT_MAXIMUM : Duration.ofMillis(Long.parseLong(entry.value()));
    }

    /** A quarter of the threshold, so a hang is reported at most a quarter late; between 250 ms and 15 s. */
    private Duration checkInterval() {
        Duration interval = threshold == null ? Duration.ofSeconds(MAX_CHECK_INTERVAL_SECONDS) : threshold.dividedBy(4);
        if (interval.compareTo(MIN_CHECK_INTERVAL) < 0) {
            return MIN_CHECK_INTERVAL;
        }
        return interval.compareTo(Duration.ofSeconds(MAX_CHECK_INTERVAL_SECONDS)) > 0
                ? Duration.ofSeconds(MAX_CHECK_INTERVAL_SECONDS) : interval;
    }

    private void report(StalledPartitions.Change change) {
        if (change instanceof StalledPartitions.BecameHanging hung) {
            StalledPartitions.Stall s = hung.stall();
            LOG.error("{}: input partition {} is stalled behind a hanging transaction: its last stable offset {} has not moved"
                            + " since {} (longer than {} s, {}) while its end is {}, so no marker will come and nothing past it"
                            + " is read. End it with: {}", stage, s.partition(), s.lastStable(),
                    s.since().truncatedTo(ChronoUnit.SECONDS), threshold.toSeconds(), thresholdOrigin, s.end(),
                    abortCommand(kafka.bootstrapServers(), s.partition()));
        } else if (change instanceof StalledPartitions.Cleared cleared) {
            LOG.info("{}: input partition {} moves again: last stable offset {}", stage, cleared.partition(), cleared.lastStable());
        }
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
