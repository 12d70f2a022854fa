package io.reviewflow.publish;

/**
 * Writer text made inert for Markdown: whatever a writer types, a CommonMark (or GitHub-flavoured)
 * converter downstream turns it into that same text, never into a tag, link, image, emphasis or block.
 *
 * <ul>
 *   <li>{@code &}, {@code <} and {@code >} become entities, so no raw HTML, autolink ({@code <http://…>}),
 *       entity or block quote can form, and a writer's literal {@code &lt;} stays literal;</li>
 *   <li>line breaks (and tabs) become spaces, so text placed on one line cannot open a new block;</li>
 *   <li>inline syntax characters ({@code \ ` * _ [ ] # | ~}) are backslash-escaped wherever they occur:
 *       without {@code [} no link or image can open, and {@code (}, {@code )}, {@code !} then mean
 *       nothing and are left alone for readability;</li>
 *   <li>block markers that only count at the start of a line ({@code - + =}, or {@code 1.}/{@code 1)}) are
 *       escaped there, since every value is written at a block start.</li>
 * </ul>
 */
final class MarkdownText {

    private MarkdownText() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendEscaped(out, text);
        return out.toString();
    }

    static void appendEscaped(StringBuilder out, String text) {
        int start = out.length();
        // One pass: white space runs (line breaks included) collapse to one space, leading and trailing
        // white space is dropped, and everything else is escaped as it is copied.
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                space = true;
                continue;
            }
            if (space && out.length() > start) {
                out.append(' ');
            }
            space = false;
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '#', '|', '~' -> out.append('\\').append(c);
                default -> out.append(c < 0x20 || c >= 0x7f && c < 0xa0 ? '\uFFFD' : c);
            }
        }
        escapeBlockStart(out, start);
    }

    private static boolean isSpace(char c) {
        if (c < 0x80) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
        }
        return c == '\u0085' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static void escapeBlockStart(StringBuilder out, int start) {
        if (start >= out.length()) {
            return;
        }
        char first = out.charAt(start);
        if (first == '-' || first == '+' || first == '=') {
            out.insert(start, '\\');
            return;
        }
        // An ordered-list marker: up to nine digits then '.' or ')'.
        int i = start;
        while (i < out.length() && i - start < 10 && Character.isDigit(out.charAt(i)) && out.charAt(i) < 128) {
            i++;
        }
        if (i > start && i < out.length() && (out.charAt(i) == '.' || out.charAt(i) == ')')) {
            out.insert(i, '\\');
        }
    }
}
