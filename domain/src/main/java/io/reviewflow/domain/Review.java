package io.reviewflow.domain;

import java.util.List;
import java.util.Objects;

/**
 * A structured review: everything ingest reads out of a writer's document. Immutable; lists
 * are copied. Optional fields are {@code null} when the document did not carry them.
 *
 * @param format             the format the document was written in
 * @param title              the work's title (never blank)
 * @param platform           where the work is shown, or {@code null}
 * @param captions           image caption lines in document order (the first names the work)
 * @param headline           the headline question, e.g. {@code Is ‘The Perfection’ worth watching?}, or {@code null}
 * @param worthWatchingIf    the "worth watching if" points
 * @param notWorthWatchingIf the "not worth watching if" points
 * @param pros               the pros
 * @param cons               the cons
 * @param score              the score as written
 * @param summary            the one-sentence story summary, or {@code null}
 * @param body               the body paragraphs, in order
 */
public record Review(
        SourceFormat format,
        String title,
        String platform,
        List<Caption> captions,
        String headline,
        List<String> worthWatchingIf,
        List<String> notWorthWatchingIf,
        List<String> pros,
        List<String> cons,
        RawScore score,
        String summary,
        List<String> body) {

    public Review {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(score, "score");
        captions = List.copyOf(captions);
        worthWatchingIf = List.copyOf(worthWatchingIf);
        notWorthWatchingIf = List.copyOf(notWorthWatchingIf);
        pros = List.copyOf(pros);
        cons = List.copyOf(cons);
        body = List.copyOf(body);
    }
}
