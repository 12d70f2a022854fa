package io.reviewflow.publish;

import java.util.Objects;

/**
 * The rendered forms of one review that its published event carries, each ready to be served as is
 * (the page around them is {@link ReviewPage}'s).
 *
 * @param htmlFragment the same article as an {@code <article>} element, for embedding in another page
 * @param markdown     CommonMark text in which writer text can only ever be text
 * @param jsonLd       schema.org {@code Review} JSON-LD, in its script-safe form (still valid JSON)
 */
public record RenderedReview(String htmlFragment, String markdown, String jsonLd) {
    public RenderedReview {
        Objects.requireNonNull(htmlFragment, "htmlFragment");
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(jsonLd, "jsonLd");
    }
}
