package io.reviewflow.testkit;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads a topic back the way a downstream consumer would ({@code read_committed}, from the
 * beginning, no consumer group), for assertions: the runtime's reader, with failures as test failures.
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
     * reader has caught up with the end), or fails the test after {@code timeout}.
     */
    public static <V extends SpecificRecord> List<Read<V>> readUntil(String bootstrapServers, TopicSpec<V> topic,
                                                                      Predicate<List<Read<V>>> done, Duration timeout) {
        try {
            return io.reviewflow.runtime.TopicReader.readUntil(KafkaSettings.of(bootstrapServers), topic,
                    read -> done.test(converted(read)), timeout).stream().map(TopicReader::converted).toList();
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static <V> List<Read<V>> converted(List<io.reviewflow.runtime.TopicReader.Read<V>> read) {
        return read.stream().map(TopicReader::converted).toList();
    }

    private static <V> Read<V> converted(io.reviewflow.runtime.TopicReader.Read<V> r) {
        return new Read<>(r.key(), r.value(), r.partition(), r.offset());
    }
}
