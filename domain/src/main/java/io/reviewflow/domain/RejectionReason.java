package io.reviewflow.domain;

/**
 * Why a submission could not become a published review. The codes are part of the public
 * contract (they travel on {@code reviews.rejected}): add new ones, never rename.
 */
public enum RejectionReason {
    /** The document has no content after whitespace, BOM and control characters are removed. */
    EMPTY_DOCUMENT,
    /** The document is larger than the configured limit (256 KiB by default). */
    DOCUMENT_TOO_LARGE,
    /** The document bytes are not valid UTF-8. */
    NOT_UTF8,
    /**
     * The document is not of the format it claims, or its format cannot be read (e.g. malformed JSON or
     * front matter), or it is ambiguous (a field stated twice, differently).
     */
    MALFORMED_DOCUMENT,
    /** No title could be found. */
    MISSING_TITLE,
    /** No score line could be found. */
    MISSING_SCORE,
    /** A score line was found but its value cannot be read. */
    SCORE_UNREADABLE,
    /** The score is negative or above its maximum. */
    SCORE_OUT_OF_RANGE,
    /** A field is longer than the configured limit. */
    FIELD_TOO_LONG,
    /** A list (points, pros, cons, paragraphs) has more items than the configured limit. */
    TOO_MANY_ITEMS,
    /** A revision that is not newer than the one already accepted for this review. */
    STALE_REVISION,
    /** A retraction of a review that has no accepted revision. */
    NOTHING_TO_RETRACT,
    /** The Kafka record could not be decoded as the topic's schema (random bytes, wrong schema, null value). */
    UNDECODABLE_RECORD,
    /** The submission envelope is inconsistent (e.g. missing ids). */
    INVALID_SUBMISSION,
    /** A stage failed unexpectedly on this record; the message names the stage and cause. */
    PROCESSING_FAILED
}
