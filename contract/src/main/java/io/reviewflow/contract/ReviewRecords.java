package io.reviewflow.contract;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ImageCaption;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.Verdict;
import io.reviewflow.domain.Caption;
import io.reviewflow.domain.ComputedVerdict;
import io.reviewflow.domain.NormalisedScore;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.ScoreScale;
import io.reviewflow.domain.SourceFormat;
import io.reviewflow.runtime.SourcePosition;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Maps between the domain records the stages compute with and the Avro records on the topics.
 * The only place that knows both, so domain code never sees Avro and the contract never leaks in.
 */
public final class ReviewRecords {

    private ReviewRecords() {}

    public static ReviewContent toAvro(Review review) {
        return ReviewContent.newBuilder()
                .setFormat(DocumentFormat.valueOf(review.format().name()))
                .setTitle(review.title())
                .setPlatform(review.platform())
                .setCaptions(review.captions().stream()
                        .map(c -> new ImageCaption(c.work(), c.platform(), c.caption())).toList())
                .setHeadline(review.headline())
                .setWorthWatchingIf(review.worthWatchingIf())
                .setNotWorthWatchingIf(review.notWorthWatchingIf())
                .setPros(review.pros())
                .setCons(review.cons())
                .setRawScore(review.score().text())
                .setWriterLabel(review.score().writerLabel())
                .setScoreLine(review.score().line())
                .setSummary(review.summary())
                .setBody(review.body())
                .build();
    }

    public static Review toDomain(ReviewContent content) {
        return new Review(
                SourceFormat.valueOf(content.getFormat().name()),
                content.getTitle(),
                content.getPlatform(),
                content.getCaptions().stream()
                        .map(c -> new Caption(c.getWork(), c.getPlatform(), c.getCaption()))
                        .toList(),
                content.getHeadline(),
                List.copyOf(content.getWorthWatchingIf()),
                List.copyOf(content.getNotWorthWatchingIf()),
                List.copyOf(content.getPros()),
                List.copyOf(content.getCons()),
                new RawScore(content.getRawScore(), content.getWriterLabel(), content.getScoreLine()),
                content.getSummary(),
                List.copyOf(content.getBody()));
    }

    public static Score toAvro(NormalisedScore score) {
        return new Score(score.exact(), score.display(), score.scale().name(), score.raw());
    }

    public static NormalisedScore toDomain(Score score) {
        return new NormalisedScore(score.getExact(), score.getDisplay(), ScoreScale.valueOf(score.getScale()), score.getRaw());
    }

    public static Verdict toAvro(ComputedVerdict verdict) {
        return new Verdict(verdict.label(), verdict.scaleName(), verdict.writerLabel(), verdict.labelMismatch());
    }

    public static ComputedVerdict toDomain(Verdict verdict) {
        return new ComputedVerdict(verdict.getLabel(), verdict.getScaleName(), verdict.getWriterLabel(), verdict.getLabelMismatch());
    }

    /**
     * The submission as the events after ingest carry it: everything but its document, which stays on
     * {@code reviews.submitted} where ingest read it ({@link #positionOf}). A rejection reads it back from
     * there (docs/DECISIONS.md, Contract); nothing else after ingest needs it.
     */
    public static ReviewSubmission withoutDocument(ReviewSubmission submission) {
        return new ReviewSubmission(submission.getSubmissionId(), submission.getReviewId(), submission.getWriterId(),
                submission.getAction(), submission.getRevision(), submission.getFormat(), ByteBuffer.allocate(0),
                submission.getSource(), submission.getSubmittedAt());
    }

    /** Where ingest read a submission on {@code reviews.submitted}. */
    public static SubmissionPosition positionOf(SourcePosition source) {
        return new SubmissionPosition(source.partition(), source.offset());
    }
}
