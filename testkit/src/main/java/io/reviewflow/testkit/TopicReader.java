package io.reviewflow.testkit;

import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic back the way a downstream consumer would ({@code read_committed}, from the
 * beginning, no consumer group), decoding values with the topic's codec.
 */
public final class TopicReader {

    /** A decoded record; {@code value} is null for a tombstone. */
    public record Read<V>(String key, V value, int partition, long offset) {}

    private TopicReader() {}

    /** Everything committed on the topic up to its current end. */
    public static <V extends SpecificRecord> List<Read<V>> readAll(String bootstrapServers, TopicSpec<V> topic) {
        return readUntil(bootstrapServers, topic, records -> true, Duration.ofSeconds(30));
    }

    /**
     * Reads from the beginning until {@code done} holds for what has been read (checked whenever the
     * reader has caught up with the end), or fails after {@code timeout}.
     */
    public static <V extends SpecificRecord> List<Read<V>> readUntil(String bootstrapServers, TopicSpec<V> topic,
                                                                      Predicate<List<Read<V>>> done, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<Read<V>> read = new ArrayList<>();
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(new Read<>(record.key(), decode(topic, record.value()), record.partition(), record.offset()));
                }
                if (caughtUp(consumer, partitions) && done.test(read)) {
                    return read;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " reading " + topic.name()
                            + "; read " + read.size() + " record(s)");
                }
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static <V extends SpecificRecord> V decode(TopicSpec<V> topic, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return topic.codec().decode(value);
        } catch (UndecodableRecordException e) {
            throw new AssertionError("undecodable record on " + topic.name() + ": " + e.getMessage(), e);
        }
    }
}
