package io.reviewflow.domain;

import java.util.Objects;

/**
 * The score exactly as the writer gave it, before scoring reads it.
 *
 * @param text        the score text, e.g. {@code 60%}, {@code 7,5/10}, {@code ★★★½}, {@code B+}
 * @param writerLabel the writer's own verdict label after the score ({@code CHILLIN}), or {@code null}
 * @param line        1-based line of the score in the document, or {@code null} where lines do not apply (JSON)
 */
public record RawScore(String text, String writerLabel, Integer line) {
    public RawScore {
        Objects.requireNonNull(text, "text");
    }
}
