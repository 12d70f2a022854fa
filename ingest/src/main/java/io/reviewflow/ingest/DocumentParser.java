package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;

/**
 * Turns a submitted document into a {@link Review} or a precise rejection. This is the whole of
 * ingest's domain logic, free of Kafka: the stage around it only moves bytes.
 *
 * <p>Pipeline: size limit (on bytes) → strict UTF-8 → normalisation (BOM, line ends, control
 * characters, NFC) → empty check → format (declared or detected) → format parser → field and list
 * limits. Every step returns an {@link Outcome}; {@link #parse} returns for any input and never
 * throws. Instances are immutable and safe to share between threads.
 */
public final class DocumentParser {

    private final DocumentDecoder decoder;
    private final HouseTextParser text = new HouseTextParser();
    private final MarkdownReviewParser markdown;
    private final JsonReviewParser json;
    private final ReviewLimitCheck limitCheck;

    public DocumentParser(IngestLimits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null; use IngestLimits.defaults()");
        }
        this.decoder = new DocumentDecoder(limits.maxDocumentBytes());
        this.markdown = new MarkdownReviewParser(limits);
        this.json = new JsonReviewParser(limits);
        this.limitCheck = new ReviewLimitCheck(limits);
    }

    /**
     * Parses one document.
     *
     * @param document       the submitted bytes; {@code null} is treated as an empty document
     * @param declaredFormat the format the submission declares, or {@code null} to detect it
     * @return the review, or the problem that stops it
     */
    public Outcome<Review> parse(byte[] document, SourceFormat declaredFormat) {
        if (document == null) {
            return Outcome.rejected(RejectionReason.EMPTY_DOCUMENT, "the submission carries no document");
        }
        return decoder.decode(document).then(normalised -> {
            if (Whitespace.isBlank(normalised)) {
                return Outcome.rejected(RejectionReason.EMPTY_DOCUMENT,
                        "the document is empty: write the review and resubmit");
            }
            SourceFormat format = declaredFormat != null ? declaredFormat : FormatDetector.detect(normalised);
            return parserFor(format).parse(normalised).then(limitCheck::toReview);
        });
    }

    private ReviewFormatParser parserFor(SourceFormat format) {
        return switch (format) {
            case TEXT -> text;
            case MARKDOWN -> markdown;
            case JSON -> json;
        };
    }
}
