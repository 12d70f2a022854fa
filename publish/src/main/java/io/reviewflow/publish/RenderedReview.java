package io.reviewflow.publish;

import java.util.Objects;

/**
 * The rendered forms of one review, each ready to be served as is.
 *
 * @param htmlPage     a complete HTML document, with the JSON-LD embedded
 * @param htmlFragment the same article as an {@code <article>} element, for embedding in another page
 * @param markdown     CommonMark text in which writer text can only ever be text
 * @param jsonLd       schema.org {@code Review} JSON-LD, in its script-safe form (still valid JSON)
 */
public record RenderedReview(String htmlPage, String htmlFragment, String markdown, String jsonLd) {
    public RenderedReview {
        Objects.requireNonNull(htmlPage, "htmlPage");
        Objects.requireNonNull(htmlFragment, "htmlFragment");
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(jsonLd, "jsonLd");
    }
}
