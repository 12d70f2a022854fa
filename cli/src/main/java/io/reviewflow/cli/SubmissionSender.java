package io.reviewflow.cli;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.SubmissionProducer;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes submissions to {@code reviews.submitted} through {@link SubmissionProducer}, after checking
 * that Kafka answers and has the topic, and turns every failure into one line. Every wait is
 * bounded, so an unreachable broker is a one-line error within seconds, not a hang.
 */
final class SubmissionSender implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaSettings kafka;
    private final SubmissionProducer producer;

    private SubmissionSender(KafkaSettings kafka, SubmissionProducer producer) {
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
        return new SubmissionSender(kafka, SubmissionProducer.create(kafka, TIMEOUT));
    }

    /** Sends and waits for the broker's acknowledgement. */
    RecordMetadata send(ReviewSubmission submission) {
        try {
            return producer.send(submission).get(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(kafka, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(kafka, e);
        }
    }

    @Override
    public void close() {
        producer.close();
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
