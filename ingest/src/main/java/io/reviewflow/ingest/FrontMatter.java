package io.reviewflow.ingest;

import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.ScoreText;

/**
 * What a Markdown document's front matter says about the review, each value with the document line
 * of its key; {@code null} where it says nothing. The score is already split from a label written
 * after it ({@code rating: 4/5 BINGE IT}).
 *
 * @param lastLine the line of the closing fence: the Markdown body starts after it (0: no front matter)
 */
record FrontMatter(
        int lastLine,
        Located<String> title,
        Located<String> platform,
        Located<String> score,
        Located<String> writerLabel,
        Located<String> summary) {

    static final FrontMatter NONE = new FrontMatter(0, null, null, null, null, null);

    private static final int MAX_QUOTED_CHARS = 60;

    /**
     * The rejection for a text field stated twice, differently (in the front matter and the body, or
     * under two keys); {@code null} when either is absent or both say the same to a writer: runs of
     * white space and line breaks do not count.
     */
    static Problem textConflict(String field, Located<String> first, Located<String> second) {
        if (first == null || second == null
                || Whitespace.collapse(first.value()).equals(Whitespace.collapse(second.value()))) {
            return null;
        }
        return conflict(field, first, second);
    }

    /** As {@link #textConflict}, for writers' labels, which are compared in any case ({@code Binge it}). */
    static Problem labelConflict(Located<String> first, Located<String> second) {
        if (first == null || second == null
                || ScoreText.foldLabel(first.value()).equals(ScoreText.foldLabel(second.value()))) {
            return null;
        }
        return conflict("the writer's label", first, second);
    }

    /**
     * Which of two statements the writer meant is a guess, and publishing a wrong title or score is
     * worse than asking for a resubmission. Reported at the first, the earlier in the document.
     */
    private static Problem conflict(String field, Located<String> one, Located<String> other) {
        boolean oneFirst = one.line() <= other.line();
        Located<String> first = oneFirst ? one : other;
        Located<String> second = oneFirst ? other : one;
        return Problem.atLine(RejectionReason.MALFORMED_DOCUMENT, first.line(),
                field + " '" + quote(first.value()) + "' disagrees with '" + quote(second.value()) + "' on line "
                        + second.line() + ": give it once, or the same in both places");
    }

    private static String quote(String value) {
        String collapsed = Whitespace.collapse(value);
        return collapsed.codePointCount(0, collapsed.length()) <= MAX_QUOTED_CHARS
                ? collapsed
                : collapsed.substring(0, collapsed.offsetByCodePoints(0, MAX_QUOTED_CHARS)) + "…";
    }
}
