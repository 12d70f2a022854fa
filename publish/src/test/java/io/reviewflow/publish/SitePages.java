package io.reviewflow.publish;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.publish.service.PublishStage;
import io.reviewflow.schemas.UndecodableRecordException;

/**
 * What a site serves for a review: the event publish writes for it, through the wire format and back,
 * assembled into a page by {@link ReviewPage}. Tests of the page test this, not a page of their own making.
 */
final class SitePages {

    private static final ReviewRenderer RENDERER = new ReviewRenderer();
    private static final ReviewPage PAGE = new ReviewPage();

    private SitePages() {}

    static String pageOf(AssessedReview review, PublicationInfo info) {
        return PAGE.of(eventOf(review, info));
    }

    /** The published event as a site decodes it from {@code reviews.published}. */
    static PublishedReview eventOf(AssessedReview review, PublicationInfo info) {
        PublishedReview event = PublishStage.event(info, "submission-of-" + info.reviewId(), info.publishedAt(),
                ReviewRecords.toAvro(review.review()), ReviewRecords.toAvro(review.score()),
                ReviewRecords.toAvro(review.verdict()), RENDERER.render(review, info));
        try {
            return Topics.PUBLISHED.codec().decode(Topics.PUBLISHED.codec().encode(event));
        } catch (UndecodableRecordException e) {
            throw new AssertionError("publish wrote an event it cannot read back", e);
        }
    }
}
