package io.reviewflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
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
    private static final ReviewContract CONTRACT = new ReviewContract(Clock.fixed(NOW, ZoneOffset.UTC));
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

    private static ReviewSubmission submission(String reviewId) {
        return new ReviewSubmission("submission-of-" + reviewId, reviewId, "writer", ReviewAction.SUBMIT, 1, null,
                ByteBuffer.wrap(new byte[] {'x'}), null, NOW.minusSeconds(5));
    }
}
