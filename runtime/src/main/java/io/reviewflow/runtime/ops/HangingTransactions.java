package io.reviewflow.runtime.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds and ends <em>hanging</em> transactions (KIP-664): a producer's transaction still open on a
 * partition while its transaction coordinator has finished with it, so that no marker will ever
 * come and every {@code read_committed} reader behind it waits for good. Kafka 4.4.0 leaves one
 * now and then when a broker is restarted (RELIABILITY.md); this is what {@code kafka-transactions.sh
 * find-hanging} and {@code abort} do, for the pipeline's topics and the group offsets.
 *
 * <p>Only for an operator's hands (or a test's) once the pipeline has visibly stopped: a transaction
 * the coordinator has just completed can still be seen open on a partition for a moment, so a single
 * look is no proof. Ending one writes an abort marker: the records are discarded and, because the
 * stage's offsets in the same transaction hang too, the stage reads that input again.
 */
public final class HangingTransactions {

    /** One open transaction on one partition whose coordinator has moved on. */
    public record Hanging(TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch,
                          long startOffset, String transactionalId, TransactionState coordinatorState) {
        @Override
        public String toString() {
            return partition + " from offset " + startOffset + ": producer " + producerId + " epoch " + producerEpoch
                    + " (" + transactionalId + ", coordinator: " + coordinatorState + ")";
        }
    }

    private static final String GROUP_OFFSETS = "__consumer_offsets";

    private HangingTransactions() {}

    /** Hanging transactions on every partition of {@code topics} and of the group offsets topic. */
    public static List<Hanging> find(Admin admin, Collection<String> topics) throws ExecutionException, InterruptedException {
        List<String> scanned = new ArrayList<>(topics);
        scanned.add(GROUP_OFFSETS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription topic : admin.describeTopics(scanned).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        Map<Long, String> transactionalIds = new HashMap<>();
        for (TransactionListing listing : admin.listTransactions().all().get()) {
            transactionalIds.put(listing.producerId(), listing.transactionalId());
        }
        Map<String, TransactionDescription> coordinators = transactionalIds.isEmpty() ? Map.of()
                : admin.describeTransactions(transactionalIds.values()).all().get();
        List<Hanging> hanging = new ArrayList<>();
        var producers = admin.describeProducers(partitions).all().get();
        for (var entry : producers.entrySet()) {
            for (ProducerState producer : entry.getValue().activeProducers()) {
                if (producer.currentTransactionStartOffset().isEmpty()) {
                    continue;
                }
                String transactionalId = transactionalIds.get(producer.producerId());
                TransactionDescription coordinator = transactionalId == null ? null : coordinators.get(transactionalId);
                TransactionState state = coordinator == null ? TransactionState.UNKNOWN : coordinator.state();
                if (isOpen(state) && coordinator.topicPartitions().contains(entry.getKey())) {
                    continue; // the coordinator knows it: it will end it, or time it out
                }
                hanging.add(new Hanging(entry.getKey(), producer.producerId(), producer.producerEpoch(),
                        producer.coordinatorEpoch().orElse(-1), producer.currentTransactionStartOffset().getAsLong(),
                        transactionalId, state));
            }
        }
        return hanging;
    }

    /** Writes an abort marker for each, as {@code kafka-transactions.sh abort} does. */
    public static void abort(Admin admin, Collection<Hanging> hanging) throws ExecutionException, InterruptedException {
        for (Hanging h : hanging) {
            admin.abortTransaction(new AbortTransactionSpec(h.partition(), h.producerId(), (short) h.producerEpoch(),
                    h.coordinatorEpoch())).all().get();
        }
    }

    private static boolean isOpen(TransactionState state) {
        return state == TransactionState.ONGOING || state == TransactionState.PREPARE_COMMIT
                || state == TransactionState.PREPARE_ABORT;
    }
}
