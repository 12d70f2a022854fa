package io.reviewflow.runtime.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.StageListener;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * The meters of one stage's loop, fed by its {@link StageListener} callbacks. The stage itself
 * is the registry's common tag {@code stage}; Prometheus names are in the constants' comments.
 *
 * <p>Records are counted when their transaction commits, so the counters agree with what the
 * topics hold: a batch that aborts is processed again and counted once, when it commits.
 * Processing time is measured for every attempt. All callbacks run on the loop thread; only the
 * gauges are read from the scraping thread, and they read thread-safe sources.
 */
final class StageMetrics implements StageListener {

    /** {@code reviewflow_records_consumed_total}: input records in committed transactions. */
    public static final String RECORDS_CONSUMED = "reviewflow.records.consumed";
    /** {@code reviewflow_records_produced_total}: output records (rejections and state included) in committed transactions. */
    public static final String RECORDS_PRODUCED = "reviewflow.records.produced";
    /** {@code reviewflow_records_forwarded_total}: input records sent on to their home partition in committed transactions. */
    public static final String RECORDS_FORWARDED = "reviewflow.records.forwarded";
    /** {@code reviewflow_rejections_total{reason}}: dead letters committed, by reason code. */
    public static final String REJECTIONS = "reviewflow.rejections";
    /** {@code reviewflow_transactions_total{outcome=committed|aborted}}. */
    public static final String TRANSACTIONS = "reviewflow.transactions";
    /** {@code reviewflow_transaction_seconds{outcome}}: begin to commit, or begin to the end of the abort and rewind. */
    public static final String TRANSACTION_TIME = "reviewflow.transaction";
    /** {@code reviewflow_records_per_transaction}: input records per committed transaction. */
    public static final String RECORDS_PER_TRANSACTION = "reviewflow.records.per.transaction";
    /** {@code reviewflow_record_processing_seconds}: decode and stage work for one record, histogram. */
    public static final String RECORD_PROCESSING = "reviewflow.record.processing";
    /** {@code reviewflow_consumer_lag{partition}}: records behind the end of each assigned input partition, as of the last fetch. */
    public static final String CONSUMER_LAG = "reviewflow.consumer.lag";
    /** {@code reviewflow_assigned_partitions}: input partitions this instance owns; 0 on an idle spare. */
    public static final String ASSIGNED_PARTITIONS = "reviewflow.assigned.partitions";
    /** {@code reviewflow_kafka_waits_total}: times the loop found Kafka unreachable and waited to retry. */
    public static final String KAFKA_WAITS = "reviewflow.kafka.waits";

    /** Per-record work is domain code on bytes already in memory: microseconds to tens of milliseconds. */
    private static final Duration[] PROCESSING_BUCKETS = durations(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
            0.01, 0.025, 0.05, 0.1, 0.25, 1);
    /** A commit costs tens of milliseconds; an abort after a timeout, tens of seconds. */
    private static final Duration[] TRANSACTION_BUCKETS = durations(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5, 10, 30, 60);

    private final MeterRegistry registry;
    private final Supplier<Map<MetricName, ? extends Metric>> consumerMetrics;
    private final Counter consumed;
    private final Counter produced;
    private final Counter forwarded;
    private final Counter committed;
    private final Counter aborted;
    private final Counter kafkaWaits;
    private final Timer commitTime;
    private final Timer abortTime;
    private final Timer processing;
    private final DistributionSummary recordsPerTransaction;
    private final Map<String, Counter> rejections = new HashMap<>();
    private final Map<Integer, Gauge> lag = new HashMap<>();
    private final AtomicInteger assigned = new AtomicInteger();
    /** When the last record of the batch was processed, which is when its transaction began. */
    private long transactionStart = System.nanoTime();

    /**
     * @param consumerMetrics the stage consumer's own metrics ({@code StageService::consumerMetrics}),
     *                        read for the lag gauges from the scraping thread
     */
    public StageMetrics(MeterRegistry registry, Supplier<Map<MetricName, ? extends Metric>> consumerMetrics) {
        this.registry = registry;
        this.consumerMetrics = consumerMetrics;
        this.consumed = Counter.builder(RECORDS_CONSUMED).description("Input records in committed transactions").register(registry);
        this.produced = Counter.builder(RECORDS_PRODUCED)
                .description("Output records (outputs, rejections, state) in committed transactions").register(registry);
        this.forwarded = Counter.builder(RECORDS_FORWARDED)
                .description("Input records forwarded to their home partition in committed transactions").register(registry);
        this.committed = Counter.builder(TRANSACTIONS).tag("outcome", "committed").description("Transactions by outcome").register(registry);
        this.aborted = Counter.builder(TRANSACTIONS).tag("outcome", "aborted").description("Transactions by outcome").register(registry);
        this.kafkaWaits = Counter.builder(KAFKA_WAITS).description("Times the loop found Kafka unreachable and waited").register(registry);
        this.commitTime = transactionTimer("committed");
        this.abortTime = transactionTimer("aborted");
        this.processing = Timer.builder(RECORD_PROCESSING).description("Decode and stage work for one input record")
                .serviceLevelObjectives(PROCESSING_BUCKETS).register(registry);
        this.recordsPerTransaction = DistributionSummary.builder(RECORDS_PER_TRANSACTION)
                .description("Input records per committed transaction")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 2000, 5000).register(registry);
        Gauge.builder(ASSIGNED_PARTITIONS, assigned, AtomicInteger::get)
                .description("Input partitions assigned to this instance").register(registry);
    }

    @Override
    public void onRecordProcessed(SourcePosition source, long nanos) {
        processing.record(nanos, TimeUnit.NANOSECONDS);
        transactionStart = System.nanoTime();
    }

    @Override
    public void onRejected(String reason) {
        rejections.computeIfAbsent(reason == null ? "UNKNOWN" : reason, r -> Counter.builder(REJECTIONS).tag("reason", r)
                .description("Dead letters committed, by reason code").register(registry)).increment();
    }

    @Override
    public void onCommitted(int consumedRecords, int producedRecords, long nanos) {
        consumed.increment(consumedRecords);
        produced.increment(producedRecords);
        committed.increment();
        commitTime.record(nanos, TimeUnit.NANOSECONDS);
        recordsPerTransaction.record(consumedRecords);
    }

    @Override
    public void onForwarded(int records) {
        forwarded.increment(records);
    }

    @Override
    public void onAborted(Exception cause) {
        aborted.increment();
        abortTime.record(System.nanoTime() - transactionStart, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onWaitingForKafka(Exception cause) {
        kafkaWaits.increment();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            int number = partition.partition();
            lag.computeIfAbsent(number, p -> Gauge.builder(CONSUMER_LAG, () -> lagOf(p))
                    .tag("partition", Integer.toString(p))
                    .description("Records behind the end of the input partition, as of the last fetch")
                    .register(registry));
        }
        assigned.set(lag.size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        forget(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onStopped(Throwable failure) {
        // A stopped stage owns nothing; a lag series left behind would look like a frozen consumer.
        forget(java.util.List.copyOf(lag.keySet()));
    }

    private void forget(Collection<Integer> partitions) {
        for (Integer partition : partitions) {
            Gauge gauge = lag.remove(partition);
            if (gauge != null) {
                registry.remove(gauge);
            }
        }
        assigned.set(lag.size());
    }

    /**
     * The consumer's {@code records-lag} for the partition. The stage reads one topic, so the
     * partition number names it. NaN until the first fetch of the partition.
     */
    private double lagOf(int partition) {
        String wanted = Integer.toString(partition);
        for (Map.Entry<MetricName, ? extends Metric> entry : consumerMetrics.get().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && wanted.equals(name.tags().get("partition"))) {
                return entry.getValue().metricValue() instanceof Number value ? value.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }

    private Timer transactionTimer(String outcome) {
        return Timer.builder(TRANSACTION_TIME).tag("outcome", outcome)
                .description("Transaction time: begin to commit, or begin to the end of the abort and rewind")
                .serviceLevelObjectives(TRANSACTION_BUCKETS).register(registry);
    }

    private static Duration[] durations(double... seconds) {
        Duration[] durations = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return durations;
    }
}
