package io.reviewflow.cli;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Builds submission envelopes from documents the way the command line and the demo name them. */
final class Submissions {

    private Submissions() {}

    /**
     * A submission of a document. The review id defaults to the writer and the file's name, so
     * submitting the same file again addresses the same review. {@code fileName} is null for a retraction.
     */
    static ReviewSubmission of(String writer, String reviewId, String fileName, byte[] document,
                               ReviewAction action, int revision, Instant now) {
        return ReviewSubmission.newBuilder()
                .setSubmissionId(UUID.randomUUID().toString())
                .setReviewId(reviewId != null ? reviewId : defaultReviewId(writer, fileName))
                .setWriterId(writer)
                .setAction(action)
                .setRevision(revision)
                .setFormat(fileName == null ? null : formatOf(fileName))
                .setDocument(ByteBuffer.wrap(document))
                .setSource(fileName)
                .setSubmittedAt(now)
                .build();
    }

    static String defaultReviewId(String writer, String fileName) {
        String stem = Path.of(fileName).getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String id = (writer + "-" + stem).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return id.length() > 120 ? id.substring(0, 120) : id;
    }

    /** The declared format from the file extension; null lets ingest detect it. */
    static DocumentFormat formatOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) {
            return DocumentFormat.MARKDOWN;
        }
        if (name.endsWith(".json")) {
            return DocumentFormat.JSON;
        }
        if (name.endsWith(".txt")) {
            return DocumentFormat.TEXT;
        }
        return null;
    }
}
