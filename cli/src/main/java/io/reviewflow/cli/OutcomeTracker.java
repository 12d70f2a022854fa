package io.reviewflow.cli;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Waits for submissions to end, by reading {@code reviews.published} and {@code reviews.rejected}
 * as a downstream reader would ({@code read_committed}, from the beginning).
 */
final class OutcomeTracker {

    /** How one submission ended: published, rejected, or (a retraction) tombstoned. */
    record Outcome(PublishedReview published, ReviewRejection rejection) {
        static final Outcome RETRACTED = new Outcome(null, null);

        boolean isPublished() {
            return published != null;
        }

        boolean isRetracted() {
            return published == null && rejection == null;
        }
    }

    /** Submissions to wait for: by submission id, and retractions also by review id and send time. */
    record Awaited(String submissionId, String reviewId, boolean retraction, long submittedAtMillis) {}

    private OutcomeTracker() {}

    /**
     * Returns the outcome of each submission id, waiting at most {@code timeout}; ids with no
     * outcome by then are absent from the result.
     */
    static Map<String, Outcome> await(KafkaSettings kafka, Collection<String> submissionIds, Duration timeout) {
        return awaitAll(kafka, submissionIds.stream().map(id -> new Awaited(id, null, false, 0)).toList(), timeout);
    }

    /**
     * Like {@link #await} but also settles retractions, whose published outcome is a tombstone
     * keyed by review id rather than an event naming the submission.
     */
    static Map<String, Outcome> awaitAll(KafkaSettings kafka, Collection<Awaited> awaited, Duration timeout) {
        return awaitAll(kafka, awaited, timeout, (id, outcome) -> { });
    }

    /** As {@link #awaitAll(KafkaSettings, Collection, Duration)}, telling {@code arrived} of each outcome as it is read. */
    static Map<String, Outcome> awaitAll(KafkaSettings kafka, Collection<Awaited> awaited, Duration timeout,
                                         java.util.function.BiConsumer<String, Outcome> arrived) {
        Set<String> pending = new HashSet<>();
        Map<String, Awaited> retractionsByReview = new java.util.HashMap<>();
        for (Awaited a : awaited) {
            pending.add(a.submissionId());
            if (a.retraction()) {
                retractionsByReview.put(a.reviewId(), a);
            }
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Properties props = kafka.common();
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        kafka.withOverrides(props);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.PUBLISHED.name(), Topics.REJECTED.name())) {
                consumer.partitionsFor(topic, kafka.requestTimeout())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Awaited retraction = record.value() == null ? retractionsByReview.get(record.key()) : null;
                    if (retraction != null && record.timestamp() >= retraction.submittedAtMillis()
                            && pending.remove(retraction.submissionId())) {
                        outcomes.put(retraction.submissionId(), Outcome.RETRACTED);
                        arrived.accept(retraction.submissionId(), Outcome.RETRACTED);
                        continue;
                    }
                    Outcome outcome = decode(record);
                    String id = outcome == null ? null : submissionIdOf(outcome);
                    if (id != null && pending.remove(id)) {
                        outcomes.put(id, outcome);
                        arrived.accept(id, outcome);
                    }
                }
            }
        }
        return outcomes;
    }

    private static Outcome decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            if (record.topic().equals(Topics.PUBLISHED.name())) {
                return new Outcome(Topics.PUBLISHED.codec().decode(record.value()), null);
            }
            return new Outcome(null, Topics.REJECTED.codec().decode(record.value()));
        } catch (UndecodableRecordException e) {
            return null;
        }
    }

    private static String submissionIdOf(Outcome outcome) {
        if (outcome.isPublished()) {
            return outcome.published().getSubmissionId();
        }
        return outcome.rejection().getSubmission() == null ? null : outcome.rejection().getSubmission().getSubmissionId();
    }
}
