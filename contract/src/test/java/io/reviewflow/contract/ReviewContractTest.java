package io.reviewflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.runtime.DeadLetter;
import io.reviewflow.runtime.SourcePosition;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every failure the loop reports becomes a rejection the writer can act on, on reviews.rejected, keyed by review. */
class ReviewContractTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final ReviewContract CONTRACT = new ReviewContract(Clock.fixed(NOW, ZoneOffset.UTC),
            SubmissionArchive.none());
    private static final SourcePosition SOURCE = new SourcePosition("reviews.ingested", 2, 41, "key-on-the-wire");

    /** Seen to fail keyed by the input record's key instead of the submission's review id. */
    @Test
    void aFailedRecordIsRejectedUnderItsReviewIdWithTheSubmissionItCarried() {
        ReviewSubmission submission = submission("review-7");

        DeadLetter<?> letter = CONTRACT.deadLetter("scoring", Problem.of(RejectionReason.PROCESSING_FAILED, "scoring failed"),
                submission, null, SOURCE);

        assertEquals(Topics.REJECTED, letter.topic());
        assertEquals("review-7", letter.key());
        assertEquals("PROCESSING_FAILED", letter.reason());
        ReviewRejection rejection = (ReviewRejection) letter.value();
        assertEquals(submission, rejection.getSubmission());
        assertEquals("scoring", rejection.getStage());
        assertEquals("scoring failed", rejection.getMessage());
        assertEquals("reviews.ingested", rejection.getSourceTopic());
        assertEquals(2, rejection.getSourcePartition());
        assertEquals(41L, rejection.getSourceOffset());
        assertEquals(NOW, rejection.getRejectedAt());
        assertNull(rejection.getRawValue());
    }

    @Test
    void bytesThatDidNotDecodeAreHandedBackUnderTheirOwnKey() {
        byte[] raw = {1, 2, 3};

        DeadLetter<?> letter = CONTRACT.deadLetter("ingest", Problem.of(RejectionReason.UNDECODABLE_RECORD, "bad header"),
                null, raw, SOURCE);

        assertEquals("key-on-the-wire", letter.key());
        ReviewRejection rejection = (ReviewRejection) letter.value();
        assertEquals(ByteBuffer.wrap(raw), rejection.getRawValue());
        assertNull(rejection.getSubmission());
        assertEquals("UNDECODABLE_RECORD", rejection.getReason());
    }

    @Test
    void logLinesNameTheReviewAndOnceDecodedTheSubmission() {
        assertEquals(Map.of("reviewId", "review-7"), CONTRACT.logContext("review-7", null));
        ReviewSubmission submission = submission("review-7");
        assertEquals(Map.of("reviewId", "review-7", "submissionId", submission.getSubmissionId()),
                CONTRACT.logContext("review-7", submission));
        assertEquals(submission.getSubmittedAt(), ReviewContract.submittedAt(submission));
    }

    /** Seen to fail when the contract handed back the submission as the event carried it, without its document. */
    @Test
    void aRejectionAfterIngestHandsBackTheWholeSubmissionReadBackFromWhereIngestReadIt() {
        ReviewSubmission whole = submission("review-8");
        SubmissionPosition position = new SubmissionPosition(1, 77L);
        ReviewContract contract = new ReviewContract(Clock.fixed(NOW, ZoneOffset.UTC),
                at -> at.equals(position) ? whole : submission("someone-else"));
        ScoredReview lean = new ScoredReview(ReviewRecords.withoutDocument(whole), position, null, null, null, NOW);

        ReviewRejection rejection = (ReviewRejection) contract.deadLetter("publish",
                Problem.of(RejectionReason.PROCESSING_FAILED, "publish failed"), lean, null, SOURCE).value();

        assertEquals(whole, rejection.getSubmission());
        assertEquals("publish failed", rejection.getMessage());
    }

    @Test
    void aSubmissionThatCannotBeReadBackIsRejectedAsCarriedWithTheReasonInTheMessage() {
        ReviewSubmission whole = submission("review-9");
        IngestedReview lean = new IngestedReview(ReviewRecords.withoutDocument(whole), new SubmissionPosition(0, 5L), null, NOW);
        ReviewContract contract = new ReviewContract(Clock.fixed(NOW, ZoneOffset.UTC), at -> {
            throw new SubmissionArchive.SubmissionUnavailableException("reviews.submitted-0 no longer holds offset 5 (retention)");
        });

        DeadLetter<?> letter = contract.deadLetter("scoring", Problem.of(RejectionReason.SCORE_OUT_OF_RANGE, "score '12/10' is above"),
                lean, null, SOURCE);

        ReviewRejection rejection = (ReviewRejection) letter.value();
        assertEquals("review-9", letter.key());
        assertEquals("SCORE_OUT_OF_RANGE", rejection.getReason());
        assertEquals(lean.getSubmission(), rejection.getSubmission());
        assertEquals("score '12/10' is above (the document itself could not be read back: "
                + "reviews.submitted-0 no longer holds offset 5 (retention))", rejection.getMessage());
    }

    /** Seen to fail when the archive's answer was taken without comparing ids. */
    @Test
    void anotherSubmissionAtThePositionIsNotHandedBack() {
        ReviewSubmission whole = submission("review-10");
        IngestedReview lean = new IngestedReview(ReviewRecords.withoutDocument(whole), new SubmissionPosition(0, 5L), null, NOW);
        ReviewContract contract = new ReviewContract(Clock.fixed(NOW, ZoneOffset.UTC), at -> submission("review-11"));

        ReviewRejection rejection = (ReviewRejection) contract.deadLetter("scoring",
                Problem.of(RejectionReason.PROCESSING_FAILED, "scoring failed"), lean, null, SOURCE).value();

        assertEquals(lean.getSubmission(), rejection.getSubmission());
        assertTrue(rejection.getMessage().contains("holds submission submission-of-review-11, not submission-of-review-10"),
                rejection.getMessage());
    }

    @Test
    void eventsAfterIngestCarryEverythingButTheDocument() {
        ReviewSubmission whole = submission("review-12");
        ReviewSubmission lean = ReviewRecords.withoutDocument(whole);
        assertEquals(0, lean.getDocument().remaining());
        assertEquals(ReviewSubmission.newBuilder(whole).setDocument(ByteBuffer.allocate(0)).build(), lean);
        assertEquals(Map.of("reviewId", "review-12", "submissionId", whole.getSubmissionId()),
                CONTRACT.logContext("review-12", new IngestedReview(lean, new SubmissionPosition(0, 1L), null, NOW)));
    }

    private static ReviewSubmission submission(String reviewId) {
        return new ReviewSubmission("submission-of-" + reviewId, reviewId, "writer", ReviewAction.SUBMIT, 1, null,
                ByteBuffer.wrap(new byte[] {'x'}), null, NOW.minusSeconds(5));
    }
}
