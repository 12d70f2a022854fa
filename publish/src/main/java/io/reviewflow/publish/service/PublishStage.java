package io.reviewflow.publish.service;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.Rendering;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.Verdict;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Review;
import io.reviewflow.publish.PublicationInfo;
import io.reviewflow.publish.RenderedReview;
import io.reviewflow.publish.ReviewPage;
import io.reviewflow.publish.ReviewRenderer;
import io.reviewflow.publish.Slugs;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;
import java.time.Clock;
import java.time.Instant;

/** The publish stage at the Kafka edge: scored review in, rendered published event (or tombstone) out. */
public final class PublishStage implements Stage<ScoredReview> {

    /** What {@code rendering.htmlPage} holds in every event this stage writes. */
    public static final String NO_PAGE = "";

    private final ReviewRenderer renderer;
    private final Clock clock;

    public PublishStage(ReviewRenderer renderer, Clock clock) {
        this.renderer = renderer;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public TopicSpec<ScoredReview> input() {
        return Topics.SCORED;
    }

    @Override
    public ScoredReview originalOf(ScoredReview input) {
        return input; // it carries the submission and where its document is
    }

    @Override
    public void process(ScoredReview scored, SourcePosition source, Emitter out) {
        ReviewSubmission submission = scored.getSubmission();
        if (scored.getReview() == null) {
            out.send(Topics.PUBLISHED, submission.getReviewId(), null);
            return;
        }
        Review review = ReviewRecords.toDomain(scored.getReview());
        Instant now = clock.instant();
        String slug = Slugs.slugFor(review.title(), submission.getReviewId());
        PublicationInfo info = new PublicationInfo(submission.getReviewId(), submission.getWriterId(),
                submission.getRevision(), slug, now);
        RenderedReview rendering = renderer.render(new AssessedReview(review,
                ReviewRecords.toDomain(scored.getScore()), ReviewRecords.toDomain(scored.getVerdict())), info);
        out.send(Topics.PUBLISHED, submission.getReviewId(), event(info, submission.getSubmissionId(),
                submission.getSubmittedAt(), scored.getReview(), scored.getScore(), scored.getVerdict(), rendering));
    }

    /**
     * The published event of a rendered review. Its {@code htmlPage} is empty: a site assembles the page
     * from the event with {@link ReviewPage}, and the field is written only because readers of
     * {@code PublishedReview} v1 require it (docs/DECISIONS.md, Contract).
     */
    public static PublishedReview event(PublicationInfo info, String submissionId, Instant submittedAt,
            ReviewContent review, Score score, Verdict verdict, RenderedReview rendering) {
        return PublishedReview.newBuilder()
                .setReviewId(info.reviewId())
                .setSubmissionId(submissionId)
                .setWriterId(info.writerId())
                .setRevision(info.revision())
                .setSlug(info.slug())
                .setReview(review)
                .setScore(score)
                .setVerdict(verdict)
                .setRendering(new Rendering(NO_PAGE, rendering.htmlFragment(), rendering.markdown(), rendering.jsonLd()))
                .setSubmittedAt(submittedAt)
                .setPublishedAt(info.publishedAt())
                .build();
    }
}
