package io.reviewflow.runtime;

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
 * beginning, no consumer group), decoding values with the topic's codec: for tools (the demo's
 * tables) and tests (the test kit's reader wraps it).
 */
public final class TopicReader {

    /** A decoded record; {@code value} is null for a tombstone. */
    public record Read<V>(String key, V value, int partition, long offset) {}

    private TopicReader() {}

    /** Everything committed on the topic up to its current end. */
    public static <V extends SpecificRecord> List<Read<V>> readAll(KafkaSettings kafka, TopicSpec<V> topic) {
        return readUntil(kafka, topic, records -> true, Duration.ofSeconds(30));
    }

    /**
     * Reads from the beginning until {@code done} holds for what has been read (checked whenever the
     * reader has caught up with the end), or throws {@link java.util.concurrent.TimeoutException}
     * wrapped in {@link KafkaUnavailableException} after {@code timeout}. An undecodable value
     * fails the read: callers read topics the pipeline itself wrote.
     */
    public static <V extends SpecificRecord> List<Read<V>> readUntil(KafkaSettings kafka, TopicSpec<V> topic,
                                                                      Predicate<List<Read<V>>> done, Duration timeout) {
        Properties props = kafka.common();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        kafka.withOverrides(props);
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
                    throw new KafkaUnavailableException("timed out after " + timeout.toSeconds() + " s reading "
                            + topic.name() + "; read " + read.size() + " record(s)", null);
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
            throw new IllegalStateException("undecodable record on " + topic.name() + ": " + e.getMessage(), e);
        }
    }
}
