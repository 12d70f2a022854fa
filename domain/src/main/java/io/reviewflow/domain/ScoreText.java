package io.reviewflow.domain;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the value of a score line ({@code 60% CHILLIN}, {@code ★★½ MEH}, {@code 4/5 stars BINGE IT})
 * into the score as written and the writer's own label.
 *
 * <p>This is lexical only: it finds where a score notation ends, not what it is worth. Reading
 * the value, and refusing unreadable or out-of-range scores, is scoring's job; a value whose start
 * matches no notation is kept whole as the score text so that scoring can reject it with the
 * writer's own words in the message.
 */
public final class ScoreText {

    /** The score as written and the label after it ({@code null} when there is none). */
    public record Split(String score, String label) {}

    private static final String NUMBER = "\\d+(?:[.,]\\d+)?";
    /** Writers type any of these as a minus sign; scoring reads them all. */
    private static final String MINUS = "[-−–]?";
    private static final String SLASH = "[/⁄∕]";
    private static final Pattern LEADING_SCORE = Pattern.compile(
            "^(?:"
                    + "thumbs\\s+(?:up|down)"                                            // thumbs up
                    + "|" + MINUS + NUMBER + "\\s*(?:" + SLASH + "|out\\s+of)\\s*" + MINUS + NUMBER + "(?:\\s*stars?)?" // 7.5/10, 4 out of 5 stars
                    + "|" + MINUS + NUMBER + "\\s*%"                                      // 60%, 60 %
                    + "|" + MINUS + NUMBER + "\\s*stars?"                                 // 3.5 stars
                    + "|" + "[★☆½]+"                                                     // ★★★½, ★★★☆☆
                    + "|" + "[A-Fa-f][+\\-−–]?(?=\\s|$)"                                  // B+, A−
                    + "|" + MINUS + NUMBER + "(?=\\s|$)"                                  // a bare number (scoring decides)
                    + ")",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private ScoreText() {}

    /**
     * Splits a score line's value. Surrounding white space is ignored; an empty label becomes {@code null}.
     */
    public static Split split(String value) {
        String trimmed = value.strip();
        Matcher m = LEADING_SCORE.matcher(trimmed);
        if (!m.find()) {
            return new Split(trimmed, null);
        }
        String score = trimmed.substring(0, m.end()).strip();
        String label = trimmed.substring(m.end()).strip();
        return new Split(score, label.isEmpty() ? null : label);
    }

    /** A case-folded form for comparing labels written in any case. */
    public static String foldLabel(String label) {
        return label == null ? null : label.strip().toUpperCase(Locale.ROOT);
    }
}
