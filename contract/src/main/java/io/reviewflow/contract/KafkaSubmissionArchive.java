package io.reviewflow.contract;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads submissions back from the submissions topic by position, with a consumer of its own that
 * joins no group and commits nothing. The consumer is opened at the first read: most processes
 * never reject anything after ingest.
 */
final class KafkaSubmissionArchive implements SubmissionArchive {

    /** Long enough for a broker that is slow to answer; short against the 60 s transaction timeout. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Properties properties;
    private final String topic;
    /**
     * The records the last read fetched (one partition's, at most a fetch's bytes), by offset. A poll
     * batch reaches the stage partition by partition in offset order, so the next rejected review is often
     * in the batch the last read brought: one fetch serves many.
     */
    private int fetchedPartition = -1;
    private NavigableMap<Long, byte[]> fetched = new TreeMap<>();
    private KafkaConsumer<String, byte[]> consumer;

    KafkaSubmissionArchive(KafkaSettings kafka, String topic) {
        this.topic = topic;
        Properties props = kafka.common();
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "reviewflow-submission-archive");
        // Ingest read the submission read_committed; reading it the same way finds the same record.
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A position before the log's start is a submission retention has deleted: say so, never read another.
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        // It only reads records that exist, so it never needs the broker to wait for more. But a consumer keeps
        // one fetch in flight per broker, and the one it sent ahead for the last position must return before the
        // fetch for a new one can go out: at the default 500 ms every read of another partition waited 500 ms.
        props.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.properties = kafka.withOverrides(props);
    }

    @Override
    public synchronized ReviewSubmission read(SubmissionPosition position) {
        TopicPartition partition = new TopicPartition(topic, position.getPartition());
        long offset = position.getOffset();
        if (fetchedPartition == position.getPartition() && fetched.containsKey(offset)) {
            return decode(partition, offset, fetched.get(offset));
        }
        try {
            KafkaConsumer<String, byte[]> reader = consumer();
            reader.assign(List.of(partition));
            reader.seek(partition, offset);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, byte[]>> records = reader.poll(Duration.ofMillis(200)).records(partition);
                if (!records.isEmpty()) {
                    fetchedPartition = position.getPartition();
                    fetched = new TreeMap<>();
                    records.forEach(r -> fetched.put(r.offset(), r.value()));
                    if (fetched.containsKey(offset)) {
                        return decode(partition, offset, fetched.get(offset));
                    }
                    throw gone(partition, offset, "compaction or an aborted write");
                }
                if (reader.position(partition) > offset) {
                    throw gone(partition, offset, "compaction or an aborted write");
                }
            }
            throw new SubmissionUnavailableException("no answer reading " + partition + " at offset " + offset
                    + " within " + READ_TIMEOUT.toSeconds() + " s");
        } catch (OffsetOutOfRangeException e) {
            Long start = consumer.beginningOffsets(List.of(partition)).get(partition);
            throw start != null && offset < start ? gone(partition, offset, "retention")
                    : new SubmissionUnavailableException(partition + " has no offset " + offset + " (beyond its end)");
        } catch (KafkaException e) {
            throw new SubmissionUnavailableException("reading " + partition + " at offset " + offset + " failed: " + e.getMessage(), e);
        }
    }

    private static ReviewSubmission decode(TopicPartition partition, long offset, byte[] value) {
        try {
            return Topics.SUBMITTED.codec().decode(value);
        } catch (UndecodableRecordException e) {
            throw new SubmissionUnavailableException(partition + " at offset " + offset + " is not a submission: " + e.getMessage(), e);
        }
    }

    private static SubmissionUnavailableException gone(TopicPartition partition, long offset, String cause) {
        return new SubmissionUnavailableException(partition + " no longer holds offset " + offset + " (" + cause + ")");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(properties);
        }
        return consumer;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
        fetchedPartition = -1;
        fetched = new TreeMap<>();
    }
}
