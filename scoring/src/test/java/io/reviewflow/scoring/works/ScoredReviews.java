package io.reviewflow.scoring.works;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.Verdict;
import io.reviewflow.scoring.VerdictScale;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Records of {@code reviews.scored} as the scoring stage writes them, small: no document text. */
final class ScoredReviews {

    private static final VerdictScale HOUSE = VerdictScale.defaultScale();

    private ScoredReviews() {}

    /** A submitted or revised review with the given exact score. */
    static ScoredReview scored(String reviewId, int revision, String title, String platform, double exact) {
        int display = new BigDecimal(exact).setScale(0, RoundingMode.HALF_UP).intValueExact();
        ReviewContent content = ReviewContent.newBuilder()
                .setFormat(DocumentFormat.TEXT).setTitle(title).setPlatform(platform)
                .setRawScore(exact + "%")
                // Every list set, so that the builder copies no default: Avro would refuse to
                // instantiate ImageCaption before AvroCodec has declared our classes trusted.
                .setCaptions(List.of()).setWorthWatchingIf(List.of()).setNotWorthWatchingIf(List.of())
                .setPros(List.of()).setCons(List.of()).setBody(List.of())
                .build();
        return new ScoredReview(submission(reviewId, revision, revision == 1 ? ReviewAction.SUBMIT : ReviewAction.REVISE), null,
                content, new Score(exact, display, "PERCENT", exact + "%"),
                new Verdict(HOUSE.labelFor(display), HOUSE.name(), null, false), Instant.now());
    }

    /** A retraction as scoring passes it on: the submission only, no review, score or verdict. */
    static ScoredReview retraction(String reviewId, int revision) {
        return new ScoredReview(submission(reviewId, revision, ReviewAction.RETRACT), null, null, null, null, Instant.now());
    }

    private static ReviewSubmission submission(String reviewId, int revision, ReviewAction action) {
        return ReviewSubmission.newBuilder()
                .setSubmissionId(UUID.randomUUID().toString()).setReviewId(reviewId).setWriterId("works-it")
                .setAction(action).setRevision(revision).setFormat(DocumentFormat.TEXT)
                .setDocument(ByteBuffer.allocate(0)).setSubmittedAt(Instant.now()).build();
    }
}
