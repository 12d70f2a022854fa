package io.reviewflow.publish.service;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.Rendering;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Review;
import io.reviewflow.publish.PublicationInfo;
import io.reviewflow.publish.RenderedReview;
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
    public ReviewSubmission submissionOf(ScoredReview input) {
        return input.getSubmission();
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
        out.send(Topics.PUBLISHED, submission.getReviewId(), PublishedReview.newBuilder()
                .setReviewId(submission.getReviewId())
                .setSubmissionId(submission.getSubmissionId())
                .setWriterId(submission.getWriterId())
                .setRevision(submission.getRevision())
                .setSlug(slug)
                .setReview(scored.getReview())
                .setScore(scored.getScore())
                .setVerdict(scored.getVerdict())
                .setRendering(new Rendering(rendering.htmlPage(), rendering.htmlFragment(),
                        rendering.markdown(), rendering.jsonLd()))
                .setSubmittedAt(submission.getSubmittedAt())
                .setPublishedAt(now)
                .build());
    }
}
