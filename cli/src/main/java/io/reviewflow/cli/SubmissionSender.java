package io.reviewflow.cli;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes submissions to {@code reviews.submitted}, keyed by review id, with an idempotent producer.
 * Every wait is bounded, so an unreachable broker is a one-line error within seconds, not a hang.
 */
final class SubmissionSender implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaSettings kafka;
    private final KafkaProducer<String, byte[]> producer;

    private SubmissionSender(KafkaSettings kafka, KafkaProducer<String, byte[]> producer) {
        this.kafka = kafka;
        this.producer = producer;
    }

    /** Checks that Kafka answers before creating the producer, so the failure names the real cause. */
    static SubmissionSender connect(KafkaSettings kafka) {
        Properties admin = kafka.adminProperties();
        admin.setProperty("request.timeout.ms", Long.toString(TIMEOUT.toMillis()));
        admin.setProperty("default.api.timeout.ms", Long.toString(TIMEOUT.toMillis()));
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!client.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(Topics.SUBMITTED.name())) {
                throw new UserFacingException("Kafka at " + kafka.bootstrapServers() + " has no topic " + Topics.SUBMITTED.name()
                        + ": start the ingest service first (it creates the topics)", UserFacingException.KAFKA_UNREACHABLE);
            }
        } catch (TimeoutException | ExecutionException e) {
            throw unreachable(kafka, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(kafka, e);
        }
        Properties props = kafka.common();
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis() * 2));
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
        kafka.withOverrides(props);
        return new SubmissionSender(kafka, new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
    }

    /** Sends and waits for the broker's acknowledgement. */
    RecordMetadata send(ReviewSubmission submission) {
        byte[] value = Topics.SUBMITTED.codec().encode(submission);
        try {
            return producer.send(new ProducerRecord<>(Topics.SUBMITTED.name(), submission.getReviewId(), value))
                    .get(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(kafka, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(kafka, e);
        }
    }

    @Override
    public void close() {
        producer.close(TIMEOUT);
    }

    private static UserFacingException unreachable(KafkaSettings kafka, Exception e) {
        if (e instanceof UserFacingException u) {
            return u;
        }
        String cause = e instanceof TimeoutException || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer within " + TIMEOUT.toSeconds() + " s"
                : OneLine.of(e);
        return new UserFacingException("cannot reach Kafka at " + kafka.bootstrapServers() + ": " + cause,
                UserFacingException.KAFKA_UNREACHABLE, e);
    }
}
