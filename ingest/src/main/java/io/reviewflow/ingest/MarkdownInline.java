package io.reviewflow.ingest;

/**
 * Strips inline Markdown emphasis and code markers so stored fields are plain text:
 * {@code *x*}, {@code **x**}, {@code _x_}, {@code __x__} and {@code `x`} become {@code x}, and a
 * backslash escape ({@code \*}) yields the literal character. Everything else (HTML, links,
 * entities) is kept verbatim: publish escapes writer text, ingest does not.
 *
 * <p>A run of {@code *} or {@code _} with blanks on both sides ({@code 5 * 3}) is kept, and so is
 * {@code _} inside a word ({@code snake_case}), matching how Markdown renders them.
 */
final class MarkdownInline {

    private MarkdownInline() {}

    static String plain(String s) {
        if (!needsWork(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && isAsciiPunctuation(s.charAt(i + 1))) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '`') {
                i++;
            } else if (c == '*' || c == '_') {
                int end = i;
                while (end < s.length() && s.charAt(end) == c) {
                    end++;
                }
                char before = i == 0 ? ' ' : s.charAt(i - 1);
                char after = end == s.length() ? ' ' : s.charAt(end);
                boolean blankBothSides = Whitespace.isBlank(before) && Whitespace.isBlank(after);
                boolean intraword = c == '_' && Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
                if (blankBothSides || intraword) {
                    out.append(s, i, end);
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean needsWork(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '_' || c == '`' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiPunctuation(char c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }
}
