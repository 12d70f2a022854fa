package io.reviewflow.gateway;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Turns a writer's HTTP request into the submission envelope that {@code reviewflow submit} would send. */
final class GatewaySubmissions {

    /** Written into {@code source}: for people reading a rejection, where the document came from. */
    static final String SOURCE = "http-gateway";

    /** Media types (parameters such as {@code charset} aside) and the format each declares. */
    static final Map<String, DocumentFormat> FORMATS = Map.of(
            "text/plain", DocumentFormat.TEXT,
            "text/markdown", DocumentFormat.MARKDOWN,
            "application/json", DocumentFormat.JSON);

    private GatewaySubmissions() {}

    /**
     * The submission id of a request: a name-based UUID (SHA-256, RFC 9562 version 8) of the writer,
     * the review, the method and the {@code Idempotency-Key}. A retry gets the same id even after a
     * gateway restart, and ingest drops a repeated id as a duplicate; the key is scoped to the writer,
     * the review and the method, so one key reused elsewhere never silences another request.
     */
    static String submissionId(String writerId, String reviewId, String method, String idempotencyKey) {
        byte[] hash = WriterTokens.sha256(String.join("\u0000", "reviewflow-gateway", writerId, reviewId, method, idempotencyKey));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8: custom, name-based
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the RFC 9562 variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    /** The declared format of a {@code Content-Type}, or empty for one the pipeline does not read. */
    static Optional<DocumentFormat> formatOf(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(FORMATS.get(mediaType));
    }

    /** Revision 1 submits the review; a higher one revises it (ingest refuses one that is not newer). */
    static ReviewAction actionOf(int revision) {
        return revision > 1 ? ReviewAction.REVISE : ReviewAction.SUBMIT;
    }

    static ReviewSubmission of(String submissionId, String reviewId, String writerId, ReviewAction action, int revision,
                               DocumentFormat format, byte[] document, Instant now) {
        return ReviewSubmission.newBuilder()
                .setSubmissionId(submissionId)
                .setReviewId(reviewId)
                .setWriterId(writerId)
                .setAction(action)
                .setRevision(revision)
                .setFormat(format)
                .setDocument(ByteBuffer.wrap(document))
                .setSource(SOURCE)
                .setSubmittedAt(now)
                .build();
    }
}
