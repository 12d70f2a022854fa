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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private StateRehoming() {}

    /**
     * @param group the stage's consumer group, which must have no members: a running instance would
     *              decide keys against state that is being moved
     * @throws IllegalStateException when the stage still runs, or the state has more partitions than the input
     */
    public static Result rehome(KafkaSettings kafka, String inputTopic, String stateTopic, String group)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
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
        Map<String, Map<Integer, byte[]>> state = readLatest(kafka, stateTopic, inputPartitions);
        HomePartitions home = new HomePartitions(inputPartitions);
        int moved = 0;
        try (KafkaProducer<String, byte[]> producer = transactionalProducer(kafka, "reviewflow-rehome-" + stateTopic)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Map.Entry<String, Map<Integer, byte[]>> key : state.entrySet()) {
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
        return new Result(stateTopic, before, inputPartitions, state.size(), moved);
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

    /** Key to partition to its latest value there; keys whose latest value everywhere is a tombstone are left out. */
    private static Map<String, Map<Integer, byte[]>> readLatest(KafkaSettings kafka, String topic, int partitions) {
        Properties props = kafka.common();
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        kafka.withOverrides(props);
        Map<String, Map<Integer, byte[]>> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            // For a read_committed consumer the end is the last stable offset: what committed transactions wrote.
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(assigned));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<Integer, byte[]> byPartition = latest.computeIfAbsent(record.key(), k -> new HashMap<>());
                    if (record.value() == null) {
                        byPartition.remove(record.partition());
                    } else {
                        byPartition.put(record.partition(), record.value());
                    }
                }
            }
        }
        latest.values().removeIf(Map::isEmpty);
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
