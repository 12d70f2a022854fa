package io.reviewflow.runtime.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Only for an operator's hands (or a test's) once the pipeline has visibly stopped
 * ({@link HangingTransactionWatch} says when, and {@code reviewflow transactions} runs this): a
 * transaction can end between the look at the partition and the look at its coordinator, so a single
 * look is no proof; {@link #findConfirmed} looks twice. Ending one writes an abort marker: the records
 * are discarded and, because the stage's offsets in the same transaction hang too, the stage reads
 * that input again.
 */
public final class HangingTransactions {

    /** One open transaction on one partition whose coordinator has moved on. */
    public record Hanging(TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch,
                          long startOffset, String transactionalId, TransactionState coordinatorState) {
        @Override
        public String toString() {
            return partition + " from offset " + startOffset + ": producer " + producerId + " epoch " + producerEpoch
                    + " (" + (transactionalId == null ? "no transactional id known" : transactionalId)
                    + ", coordinator: " + coordinatorState + ")";
        }
    }

    /** The topic of the consumer groups' offsets, where a stage's transaction also writes. */
    public static final String GROUP_OFFSETS = "__consumer_offsets";

    private HangingTransactions() {}

    /**
     * Hanging transactions on every partition of {@code topics} and of the group offsets topic.
     * The partitions are read before the coordinators, so a transaction the coordinator still has
     * open on a partition is never listed; one that ends in between may be (see {@link #findConfirmed}).
     */
    public static List<Hanging> find(Admin admin, Collection<String> topics) throws ExecutionException, InterruptedException {
        List<String> scanned = new ArrayList<>(topics);
        if (!scanned.contains(GROUP_OFFSETS)) {
            scanned.add(GROUP_OFFSETS);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription topic : admin.describeTopics(scanned).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        var producers = admin.describeProducers(partitions).all().get();
        Map<Long, String> transactionalIds = new HashMap<>();
        for (TransactionListing listing : admin.listTransactions().all().get()) {
            transactionalIds.put(listing.producerId(), listing.transactionalId());
        }
        Map<String, TransactionDescription> coordinators = transactionalIds.isEmpty() ? Map.of()
                : admin.describeTransactions(transactionalIds.values()).all().get();
        List<Hanging> hanging = new ArrayList<>();
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

    /**
     * Hanging transactions seen by two looks {@code apart}, with the same producer, epoch and start
     * offset on the same partition. A transaction that merely ended between the reads of one look
     * cannot be open from the same offset at the second: once its marker is written, a new transaction
     * of that producer starts at a later offset. So aborting what this returns never ends a live one.
     */
    public static List<Hanging> findConfirmed(Admin admin, Collection<String> topics, Duration apart)
            throws ExecutionException, InterruptedException {
        List<Hanging> first = find(admin, topics);
        if (first.isEmpty()) {
            return first;
        }
        Thread.sleep(apart.toMillis());
        Set<List<Object>> seenFirst = new HashSet<>();
        first.forEach(h -> seenFirst.add(identity(h)));
        return find(admin, topics).stream().filter(h -> seenFirst.contains(identity(h))).toList();
    }

    /**
     * Those of {@code hanging} whose producer hangs on {@code partition}, on every partition: the
     * stage's output and its offsets in {@code __consumer_offsets} end together, or the offsets would
     * commit input whose output the abort discarded (RELIABILITY.md).
     */
    public static List<Hanging> ofProducersOn(Collection<Hanging> hanging, TopicPartition partition) {
        Set<Long> producers = new HashSet<>();
        hanging.stream().filter(h -> h.partition().equals(partition)).forEach(h -> producers.add(h.producerId()));
        return hanging.stream().filter(h -> producers.contains(h.producerId())).toList();
    }

    private static List<Object> identity(Hanging h) {
        return List.of(h.partition(), h.producerId(), h.producerEpoch(), h.startOffset());
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
