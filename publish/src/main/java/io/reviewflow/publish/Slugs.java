package io.reviewflow.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Objects;

/**
 * URL slugs for reviews, e.g. {@code the-perfection-3f2a9c1b}.
 *
 * <p>A slug is a pure function of (title, review id): the same pair always gives the same slug, on any
 * machine and in any revision. It changes only if a revision changes the title; a site that wants URLs
 * fixed forever can keep the slug of the first revision it saw, since the hash suffix alone already
 * identifies the review. The suffix (first 8 hex digits of SHA-256 of the review id) keeps two reviews of
 * the same title apart; 32 bits make a collision between two review ids of the same title negligible.
 *
 * <p>Rules: NFKD-fold accents (é → e); fold a few letters NFKD leaves alone (ß → ss, æ → ae, ø → o, …);
 * drop apostrophes so that {@code You’re} reads {@code youre}; drop other letters and digits outside ASCII;
 * every run of anything else (space, punctuation, symbols, emoji) becomes one {@code -}; trim dashes; cut
 * to at most {@value #MAX_BASE_LENGTH} characters at a dash where there is one; an empty result becomes
 * {@code review}.
 */
public final class Slugs {

    static final int MAX_BASE_LENGTH = 60;
    private static final String EMPTY_BASE = "review";
    private static final int HASH_HEX_DIGITS = 8;

    private Slugs() {}

    /** The slug for a review: lowercase ASCII letters, digits and single inner dashes only. */
    public static String slugFor(String title, String reviewId) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(reviewId, "reviewId");
        return base(title) + "-" + shortHash(reviewId);
    }

    static String base(String title) {
        String folded = Normalizer.normalize(title, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(Math.min(folded.length(), 2 * MAX_BASE_LENGTH));
        boolean pendingDash = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            String ascii = asciiFor(cp);
            if (ascii == null) {
                pendingDash = true;
            } else if (!ascii.isEmpty()) {
                if (pendingDash && out.length() > 0) {
                    out.append('-');
                }
                pendingDash = false;
                out.append(ascii);
            }
            // Collecting much past the limit is wasted work on long titles.
            if (out.length() > 2 * MAX_BASE_LENGTH) {
                break;
            }
        }
        String base = cut(out);
        return base.isEmpty() ? EMPTY_BASE : base;
    }

    /** The ASCII a code point contributes: text, {@code ""} to drop it, or {@code null} for a word break. */
    private static String asciiFor(int cp) {
        if (cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9') {
            return Character.toString(cp);
        }
        if (cp >= 'A' && cp <= 'Z') {
            return Character.toString(cp + ('a' - 'A'));
        }
        switch (cp) {
            case '\'', '\u2019', '\u2018', '\u02BC':
                return "";
            case 'ß':
                return "ss";
            case 'æ', 'Æ':
                return "ae";
            case 'œ', 'Œ':
                return "oe";
            case 'ø', 'Ø':
                return "o";
            case 'ł', 'Ł':
                return "l";
            case 'đ', 'Đ', 'ð', 'Ð':
                return "d";
            case 'þ', 'Þ':
                return "th";
            case 'ı':
                return "i";
            default:
                break;
        }
        if (cp < 0x80) {
            return null;
        }
        int type = Character.getType(cp);
        boolean letterOrMarkOrDigit = Character.isLetterOrDigit(cp)
                || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
        return letterOrMarkOrDigit ? "" : null;
    }

    private static String cut(StringBuilder slug) {
        if (slug.length() <= MAX_BASE_LENGTH) {
            return slug.toString();
        }
        // Prefer to end at a word: the last dash within the limit, unless the first word alone is too long.
        int end = MAX_BASE_LENGTH;
        if (slug.charAt(end) != '-') {
            int dash = slug.lastIndexOf("-", end);
            if (dash > 0) {
                end = dash;
            }
        }
        String cut = slug.substring(0, end);
        return cut.endsWith("-") ? cut.substring(0, cut.length() - 1) : cut;
    }

    private static String shortHash(String reviewId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(reviewId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
