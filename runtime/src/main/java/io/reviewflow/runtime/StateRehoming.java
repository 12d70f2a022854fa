package io.reviewflow.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Moves a stage's per-key state to the keys' new home partitions after partitions were added to
 * the stage's input: the remedy for the stage refusing to start because its input and its state
 * are no longer partitioned alike.
 *
 * <p>With every instance of the stage stopped, it grows the state topic to the input's partition
 * count, reads the state to its end ({@code read_committed}), and in one transaction writes each
 * key's state to the key's home partition and a tombstone where it was. Running it again finds
 * nothing to move. Records already on the input are safe either way: the stage forwards each to its
 * key's home partition under the new count and decides it there, against the state moved here.
 */
public final class StateRehoming {

    /** What a run did: the state topic's partition count before and after, and how many keys moved. */
    public record Result(String stateTopic, int partitionsBefore, int partitionsAfter, int keys, int moved) {}

    /** How long reading the state may wait for a transaction still open on it. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private StateRehoming() {}

    /**
     * @param group the stage's consumer group, which must have no members: a running instance would
     *              decide keys against state that is being moved
     * @throws IllegalStateException when the stage still runs, or the state has more partitions than the input
     */
    public static Result rehome(KafkaSettings kafka, String inputTopic, TopicSpec<?> state, String group)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        String stateTopic = state.name();
        long timeout = kafka.requestTimeout().toMillis();
        int inputPartitions;
        int before;
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            requireStopped(admin, group, timeout);
            inputPartitions = partitions(admin, inputTopic, timeout);
            before = partitions(admin, stateTopic, timeout);
            if (before > inputPartitions) {
                throw new IllegalStateException(stateTopic + " has " + before + " partitions, more than " + inputTopic
                        + "'s " + inputPartitions + ": a topic's partitions cannot be removed, so grow " + inputTopic + " to "
                        + before + " and run this again");
            }
            if (before < inputPartitions) {
                admin.createPartitions(Map.of(stateTopic, NewPartitions.increaseTo(inputPartitions)))
                        .all().get(timeout, TimeUnit.MILLISECONDS);
            }
        }
        Map<String, Map<Integer, byte[]>> latest = readLatest(kafka, inputTopic, state, inputPartitions);
        HomePartitions home = new HomePartitions(inputPartitions);
        int moved = 0;
        try (KafkaProducer<String, byte[]> producer = transactionalProducer(kafka, "reviewflow-rehome-" + stateTopic)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Map.Entry<String, Map<Integer, byte[]>> key : latest.entrySet()) {
                int homePartition = home.of(key.getKey());
                Map<Integer, byte[]> byPartition = key.getValue();
                if (byPartition.keySet().stream().allMatch(p -> p == homePartition)) {
                    continue;
                }
                // Only the era's home ever held a key, so there is one value; should two exist, the home's stands.
                byte[] value = byPartition.containsKey(homePartition) ? byPartition.get(homePartition)
                        : byPartition.values().iterator().next();
                producer.send(new ProducerRecord<>(stateTopic, homePartition, key.getKey(), value));
                for (int partition : byPartition.keySet()) {
                    if (partition != homePartition) {
                        producer.send(new ProducerRecord<>(stateTopic, partition, key.getKey(), null));
                    }
                }
                moved++;
            }
            producer.commitTransaction();
        }
        return new Result(stateTopic, before, inputPartitions, latest.size(), moved);
    }

    private static void requireStopped(Admin admin, String group, long timeout)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(timeout, TimeUnit.MILLISECONDS).get(group);
            if (description != null && !description.members().isEmpty()) {
                throw new IllegalStateException(description.members().size() + " instance(s) of consumer group " + group
                        + " still run: stop every one of them first");
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    private static int partitions(Admin admin, String topic, long timeout)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                .get(topic).partitions().size();
    }

    /**
     * Key to partition to its value there, replayed as a stage restores its state (read_committed, and
     * waiting out a transaction still open on it); deleted keys are left out.
     */
    private static Map<String, Map<Integer, byte[]>> readLatest(KafkaSettings kafka, String inputTopic, TopicSpec<?> state,
                                                                int partitions) {
        Map<String, Map<Integer, byte[]>> latest = new LinkedHashMap<>();
        try (KeyedStateStores stores = new KeyedStateStores(List.of(state), kafka, SETTLE_TIMEOUT)) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(inputTopic, p));
            }
            stores.restore(all);
            for (int p = 0; p < partitions; p++) {
                int partition = p;
                stores.committed(state.name(), p).forEach((key, value) ->
                        latest.computeIfAbsent(key, k -> new HashMap<>()).put(partition, value));
            }
        }
        return latest;
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(KafkaSettings kafka, String transactionalId) {
        Properties props = kafka.common();
        props.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        kafka.withOverrides(props);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
