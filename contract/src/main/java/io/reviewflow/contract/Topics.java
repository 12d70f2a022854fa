package io.reviewflow.contract;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkContributionChange;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.schemas.AvroCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of the pipeline's topics with their value types. Every topic is keyed by review
 * id (UTF-8), so all versions of one review stay in order on one partition.
 * {@code works.scores} and {@code works.contributions} are keyed by work instead (normalised title
 * and platform, UTF-8): one record per work, an aggregate over its reviews.
 */
public final class Topics {

    /**
     * Records up to 8 MiB: a rendered review carries its text several times over (HTML page,
     * fragment, Markdown, JSON-LD), which can pass the broker's 1 MiB default for a long review.
     */
    private static final Map<String, String> RECORD_SIZE = Map.of("max.message.bytes", Integer.toString(8 << 20));

    public static final TopicSpec<ReviewSubmission> SUBMITTED =
            new TopicSpec<>("reviews.submitted", AvroCodec.of(ReviewSubmission.class), RECORD_SIZE);
    public static final TopicSpec<IngestedReview> INGESTED =
            new TopicSpec<>("reviews.ingested", AvroCodec.of(IngestedReview.class), RECORD_SIZE);
    /** A day, for a consumer that was offline to still see a tombstone before compaction drops it. */
    static final String TOMBSTONE_RETENTION_MS = Long.toString(24L * 60 * 60 * 1000);

    /**
     * Compacted: the latest record of every review stays, so the works service can rebuild every
     * work's score from it at any time, however old the reviews.
     */
    public static final TopicSpec<ScoredReview> SCORED =
            new TopicSpec<>("reviews.scored", AvroCodec.of(ScoredReview.class), Map.of(
                    "cleanup.policy", "compact",
                    "max.message.bytes", Integer.toString(8 << 20),
                    "delete.retention.ms", TOMBSTONE_RETENTION_MS));
    /** Compacted: a site rebuilds its whole state from it; a retraction is a tombstone. */
    public static final TopicSpec<PublishedReview> PUBLISHED =
            new TopicSpec<>("reviews.published", AvroCodec.of(PublishedReview.class), Map.of(
                    "cleanup.policy", "compact",
                    "max.message.bytes", Integer.toString(8 << 20),
                    "delete.retention.ms", TOMBSTONE_RETENTION_MS));
    public static final TopicSpec<ReviewRejection> REJECTED =
            new TopicSpec<>("reviews.rejected", AvroCodec.of(ReviewRejection.class), RECORD_SIZE);

    /**
     * Compacted, keyed by work: the current score of every work, so a site rebuilds all of them
     * from the topic alone; a work whose last review is retracted is a tombstone, kept a day like
     * those of {@code reviews.published}.
     */
    public static final TopicSpec<WorkScore> WORK_SCORES =
            new TopicSpec<>("works.scores", AvroCodec.of(WorkScore.class), Map.of(
                    "cleanup.policy", "compact",
                    "max.message.bytes", Integer.toString(8 << 20),
                    "delete.retention.ms", TOMBSTONE_RETENTION_MS));

    /**
     * Internal to the works service, keyed by work: each record moves one review's contribution
     * off or onto one work. Read once by the service's second loop, whose state is the truth after that.
     */
    public static final TopicSpec<WorkContributionChange> WORK_CONTRIBUTIONS =
            new TopicSpec<>("works.contributions", AvroCodec.of(WorkContributionChange.class), Map.of());

    public static final List<TopicSpec<?>> ALL =
            List.of(SUBMITTED, INGESTED, SCORED, PUBLISHED, REJECTED, WORK_SCORES, WORK_CONTRIBUTIONS);

    private Topics() {}

    public static Optional<TopicSpec<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
