package io.reviewflow.ingest;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.SourceFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a format parser read, with the line each value came from, before the limits are checked.
 * Title and score are present: a parser that finds none rejects the document itself, because
 * only it knows how to tell the writer what to add.
 */
record ReviewDraft(
        SourceFormat format,
        Located<String> title,
        Located<String> platform,
        List<Located<Caption>> captions,
        Located<String> headline,
        List<Located<String>> worthWatchingIf,
        List<Located<String>> notWorthWatchingIf,
        List<Located<String>> pros,
        List<Located<String>> cons,
        RawScore score,
        Located<String> summary,
        List<Located<String>> body) {

    ReviewDraft {
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

    List<Located<String>> list(ListSection section) {
        return switch (section) {
            case WORTH_WATCHING_IF -> worthWatchingIf;
            case NOT_WORTH_WATCHING_IF -> notWorthWatchingIf;
            case PROS -> pros;
            case CONS -> cons;
        };
    }
}
