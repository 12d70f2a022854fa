package io.reviewflow.ingest;

import java.text.Normalizer;

/**
 * Puts decoded text into the one shape the parsers read: no byte-order mark, LF line ends, no
 * control characters but LF and TAB, Unicode NFC. NFC matters because the same title typed on
 * two systems ({@code é} precomposed or as {@code e} plus a combining accent) must compare equal
 * and render the same. Emoji, joiners and non-Latin scripts pass through untouched.
 */
final class TextNormaliser {

    private static final char BOM = '\uFEFF';

    private TextNormaliser() {}

    static String normalise(String text) {
        int start = !text.isEmpty() && text.charAt(0) == BOM ? 1 : 0;
        StringBuilder out = null;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isKept(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
                out.append(text, start, i);
            }
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (isLineSeparator(c)) {
                out.append('\n');
            }
            // any other control character is dropped
        }
        String cleaned = out != null ? out.toString() : text.substring(start);
        return Normalizer.isNormalized(cleaned, Normalizer.Form.NFC)
                ? cleaned
                : Normalizer.normalize(cleaned, Normalizer.Form.NFC);
    }

    private static boolean isKept(char c) {
        if (c == '\n' || c == '\t') {
            return true;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            return false;
        }
        return !isLineSeparator(c);
    }

    /** NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line as LF does. */
    private static boolean isLineSeparator(char c) {
        return c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
