package io.reviewflow.contract;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.runtime.KafkaSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes submissions to {@code reviews.submitted} the one way every writer of ours does: keyed by
 * review id, single-object Avro, an idempotent producer with {@code acks=all}. Shared by
 * {@code reviewflow submit} and the HTTP gateway, so both put the same bytes on the topic.
 * Every wait is bounded by {@code timeout}: a send to an absent broker fails within about
 * {@code 2 × timeout} (metadata wait, then delivery), never hangs.
 */
public final class SubmissionProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    private SubmissionProducer(KafkaProducer<String, byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    public static SubmissionProducer create(KafkaSettings kafka, Duration timeout) {
        Properties props = kafka.common();
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis() * 2));
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        // As the stage loops: fewer bytes on the broker for a few microseconds per document; every client decompresses it.
        props.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
        kafka.withOverrides(props);
        return new SubmissionProducer(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()), timeout);
    }

    /**
     * Sends; the future completes once the broker has acknowledged the record (all in-sync
     * replicas), or exceptionally, e.g. with Kafka's {@code TimeoutException} when the broker is away.
     */
    public CompletableFuture<RecordMetadata> send(ReviewSubmission submission) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        byte[] value = Topics.SUBMITTED.codec().encode(submission);
        try {
            producer.send(new ProducerRecord<>(Topics.SUBMITTED.name(), submission.getReviewId(), value), (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // Metadata not had within max.block.ms, or the producer closed: the same failure, sooner.
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    @Override
    public void close() {
        producer.close(timeout);
    }
}
