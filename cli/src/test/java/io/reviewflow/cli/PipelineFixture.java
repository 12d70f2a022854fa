package io.reviewflow.cli;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The running pipeline on the shared test broker, with the moves its tests make: submit
 * documents, and read back what was published or rejected for them. Tests share one broker, so
 * every review id is unique to its test.
 */
final class PipelineFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final KafkaSettings kafka;
    private Pipeline pipeline;
    private final String instanceId;

    PipelineFixture(String instanceId) {
        this.kafka = KafkaSettings.of(TestKafka.bootstrapServers());
        this.instanceId = instanceId;
        start();
    }

    void start() {
        pipeline = Pipeline.start(kafka, instanceId, 3, VerdictScale.preset("house"));
    }

    /** Stops all three services and starts fresh instances with the same ids, as a redeploy would. */
    void restart() {
        pipeline.close();
        start();
    }

    Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        pipeline.close();
    }

    static ReviewSubmission submission(String name, byte[] document) {
        return Submissions.of("it-writer", "it-" + UUID.randomUUID(), name, document, ReviewAction.SUBMIT, 1, Instant.now());
    }

    ReviewSubmission submit(String name, byte[] document) {
        return send(submission(name, document));
    }

    ReviewSubmission send(ReviewSubmission submission) {
        try (SubmissionSender sender = SubmissionSender.connect(kafka)) {
            sender.send(submission);
        }
        return submission;
    }

    /** Writes raw bytes under a key to a chosen partition of reviews.submitted, bypassing every client-side check. */
    void sendRaw(int partition, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SUBMITTED.name(), partition, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("cannot write to " + Topics.SUBMITTED.name(), e);
        }
    }

    /**
     * Sends a submission as a writer whose client partitions unlike Java's would: encoded as every
     * writer encodes it, but on a partition of reviews.submitted other than the one Java's default
     * partitioner gives its review id. Returns the partition it was written to.
     */
    int sendAwayFromHome(ReviewSubmission submission) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(Topics.SUBMITTED.name()).size();
            if (partitions < 2) {
                throw new AssertionError(Topics.SUBMITTED.name() + " has one partition: no record can be away from home");
            }
            byte[] key = submission.getReviewId().getBytes(StandardCharsets.UTF_8);
            int home = Utils.toPositive(Utils.murmur2(key)) % partitions;
            int away = (home + 1) % partitions;
            producer.send(new ProducerRecord<>(Topics.SUBMITTED.name(), away, submission.getReviewId(),
                    Topics.SUBMITTED.codec().encode(submission))).get();
            return away;
        } catch (Exception e) {
            throw new AssertionError("cannot write to " + Topics.SUBMITTED.name(), e);
        }
    }

    /** Every event (tombstones as null) published under the review id, waiting until there are at least {@code atLeast}. */
    List<PublishedReview> publishedFor(String reviewId, int atLeast) {
        return TopicReader.readUntil(kafka.bootstrapServers(), Topics.PUBLISHED,
                        read -> read.stream().filter(r -> reviewId.equals(r.key())).count() >= atLeast, WAIT)
                .stream().filter(r -> reviewId.equals(r.key())).map(TopicReader.Read::value).toList();
    }

    List<ReviewRejection> rejectionsFor(String submissionId, int atLeast) {
        return TopicReader.readUntil(kafka.bootstrapServers(), Topics.REJECTED,
                        read -> read.stream().filter(r -> isFor(r.value(), submissionId)).count() >= atLeast, WAIT)
                .stream().map(TopicReader.Read::value).filter(v -> isFor(v, submissionId)).toList();
    }

    /** How each submission ended, waiting for all of them. */
    Map<String, OutcomeTracker.Outcome> outcomes(List<ReviewSubmission> submissions) {
        Map<String, OutcomeTracker.Outcome> outcomes = OutcomeTracker.await(kafka,
                submissions.stream().map(ReviewSubmission::getSubmissionId).toList(), WAIT);
        if (outcomes.size() != submissions.size()) {
            throw new AssertionError((submissions.size() - outcomes.size()) + " submission(s) had no outcome within " + WAIT);
        }
        return outcomes;
    }

    static boolean isFor(ReviewRejection rejection, String submissionId) {
        return rejection != null && rejection.getSubmission() != null
                && submissionId.equals(rejection.getSubmission().getSubmissionId());
    }
}
