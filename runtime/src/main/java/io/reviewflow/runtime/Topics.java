package io.reviewflow.runtime;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.schemas.AvroCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of the pipeline's topics with their value types. Every topic is keyed by review
 * id (UTF-8), so all versions of one review stay in order on one partition.
 */
public final class Topics {

    public static final TopicSpec<ReviewSubmission> SUBMITTED =
            new TopicSpec<>("reviews.submitted", AvroCodec.of(ReviewSubmission.class), Map.of());
    public static final TopicSpec<IngestedReview> INGESTED =
            new TopicSpec<>("reviews.ingested", AvroCodec.of(IngestedReview.class), Map.of());
    public static final TopicSpec<ScoredReview> SCORED =
            new TopicSpec<>("reviews.scored", AvroCodec.of(ScoredReview.class), Map.of());
    /** Compacted: a site rebuilds its whole state from it; a retraction is a tombstone. */
    public static final TopicSpec<PublishedReview> PUBLISHED =
            new TopicSpec<>("reviews.published", AvroCodec.of(PublishedReview.class), Map.of(
                    "cleanup.policy", "compact",
                    // Keep tombstones a day so a site that was offline still sees the retraction.
                    "delete.retention.ms", Long.toString(24L * 60 * 60 * 1000)));
    public static final TopicSpec<ReviewRejection> REJECTED =
            new TopicSpec<>("reviews.rejected", AvroCodec.of(ReviewRejection.class), Map.of());

    public static final List<TopicSpec<?>> ALL = List.of(SUBMITTED, INGESTED, SCORED, PUBLISHED, REJECTED);

    private Topics() {}

    public static Optional<TopicSpec<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
