package io.reviewflow.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The key of a work: its title and platform, each normalised, joined by {@code |}, as in
 * {@code the perfection|netflix original}. Writers type one work many ways ({@code The Perfection},
 * {@code THE  PERFECTION}, {@code ‘The Perfection’}), and each must count towards the same score.
 *
 * <p>Normalising is Unicode NFKC (full-width letters, ligatures and no-break spaces become their
 * plain forms), case folding, every run of white space collapsed to one space and trimmed, and
 * quotation marks dropped, straight or curly, single or double: {@code Schindler’s List},
 * {@code Schindler's List} and {@code Schindlers List} are one work. Other punctuation is kept,
 * because it can tell works apart ({@code Se7en} against {@code Seven} is not ours to merge).
 * A missing platform is the empty string. A {@code |} or {@code \} inside a title or platform is
 * escaped with {@code \}, so no title can pose as another title plus a platform.
 */
public final class WorkKey {

    private static final char SEPARATOR = '|';
    private static final char ESCAPE = '\\';

    private WorkKey() {}

    public static String of(String title, String platform) {
        if (title == null) {
            throw new IllegalArgumentException("a work needs a title");
        }
        return normalise(title) + SEPARATOR + (platform == null ? "" : normalise(platform));
    }

    static String normalise(String text) {
        String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC);
        // Java has no full case folding; upper then lower case comes close where lower alone does
        // not: ß and ẞ both become ss, and final sigma ς meets σ.
        String folded = Normalizer.normalize(
                compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
        StringBuilder key = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = true;
                continue;
            }
            if (isQuotationMark(c)) {
                continue;
            }
            if (pendingSpace && !key.isEmpty()) {
                key.append(' ');
            }
            pendingSpace = false;
            if (c == SEPARATOR || c == ESCAPE) {
                key.append(ESCAPE);
            }
            key.appendCodePoint(c);
        }
        return key.toString();
    }

    private static boolean isQuotationMark(int c) {
        return switch (c) {
            case '\'', '"', '`', '´',
                 '‘', '’', '‚', '‛', // single curly quotes
                 '“', '”', '„', '‟', // double curly quotes
                 '′', '″', 'ʼ',           // prime, double prime, modifier apostrophe
                 '«', '»', '‹', '›' -> true; // guillemets
            default -> false;
        };
    }
}
