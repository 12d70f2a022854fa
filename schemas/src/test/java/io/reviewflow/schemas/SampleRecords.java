package io.reviewflow.schemas;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ImageCaption;
import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.Rendering;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.avro.Verdict;
import io.reviewflow.avro.WorkContribution;
import io.reviewflow.avro.WorkContributionChange;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.avro.WorkTally;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** One fully populated record of every topic type, with non-ASCII text to catch encoding slips. */
final class SampleRecords {
    static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");

    static ReviewSubmission submission() {
        return ReviewSubmission.newBuilder()
                .setSubmissionId("sub-1").setReviewId("rev-1").setWriterId("writer-ü")
                .setAction(ReviewAction.SUBMIT).setRevision(2).setFormat(DocumentFormat.TEXT)
                .setDocument(ByteBuffer.wrap("The Perfection, Netflix Original, Cello concert\nscore: 60% CHILLIN ★".getBytes(StandardCharsets.UTF_8)))
                .setSource("the-perfection.txt").setSubmittedAt(AT).build();
    }

    static ReviewContent content() {
        return ReviewContent.newBuilder()
                .setFormat(DocumentFormat.TEXT).setTitle("The Perfection").setPlatform("Netflix Original")
                .setCaptions(List.of(new ImageCaption("The Perfection", "Netflix Original", "Cello concert")))
                .setHeadline("Is ‘The Perfection’ worth watching?")
                .setWorthWatchingIf(List.of("You were a band geek.")).setNotWorthWatchingIf(List.of("Gore."))
                .setPros(List.of("Novel theme.")).setCons(List.of("Ridiculous <b>story</b>."))
                .setRawScore("60%").setWriterLabel("CHILLIN").setScoreLine(25)
                .setSummary("A prodigy reconnects.").setBody(List.of("One.", "Two — ½ ★ 日本"))
                .build();
    }

    static Score score() {
        return new Score(60.0, 60, "PERCENT", "60%");
    }

    static Verdict verdict() {
        return new Verdict("CHILLIN", "house", "CHILLIN", false);
    }

    /** As ingest writes it: the submission without its document, and where the document is. */
    static IngestedReview ingested() {
        return new IngestedReview(withoutDocument(submission()), new SubmissionPosition(2, 4711L), content(), AT);
    }

    static ScoredReview scored() {
        return new ScoredReview(withoutDocument(submission()), new SubmissionPosition(2, 4711L), content(), score(), verdict(), AT);
    }

    private static ReviewSubmission withoutDocument(ReviewSubmission submission) {
        return ReviewSubmission.newBuilder(submission).setDocument(java.nio.ByteBuffer.allocate(0)).build();
    }

    static PublishedReview published() {
        return PublishedReview.newBuilder()
                .setReviewId("rev-1").setSubmissionId("sub-1").setWriterId("writer-ü").setRevision(2)
                .setSlug("the-perfection-1a2b3c4d").setReview(content()).setScore(score()).setVerdict(verdict())
                .setRendering(new Rendering("<!doctype html>", "<article></article>", "# The Perfection", "{}"))
                .setSubmittedAt(AT).setPublishedAt(AT).build();
    }

    static ReviewRejection rejection() {
        return ReviewRejection.newBuilder()
                .setReason("MISSING_SCORE").setMessage("no score line found").setLine(null).setStage("ingest")
                .setSubmission(submission()).setRawValue(null)
                .setSourceTopic("reviews.submitted").setSourcePartition(0).setSourceOffset(42L)
                .setRejectedAt(AT).build();
    }

    static WorkScore workScore() {
        return WorkScore.newBuilder()
                .setWorkKey("the perfection|netflix original").setTitle("The Perfection").setPlatform("Netflix Original")
                .setMeanExact(62.5).setMeanDisplay(63).setReviewCount(2).setVerdict("CHILLIN").setScaleName("house")
                .setUpdatedAt(AT).build();
    }

    static WorkContribution workContribution() {
        return new WorkContribution("amélie|", "Amélie", null, 66.66666666666667);
    }

    static WorkTally workTally() {
        return new WorkTally("amélie|", "Amélie", null, 3, 212_500_000_000L);
    }

    static WorkContributionChange workContributionChange() {
        return new WorkContributionChange("amélie|", "rev-1", workContribution(),
                new WorkContribution("amélie|", "AMÉLIE", null, 75.0), AT);
    }

    private SampleRecords() {}
}
