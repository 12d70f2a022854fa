package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.runtime.Topics;
import io.reviewflow.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * Reads {@code reviews.published} and {@code reviews.rejected} back as a downstream reader does
 * ({@code read_committed}, whole topics) and checks every planned submission against its
 * expectation. It waits until every submission has an outcome (the pipeline has drained) or the
 * timeout passes, then keeps reading for a short settle period so that a late duplicate is seen.
 */
public final class InvariantChecker {

    private static final int EXAMPLES = 5;

    private final String bootstrapServers;
    private final Map<String, Object> clientOverrides;

    public InvariantChecker(String bootstrapServers, Map<String, Object> clientOverrides) {
        this.bootstrapServers = bootstrapServers;
        this.clientOverrides = Map.copyOf(clientOverrides);
    }

    public InvariantChecker(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** Outcomes seen per submission id and per review, accumulated while reading. */
    private static final class Seen {
        final Map<String, Integer> publishedBySubmission = new HashMap<>();
        final Map<String, List<String>> rejectionReasonsBySubmission = new HashMap<>();
        final Map<String, Integer> tombstonesByReview = new HashMap<>();
        /** Per review: the sequence of published revisions, -1 for a tombstone. */
        final Map<String, List<Integer>> revisionsByReview = new HashMap<>();
    }

    public GuaranteeReport awaitAndCheck(Workload workload, Duration drainTimeout, Duration settle) {
        Set<String> reviews = new HashSet<>();
        workload.submissions().forEach(p -> reviews.add(p.submission().getReviewId()));
        Seen seen = new Seen();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        props.putAll(clientOverrides);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicSpec<?> topic : List.of(Topics.PUBLISHED, Topics.REJECTED)) {
                consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long drainDeadline = System.nanoTime() + drainTimeout.toNanos();
            long settleDeadline = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(drainDeadline, settleDeadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && reviews.contains(record.key())) {
                        accept(record, seen);
                    }
                }
                if (settleDeadline == Long.MAX_VALUE && allSettled(workload, seen)) {
                    settleDeadline = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return judge(workload, seen);
    }

    private static void accept(ConsumerRecord<String, byte[]> record, Seen seen) {
        try {
            if (record.topic().equals(Topics.PUBLISHED.name())) {
                if (record.value() == null) {
                    seen.tombstonesByReview.merge(record.key(), 1, Integer::sum);
                    seen.revisionsByReview.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(-1);
                    return;
                }
                PublishedReview published = Topics.PUBLISHED.codec().decode(record.value());
                seen.publishedBySubmission.merge(published.getSubmissionId(), 1, Integer::sum);
                seen.revisionsByReview.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(published.getRevision());
            } else {
                ReviewRejection rejection = Topics.REJECTED.codec().decode(record.value());
                if (rejection.getSubmission() != null) {
                    seen.rejectionReasonsBySubmission.computeIfAbsent(rejection.getSubmission().getSubmissionId(),
                            k -> new ArrayList<>()).add(rejection.getReason());
                }
            }
        } catch (UndecodableRecordException e) {
            throw new AssertionError("undecodable record on " + record.topic() + " at offset " + record.offset(), e);
        }
    }

    private static boolean allSettled(Workload workload, Seen seen) {
        Map<String, Integer> retractionsExpected = new HashMap<>();
        for (PlannedSubmission p : workload.submissions()) {
            String id = p.submission().getSubmissionId();
            switch (p.expectation()) {
                case PUBLISHED -> {
                    if (!seen.publishedBySubmission.containsKey(id)) {
                        return false;
                    }
                }
                case REJECTED -> {
                    if (!seen.rejectionReasonsBySubmission.containsKey(id)) {
                        return false;
                    }
                }
                case RETRACTED -> retractionsExpected.merge(p.submission().getReviewId(), 1, Integer::sum);
                case DUPLICATE -> { }
            }
        }
        for (Map.Entry<String, Integer> e : retractionsExpected.entrySet()) {
            if (seen.tombstonesByReview.getOrDefault(e.getKey(), 0) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static GuaranteeReport judge(Workload workload, Seen seen) {
        int published = 0;
        int rejected = 0;
        int retracted = 0;
        int resent = 0;
        int lost = 0;
        int duplicated = 0;
        int wrong = 0;
        List<String> problems = new ArrayList<>();
        Map<String, Integer> retractionsExpected = new HashMap<>();
        for (PlannedSubmission p : workload.submissions()) {
            String id = p.submission().getSubmissionId();
            int events = seen.publishedBySubmission.getOrDefault(id, 0);
            List<String> reasons = seen.rejectionReasonsBySubmission.getOrDefault(id, List.of());
            int outcomes = events + reasons.size();
            switch (p.expectation()) {
                case DUPLICATE -> resent++;
                case RETRACTED -> retractionsExpected.merge(p.submission().getReviewId(), 1, Integer::sum);
                case PUBLISHED, REJECTED -> {
                    if (outcomes == 0) {
                        lost++;
                        example(problems, "lost " + p.expectation() + " " + describe(p));
                    } else if (outcomes > 1) {
                        duplicated++;
                        example(problems, "duplicated (" + events + " published, rejections " + reasons + ") " + describe(p));
                    } else if (p.expectation() == Expectation.PUBLISHED && events != 1) {
                        wrong++;
                        example(problems, "expected published, got rejection " + reasons + " " + describe(p));
                    } else if (p.expectation() == Expectation.REJECTED && !reasons.equals(List.of(p.reason()))) {
                        wrong++;
                        example(problems, "expected rejection " + p.reason() + ", got " + (events > 0 ? "published" : reasons) + " " + describe(p));
                    } else if (p.expectation() == Expectation.PUBLISHED) {
                        published++;
                    } else {
                        rejected++;
                    }
                }
            }
        }
        for (Map.Entry<String, Integer> e : retractionsExpected.entrySet()) {
            int tombstones = seen.tombstonesByReview.getOrDefault(e.getKey(), 0);
            if (tombstones == e.getValue()) {
                retracted += tombstones;
            } else if (tombstones < e.getValue()) {
                lost += e.getValue() - tombstones;
                example(problems, "lost retraction of " + e.getKey());
            } else {
                duplicated += tombstones - e.getValue();
                example(problems, "duplicated tombstone for " + e.getKey());
            }
        }
        int reordered = 0;
        for (Map.Entry<String, List<Integer>> e : seen.revisionsByReview.entrySet()) {
            if (!inOrder(e.getValue())) {
                reordered++;
                example(problems, "revisions of " + e.getKey() + " out of order: " + e.getValue());
            }
        }
        return new GuaranteeReport(workload.size(), published, rejected, retracted, resent, lost, duplicated, wrong, reordered,
                List.copyOf(problems));
    }

    /** Revisions only move forward; a tombstone may follow any revision and ends the sequence here. */
    private static boolean inOrder(List<Integer> revisions) {
        int last = 0;
        for (int revision : revisions) {
            if (revision == -1) {
                continue;
            }
            if (revision <= last) {
                return false;
            }
            last = revision;
        }
        return true;
    }

    private static String describe(PlannedSubmission p) {
        return p.submission().getReviewId() + " rev " + p.submission().getRevision() + " " + p.submission().getAction()
                + " (" + p.submission().getSource() + ", submission " + p.submission().getSubmissionId() + ")";
    }

    private static void example(List<String> problems, String problem) {
        if (problems.size() < EXAMPLES * 4) {
            problems.add(problem);
        }
    }
}
