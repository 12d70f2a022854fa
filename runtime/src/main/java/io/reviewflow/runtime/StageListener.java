package io.reviewflow.runtime;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * Observes one stage's loop: what metrics, health checks and fault-injection tests hook into.
 * Called on the polling thread, in the loop's order; implementations must be quick and must not
 * throw (an exception is logged and ignored). Every method has a do-nothing default.
 */
public interface StageListener {

    /** The transactional producer is initialised and the consumer subscribed. */
    default void onStarted() {}

    default void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    default void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

    /** One input record was decoded and processed (or rejected), in {@code nanos}. */
    default void onRecordProcessed(SourcePosition source, long nanos) {}

    /** A record of the batch was turned into a dead letter with this reason code. */
    default void onRejected(String reason) {}

    /**
     * The transaction is open, its records and offsets sent, and it is about to commit. A test can
     * stall here to make the transaction outlive {@code transaction.timeout.ms}.
     */
    default void beforeCommit(int records) {}

    /** A batch committed: {@code consumed} input records, {@code produced} output records, in {@code nanos}. */
    default void onCommitted(int consumed, int produced, long nanos) {}

    /** A committed batch also forwarded {@code records} input records to their home partitions. */
    default void onForwarded(int records) {}

    /** A transaction was aborted and the consumer rewound to its committed position. */
    default void onAborted(Exception cause) {}

    /** Kafka could not be reached; the loop is waiting and retrying. */
    default void onWaitingForKafka(Exception cause) {}

    /** The loop ended; {@code failure} is null after a clean stop. */
    default void onStopped(Throwable failure) {}
}
