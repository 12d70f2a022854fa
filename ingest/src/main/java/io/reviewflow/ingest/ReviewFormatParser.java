package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;

/** Reads one document format out of normalised text. Implementations never throw. */
sealed interface ReviewFormatParser permits HouseTextParser, MarkdownReviewParser, JsonReviewParser {

    Outcome<ReviewDraft> parse(String normalisedText);
}
