package io.reviewflow.ingest;

/**
 * Bounds on what ingest accepts from one document. Every bound is checked before or while the
 * document is read, so a hostile or careless submission costs bounded work and gets a precise
 * rejection instead of a truncated review.
 *
 * <p>Lengths are counted in Unicode code points (what a writer sees as characters), after
 * normalisation.
 *
 * @param maxDocumentBytes  largest document accepted, in bytes before decoding
 * @param maxTitleChars     longest title or platform name
 * @param maxItemChars      longest bullet point, caption line, headline, summary or score
 * @param maxParagraphChars longest body paragraph
 * @param maxListItems      most entries in one list (each points list, pros, cons, captions)
 * @param maxParagraphs     most body paragraphs
 */
public record IngestLimits(
        int maxDocumentBytes,
        int maxTitleChars,
        int maxItemChars,
        int maxParagraphChars,
        int maxListItems,
        int maxParagraphs) {

    /** 256 KiB, the limit DESIGN.md states. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024;

    public IngestLimits {
        requirePositive("maxDocumentBytes", maxDocumentBytes);
        requirePositive("maxTitleChars", maxTitleChars);
        requirePositive("maxItemChars", maxItemChars);
        requirePositive("maxParagraphChars", maxParagraphChars);
        requirePositive("maxListItems", maxListItems);
        requirePositive("maxParagraphs", maxParagraphs);
    }

    public static IngestLimits defaults() {
        return new IngestLimits(DEFAULT_MAX_DOCUMENT_BYTES, 300, 2_000, 20_000, 50, 500);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
