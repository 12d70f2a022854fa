package io.reviewflow.ingest;

import io.reviewflow.domain.Caption;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the single-line constructs shared by the house text format and Markdown: bullets,
 * score and summary lines, the headline question, list labels and caption lines. Each method
 * looks at one line (already stripped of Markdown emphasis where that applies) and does a bounded
 * left-to-right scan: no regular expressions, so no backtracking on untrusted text.
 */
final class LineSyntax {

    /** The keys of a score line, matched in any case. */
    private static final String[] SCORE_KEYS = {"score", "rating", "grade", "verdict"};

    /** The keys of a summary line, longest first so that the most specific one wins. */
    private static final String[] SUMMARY_KEYS = {
        "one sentence story summary", "one-sentence story summary", "one sentence summary",
        "one-sentence summary", "in one sentence", "story summary", "summary"
    };

    private static final String[] NEGATIONS = {" is not", " isn't", " isn’t"};

    private static final String WORTH_WATCHING = "worth watching";
    private static final int MAX_CAPTION_PART_CHARS = 120;

    private LineSyntax() {}

    /** A list label line: which list follows, and the work it names (or {@code null}). */
    record ListLabel(ListSection section, String subject) {}

    /**
     * The text of a bullet item ({@code •}, {@code -}, {@code *} or {@code –}, any indent, then
     * white space), or {@code null} when the line is not a bullet. An empty bullet yields "".
     */
    static String bulletItem(String rawLine) {
        int i = Whitespace.skip(rawLine, 0);
        if (i >= rawLine.length() || !isBulletMarker(rawLine.charAt(i))) {
            return null;
        }
        int afterMarker = i + 1;
        if (afterMarker < rawLine.length() && !Whitespace.isBlank(rawLine.charAt(afterMarker))) {
            return null;
        }
        return Whitespace.trim(rawLine.substring(afterMarker));
    }

    private static boolean isBulletMarker(char c) {
        return c == '•' || c == '-' || c == '*' || c == '–';
    }

    /**
     * The value of a score line ({@code score: 60% CHILLIN}, key {@code score}, {@code rating},
     * {@code grade} or {@code verdict} in any case), blanks collapsed to single spaces; "" when the
     * line has no value; {@code null} when the line is not a score line.
     */
    static String scoreValue(String line) {
        return valueAfterKey(line, SCORE_KEYS);
    }

    /**
     * The value of a summary line ({@code One sentence story summary: …}), trimmed, or {@code null}.
     * Unlike a score, the summary is the writer's prose: its inner white space (a no-break space
     * in {@code 10 000}, before {@code :} in French) is kept, as in the summary's continuation
     * lines, the body and a JSON {@code "summary"}.
     */
    static String summaryValue(String line) {
        int start = valueStart(line, SUMMARY_KEYS);
        return start < 0 ? null : Whitespace.trim(line.substring(start));
    }

    /**
     * Whether a heading is a bare summary key ({@code ## In one sentence}, {@code ## Summary:}),
     * the summary then being the paragraph under it.
     */
    static boolean isSummaryHeading(String headingText) {
        String t = Whitespace.trim(headingText);
        if (!t.isEmpty() && t.charAt(t.length() - 1) == ':') {
            t = Whitespace.trim(t.substring(0, t.length() - 1));
        }
        for (String key : SUMMARY_KEYS) {
            if (t.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the line is a score line, without building its value. */
    static boolean isScoreLine(String line) {
        return valueStart(line, SCORE_KEYS) >= 0;
    }

    /** Whether the line is a summary line, without building its value. */
    static boolean isSummaryLine(String line) {
        return valueStart(line, SUMMARY_KEYS) >= 0;
    }

    private static String valueAfterKey(String line, String[] keys) {
        int start = valueStart(line, keys);
        return start < 0 ? null : Whitespace.collapse(line.substring(start));
    }

    /** Index just after the colon of {@code key:} at the start of the line, or -1. */
    private static int valueStart(String line, String[] keys) {
        int start = Whitespace.skip(line, 0);
        if (start >= line.length()) {
            return -1;
        }
        // Every line of a document passes through here: reject on the first letter before comparing keys.
        char first = Character.toLowerCase(line.charAt(start));
        for (String key : keys) {
            if (key.charAt(0) == first && line.regionMatches(true, start, key, 0, key.length())) {
                int colon = Whitespace.skip(line, start + key.length());
                if (colon < line.length() && line.charAt(colon) == ':') {
                    return colon + 1;
                }
            }
        }
        return -1;
    }

    /**
     * The work named by a headline question {@code Is ‘Title’ worth watching?} (straight, curly or
     * no quotes), or {@code null} when the line is not one. "" when the question names nothing.
     */
    static String headlineSubject(String line) {
        String t = Whitespace.trim(line);
        String suffix = WORTH_WATCHING + "?";
        if (t.length() < 3 + suffix.length() || !t.regionMatches(true, 0, "is", 0, 2)
                || !Whitespace.isBlank(t.charAt(2))
                || !t.regionMatches(true, t.length() - suffix.length(), suffix, 0, suffix.length())) {
            return null;
        }
        return unquote(Whitespace.trim(t.substring(3, t.length() - suffix.length())));
    }

    /**
     * A list label: {@code Title is worth watching if:}, {@code Title is not worth watching if:},
     * {@code Pros:} or {@code Cons:} (any case, colon optional), or {@code null}.
     */
    static ListLabel listLabel(String line) {
        String t = Whitespace.trim(line);
        if (!t.isEmpty() && t.charAt(t.length() - 1) == ':') {
            t = Whitespace.trim(t.substring(0, t.length() - 1));
        }
        if (t.equalsIgnoreCase("pros") || t.equalsIgnoreCase("pro")) {
            return new ListLabel(ListSection.PROS, null);
        }
        if (t.equalsIgnoreCase("cons") || t.equalsIgnoreCase("con")) {
            return new ListLabel(ListSection.CONS, null);
        }
        String suffix = WORTH_WATCHING + " if";
        if (!endsWithIgnoreCase(t, suffix)) {
            return null;
        }
        String head = Whitespace.trim(t.substring(0, t.length() - suffix.length()));
        if (head.isEmpty()) {
            return new ListLabel(ListSection.WORTH_WATCHING_IF, null);
        }
        if (head.equalsIgnoreCase("not")) {
            return new ListLabel(ListSection.NOT_WORTH_WATCHING_IF, null);
        }
        for (String negation : NEGATIONS) {
            if (endsWithIgnoreCase(head, negation)) {
                return new ListLabel(ListSection.NOT_WORTH_WATCHING_IF,
                        subject(head.substring(0, head.length() - negation.length())));
            }
        }
        if (endsWithIgnoreCase(head, " is")) {
            return new ListLabel(ListSection.WORTH_WATCHING_IF, subject(head.substring(0, head.length() - 3)));
        }
        return null;
    }

    /**
     * A line shaped like a caption: 2–3 comma-separated short parts, no terminal punctuation. The
     * first part is the work. Used for the first line of a document, before the title is known.
     */
    static Caption captionShape(String line) {
        String t = Whitespace.trim(line);
        if (t.isEmpty() || endsInSentencePunctuation(t)) {
            return null;
        }
        List<String> parts = splitParts(t, 4);
        if (parts.size() < 2 || parts.size() > 3) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty() || isTooLongForCaption(part)) {
                return null;
            }
        }
        return new Caption(parts.get(0), parts.get(1), parts.size() == 3 ? parts.get(2) : null);
    }

    /**
     * A caption line of the known work: the title (any case) followed by a comma and one or two
     * short parts, no terminal punctuation. Matching on the title rather than on comma count lets
     * a title that itself contains a comma be captioned.
     */
    static Caption captionOfWork(String line, String title) {
        String t = Whitespace.trim(line);
        if (title == null || title.isEmpty() || t.length() <= title.length()
                || !t.regionMatches(true, 0, title, 0, title.length())
                || endsInSentencePunctuation(t)) {
            return null;
        }
        int comma = Whitespace.skip(t, title.length());
        if (comma >= t.length() || t.charAt(comma) != ',') {
            return null;
        }
        List<String> parts = splitParts(t.substring(comma + 1), 3);
        if (parts.isEmpty() || parts.size() > 2) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty() || isTooLongForCaption(part)) {
                return null;
            }
        }
        return new Caption(t.substring(0, title.length()), parts.get(0), parts.size() == 2 ? parts.get(1) : null);
    }

    /**
     * Splits on commas into trimmed parts, stopping once {@code maxParts} have been seen (the
     * caller only needs to know "too many").
     */
    static List<String> splitParts(String s, int maxParts) {
        List<String> parts = new ArrayList<>(4);
        int from = 0;
        while (parts.size() < maxParts) {
            int comma = s.indexOf(',', from);
            if (comma < 0) {
                parts.add(Whitespace.trim(s.substring(from)));
                break;
            }
            parts.add(Whitespace.trim(s.substring(from, comma)));
            from = comma + 1;
        }
        return parts;
    }

    /**
     * Counted in characters as the limits count them (IngestLimits), code points, so that an emoji
     * is one character, not two UTF-16 units. A part no longer than the limit in units is short
     * enough without counting.
     */
    private static boolean isTooLongForCaption(String part) {
        return part.length() > MAX_CAPTION_PART_CHARS
                && part.codePointCount(0, part.length()) > MAX_CAPTION_PART_CHARS;
    }

    private static boolean endsInSentencePunctuation(String t) {
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == '…';
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() >= suffix.length()
                && s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    private static String subject(String s) {
        String u = unquote(Whitespace.trim(s));
        return u.isEmpty() ? null : u;
    }

    /** Drops one pair of surrounding quotes of any common style. */
    static String unquote(String s) {
        if (s.length() >= 2 && isQuote(s.charAt(0)) && isQuote(s.charAt(s.length() - 1))) {
            return Whitespace.trim(s.substring(1, s.length() - 1));
        }
        return s;
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"' || c == '‘' || c == '’' || c == '“' || c == '”'
                || c == '«' || c == '»' || c == '‚' || c == '„' || c == '`';
    }
}
