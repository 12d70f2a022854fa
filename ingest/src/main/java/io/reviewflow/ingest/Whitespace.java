package io.reviewflow.ingest;

/**
 * White space as writers produce it: besides ASCII blanks, documents pasted from word processors
 * carry no-break spaces (the reference document's score line has two), thin spaces and
 * zero-width spaces. {@link String#strip()} keeps those, so the parser trims with this instead.
 */
final class Whitespace {

    private Whitespace() {}

    static boolean isBlank(char c) {
        if (c > ' ' && c < 0x7F) {
            return false; // printable ASCII: the common case, decided without a table lookup
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF';
    }

    static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isBlank(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** Index of the first non-blank char at or after {@code from}, or {@code s.length()}. */
    static int skip(String s, int from) {
        int i = from;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Every blank run becomes one ASCII space and the ends are trimmed: {@code ScoreText} and the
     * key matchers only know ASCII white space.
     */
    static String collapse(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isBlank(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
