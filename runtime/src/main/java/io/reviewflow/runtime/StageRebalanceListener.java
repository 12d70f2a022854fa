package io.reviewflow.runtime;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state stores in step with the assignment: restores a partition's state before its
 * first record is processed, drops it when the partition goes. Runs inside {@code poll}, between
 * transactions, so there is never an open transaction to flush.
 */
final class StageRebalanceListener implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(StageService.class);

    private final String stage;
    private final String input;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KeyedStateStores stateStores;
    /** Null for a stateless stage. */
    private final HomePartitions homePartitions;
    private final StageStatus status;
    private final StageEvents events;
    /** Set when the input's partition count no longer matches the state's; the loop stops on it. */
    private String partitioningChanged;

    StageRebalanceListener(String stage, String input, KafkaConsumer<String, byte[]> consumer, KeyedStateStores stateStores,
                           HomePartitions homePartitions, StageStatus status, StageEvents events) {
        this.stage = stage;
        this.input = input;
        this.consumer = consumer;
        this.stateStores = stateStores;
        this.homePartitions = homePartitions;
        this.status = status;
        this.events = events;
    }

    /** Why the stage must stop before deciding anything, or null. */
    String partitioningChanged() {
        return partitioningChanged;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        LOG.debug("{}: partitions revoked {}", stage, partitions);
        stateStores.drop(partitions);
        events.notify(l -> l.onPartitionsRevoked(partitions));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        stateStores.drop(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (homePartitions != null) {
            // Someone added partitions: a key's home moved away from its state. Stop before deciding anything.
            int now = consumer.partitionsFor(input).size();
            if (now != homePartitions.partitions()) {
                partitioningChanged = TopicProvisioner.partitionMismatch(input, now,
                        stateStores.stores().get(0).name(), homePartitions.partitions());
                return;
            }
        }
        // Restore before the first record of these partitions is processed; poll returns only after this.
        stateStores.restore(partitions);
        status.assigned = true;
        events.notify(l -> l.onPartitionsAssigned(partitions));
        LOG.debug("{}: partitions assigned {}", stage, partitions);
    }
}
