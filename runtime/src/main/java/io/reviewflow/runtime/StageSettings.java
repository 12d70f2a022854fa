package io.reviewflow.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How one stage instance runs.
 *
 * @param kafka              how to reach Kafka
 * @param instanceId         names this instance; with the stage it forms the transactional id, so it must be
 *                           stable across restarts (a restarted instance then fences its predecessor and aborts
 *                           its open transaction at once) and unique among running instances
 * @param maxPollRecords     records per poll: the most one transaction can hold (DESIGN.md, Kafka)
 * @param maxPartitionFetchBytes bytes per partition per fetch; the 1 MiB default caps a batch at ~400 reviews
 * @param transactionTimeout how long the broker lets a transaction stay open before aborting it
 * @param pollTimeout        how long one poll waits for records
 * @param commitInterval     how long a transaction stays open before it is committed, even part-way through a
 *                           poll batch: the next stage sees nothing of a transaction until its commit, so this
 *                           bounds the latency each hop adds, while each commit's fixed cost (a round trip to
 *                           the coordinator and markers on every partition written) argues against very short ones
 */
public record StageSettings(
        KafkaSettings kafka,
        String instanceId,
        int maxPollRecords,
        int maxPartitionFetchBytes,
        Duration transactionTimeout,
        Duration pollTimeout,
        Duration commitInterval) {

    public static final int DEFAULT_MAX_POLL_RECORDS = 2_000;
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 8 << 20;
    /** As Kafka Streams' exactly-once default: see BENCHMARKS.md for what it did to latency and throughput. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    public StageSettings {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(instanceId, "instanceId");
        if (!instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("instance id must be 1-100 of A-Z a-z 0-9 . _ -, was '" + instanceId + "'");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("max poll records must be positive");
        }
        if (maxPartitionFetchBytes < 1024) {
            throw new IllegalArgumentException("max partition fetch bytes must be at least 1024");
        }
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (commitInterval.isNegative() || commitInterval.compareTo(transactionTimeout) >= 0) {
            throw new IllegalArgumentException("commit interval must be at least 0 and shorter than the transaction timeout "
                    + transactionTimeout + ", was " + commitInterval);
        }
    }

    public static StageSettings defaults(KafkaSettings kafka, String instanceId) {
        return new StageSettings(kafka, instanceId, DEFAULT_MAX_POLL_RECORDS, DEFAULT_MAX_PARTITION_FETCH_BYTES,
                Duration.ofSeconds(60), Duration.ofMillis(200), DEFAULT_COMMIT_INTERVAL);
    }

    public StageSettings withCommitInterval(Duration interval) {
        return new StageSettings(kafka, instanceId, maxPollRecords, maxPartitionFetchBytes, transactionTimeout, pollTimeout, interval);
    }
}
