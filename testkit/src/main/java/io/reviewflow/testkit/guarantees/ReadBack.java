package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.Verdict;
import io.reviewflow.contract.Topics;
import io.reviewflow.schemas.UndecodableRecordException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the checker has read of one run so far, from every topic of the pipeline: how often each
 * submission id appeared on each, and per review its sequence on {@code reviews.published}. Only
 * the fields a check compares are kept, not the renderings, so a large run fits in a test's heap.
 * Not thread-safe: one reader fills it.
 */
final class ReadBack {

    /** A published value as the checks see it; {@code null} in a sequence is a tombstone. */
    record Published(String submissionId, String writerId, int revision, ReviewContent review, Score score, Verdict verdict) {}

    final Map<String, Integer> ingestedBySubmission = new HashMap<>();
    final Map<String, Integer> scoredBySubmission = new HashMap<>();
    final Map<String, Integer> publishedBySubmission = new HashMap<>();
    final Map<String, List<String>> rejectionReasonsBySubmission = new HashMap<>();
    /** What each rejection handed back to the writer, by submission id. */
    final Map<String, List<ReviewSubmission>> handedBackBySubmission = new HashMap<>();
    final Map<String, Integer> tombstonesByReview = new HashMap<>();
    final Map<String, List<Published>> publishedByReview = new HashMap<>();

    void accept(ConsumerRecord<String, byte[]> record) {
        try {
            String topic = record.topic();
            if (topic.equals(Topics.INGESTED.name())) {
                IngestedReview ingested = Topics.INGESTED.codec().decode(record.value());
                ingestedBySubmission.merge(ingested.getSubmission().getSubmissionId(), 1, Integer::sum);
            } else if (topic.equals(Topics.SCORED.name())) {
                ScoredReview scored = Topics.SCORED.codec().decode(record.value());
                scoredBySubmission.merge(scored.getSubmission().getSubmissionId(), 1, Integer::sum);
            } else if (topic.equals(Topics.PUBLISHED.name())) {
                acceptPublished(record.key(), record.value() == null ? null : Topics.PUBLISHED.codec().decode(record.value()));
            } else if (topic.equals(Topics.REJECTED.name())) {
                ReviewRejection rejection = Topics.REJECTED.codec().decode(record.value());
                if (rejection.getSubmission() != null) {
                    rejectionReasonsBySubmission.computeIfAbsent(rejection.getSubmission().getSubmissionId(),
                            k -> new ArrayList<>()).add(rejection.getReason());
                    handedBackBySubmission.computeIfAbsent(rejection.getSubmission().getSubmissionId(),
                            k -> new ArrayList<>()).add(rejection.getSubmission());
                }
            }
        } catch (UndecodableRecordException e) {
            throw new AssertionError("undecodable record on " + record.topic() + " at offset " + record.offset(), e);
        }
    }

    private void acceptPublished(String reviewId, PublishedReview value) {
        List<Published> sequence = publishedByReview.computeIfAbsent(reviewId, k -> new ArrayList<>());
        if (value == null) {
            // A tombstone carries no submission id: it is counted against the review's retractions.
            tombstonesByReview.merge(reviewId, 1, Integer::sum);
            sequence.add(null);
            return;
        }
        publishedBySubmission.merge(value.getSubmissionId(), 1, Integer::sum);
        sequence.add(new Published(value.getSubmissionId(), value.getWriterId(), value.getRevision(), value.getReview(),
                value.getScore(), value.getVerdict()));
    }

    /** Whether every submission of the model has its outcome here (more may still come: the settle reads on). */
    boolean hasEveryOutcome(ReviewModel model) {
        Map<String, Integer> retractions = new HashMap<>();
        for (ReviewModel.Modelled m : model.submissions()) {
            String id = m.submission().getSubmissionId();
            switch (m.expectation()) {
                case PUBLISHED -> {
                    if (!publishedBySubmission.containsKey(id)) {
                        return false;
                    }
                }
                case REJECTED -> {
                    if (!rejectionReasonsBySubmission.containsKey(id)) {
                        return false;
                    }
                }
                case RETRACTED -> retractions.merge(m.submission().getReviewId(), 1, Integer::sum);
                case DUPLICATE -> { }
            }
        }
        return retractions.entrySet().stream().allMatch(e -> tombstonesByReview.getOrDefault(e.getKey(), 0) >= e.getValue());
    }
}
