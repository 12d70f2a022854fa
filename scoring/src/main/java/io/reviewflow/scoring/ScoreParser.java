package io.reviewflow.scoring;

import io.reviewflow.domain.NormalisedScore;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.ScoreScale;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Reads a score as a writer wrote it ({@code 60%}, {@code 7,5/10}, {@code 4 out of 5 stars},
 * {@code ★★★½}, {@code B−}, {@code thumbs up}) and normalises it to 0–100. The grammar and the
 * rules are in {@code scoring/SCORING.md}.
 *
 * <p>A hand-written scanner rather than regular expressions: scores are untrusted input, the
 * scanner is linear in the (bounded) input by construction, and it allocates nothing but the
 * result on the common path. Stateless and thread-safe; {@link #parse} never throws.
 */
public final class ScoreParser {

    /** Longer input is refused unread: no real score is anywhere near this long. */
    public static final int MAX_LENGTH = 64;

    /** Significant digits a number may have; keeps the arithmetic in {@code long} with room to spare. */
    private static final int MAX_DIGITS = 18;

    private static final long[] POW10 = new long[MAX_DIGITS + 1];
    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Beyond this a long does not convert to double exactly, so the slow exact path is taken. */
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    private static final String EXAMPLES = "e.g. 60%, 7.5/10, 4 out of 5, 3.5 stars, ★★★½, B+ or thumbs up";

    private static final char FULL_STAR = '★';
    private static final char EMPTY_STAR = '☆';
    private static final char HALF_STAR = '½';

    public Outcome<NormalisedScore> parse(String raw) {
        if (raw == null) {
            return unreadable("score is missing");
        }
        int start = 0;
        int end = raw.length();
        while (start < end && isSpace(raw.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(raw.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return unreadable("score is empty");
        }
        if (end - start > MAX_LENGTH) {
            int cut = start + 24;
            if (Character.isHighSurrogate(raw.charAt(cut - 1))) {
                cut--;
            }
            return unreadable("score '" + raw.substring(start, cut) + "…' is too long to be a score ("
                    + (end - start) + " characters; at most " + MAX_LENGTH + ")");
        }
        char first = raw.charAt(start);
        if (first == FULL_STAR || first == EMPTY_STAR || first == HALF_STAR) {
            return glyphs(raw, start, end);
        }
        if (isDigit(first) || isMinus(first)) {
            return new Numeric(raw, start, end).parse();
        }
        if (isAsciiLetter(first)) {
            return words(raw, start, end);
        }
        return notAScore(raw, start, end);
    }

    // ---- star glyphs: ★★★½, ★★★☆☆ -------------------------------------------------------

    private static Outcome<NormalisedScore> glyphs(String raw, int start, int end) {
        int full = 0;
        int half = 0;
        int empty = 0;
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == FULL_STAR || c == HALF_STAR) {
                if (half > 0 || empty > 0) {
                    return unreadable("score '" + text(raw, start, end)
                            + "' has its stars out of order (full stars ★, then at most one ½, then empty stars ☆)");
                }
                if (c == FULL_STAR) {
                    full++;
                } else {
                    half++;
                }
            } else if (c == EMPTY_STAR) {
                empty++;
            } else if (!isSpace(c)) {
                return notAScore(raw, start, end);
            }
        }
        int halfStars = 2 * full + half;
        if (halfStars > 10) {
            return outOfRange("score '" + text(raw, start, end) + "' is above its maximum of 5 stars");
        }
        // With empty stars the writer drew the whole scale; a scale of other than five is not ours to guess.
        if (empty > 0 && full + half + empty != 5) {
            return unreadable("score '" + text(raw, start, end) + "' shows " + (full + half + empty)
                    + " star places; a rating drawn with empty stars (☆) must show exactly 5");
        }
        int score = halfStars * 10;
        return Outcome.accepted(new NormalisedScore(score, score, ScoreScale.STARS, raw));
    }

    // ---- words: thumbs up/down, letter grades ---------------------------------------------

    private static Outcome<NormalisedScore> words(String raw, int start, int end) {
        int length = end - start;
        if (raw.regionMatches(true, start, "thumbs", 0, 6)) {
            int i = start + 6;
            int spaces = i;
            while (i < end && isSpace(raw.charAt(i))) {
                i++;
            }
            if (i > spaces) {
                if (end - i == 2 && raw.regionMatches(true, i, "up", 0, 2)) {
                    return Outcome.accepted(new NormalisedScore(100, 100, ScoreScale.THUMBS, raw));
                }
                if (end - i == 4 && raw.regionMatches(true, i, "down", 0, 4)) {
                    return Outcome.accepted(new NormalisedScore(0, 0, ScoreScale.THUMBS, raw));
                }
            }
            return notAScore(raw, start, end);
        }
        if (length <= 2) {
            char letter = Character.toUpperCase(raw.charAt(start));
            int sign = 0;
            if (length == 2) {
                char c = raw.charAt(start + 1);
                sign = c == '+' ? 1 : isMinus(c) ? -1 : 2;
            }
            int grade = sign == 2 ? -1 : letterGrade(letter, sign);
            if (grade < 0) {
                return unreadable("score '" + text(raw, start, end)
                        + "' is not a letter grade (A+, A, A−, B+, B, B−, C+, C, C−, D+, D, D− or F)");
            }
            return Outcome.accepted(new NormalisedScore(grade, grade, ScoreScale.LETTER, raw));
        }
        return notAScore(raw, start, end);
    }

    /** The published aggregator conversion; -1 for no such grade (E, F+, F−). */
    private static int letterGrade(char letter, int sign) {
        return switch (letter) {
            case 'A' -> sign < 0 ? 91 : 100;
            case 'B' -> sign > 0 ? 83 : sign == 0 ? 75 : 67;
            case 'C' -> sign > 0 ? 58 : sign == 0 ? 50 : 42;
            case 'D' -> sign > 0 ? 33 : sign == 0 ? 25 : 16;
            case 'F' -> sign == 0 ? 0 : -1;
            default -> -1;
        };
    }

    // ---- numbers: 60%, 7,5/10, 4 out of 5 stars, 3.5 stars ---------------------------------

    /** One scan of a numeric score; short-lived, so the JIT can keep it off the heap. */
    private static final class Numeric {
        private final String raw;
        private final int start;
        private final int end;
        private int pos;
        // The number last read: mantissa × 10^-scale, and where its text ends.
        private long mantissa;
        private int scale;
        private boolean tooManyDigits;

        Numeric(String raw, int start, int end) {
            this.raw = raw;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        Outcome<NormalisedScore> parse() {
            boolean negative = isMinus(raw.charAt(pos));
            if (negative) {
                pos++;
            }
            if (!readNumber()) {
                return notAScore(raw, start, end);
            }
            long valueMantissa = mantissa;
            int valueScale = scale;
            int valueEnd = pos;
            skipSpaces();
            if (pos == end) {
                String number = raw.substring(negative ? start + 1 : start, valueEnd);
                return unreadable("score '" + text(raw, start, end) + "' has no scale (write it as e.g. "
                        + number + "/10, " + number + "% or " + number + " stars)");
            }
            char c = raw.charAt(pos);
            if (c == '%') {
                pos++;
                skipSpaces();
                return pos == end
                        ? ratio(negative, valueMantissa, valueScale, 100, 0, ScoreScale.PERCENT, "100%")
                        : notAScore(raw, start, end);
            }
            if (isStarsWord()) {
                return pos == end
                        ? ratio(negative, valueMantissa, valueScale, 5, 0, ScoreScale.STARS, "5 stars")
                        : notAScore(raw, start, end);
            }
            if (isSlash(c)) {
                pos++;
            } else if (!outOf()) {
                return notAScore(raw, start, end);
            }
            skipSpaces();
            if (pos < end && isMinus(raw.charAt(pos))) {
                return unreadable("score '" + text(raw, start, end) + "' has a negative maximum; a maximum must be above zero");
            }
            int maxStart = pos;
            if (!readNumber()) {
                return notAScore(raw, start, end);
            }
            String maxText = null;
            int maxEnd = pos;
            skipSpaces();
            ScoreScale kind = ScoreScale.FRACTION;
            if (pos < end && isStarsWord()) {
                kind = ScoreScale.STARS;
                maxText = raw.substring(maxStart, maxEnd) + " stars";
            }
            if (pos != end) {
                return notAScore(raw, start, end);
            }
            if (maxText == null) {
                maxText = raw.substring(maxStart, maxEnd);
            }
            return ratio(negative, valueMantissa, valueScale, mantissa, scale, kind, maxText);
        }

        private Outcome<NormalisedScore> ratio(boolean negative, long value, int valueScale,
                                               long max, int maxScale, ScoreScale kind, String maxText) {
            if (tooManyDigits) {
                return unreadable("score '" + text(raw, start, end) + "' has a number with more than "
                        + MAX_DIGITS + " significant digits");
            }
            if (max == 0) {
                return unreadable("score '" + text(raw, start, end) + "' has a maximum of " + maxText
                        + "; a maximum must be above zero");
            }
            if (negative && value != 0) {
                return outOfRange("score '" + text(raw, start, end) + "' is below zero");
            }
            // value / max × 100 as the fraction n/d, exactly: n = value·10^maxScale·100, d = max·10^valueScale.
            if (valueScale <= MAX_DIGITS && maxScale <= MAX_DIGITS) {
                try {
                    long a = Math.multiplyExact(value, POW10[maxScale]);
                    long d = Math.multiplyExact(max, POW10[valueScale]);
                    if (a > d) {
                        return aboveMax(maxText);
                    }
                    long n = Math.multiplyExact(a, 100L);
                    // Half up on the exact fraction, not on a double: 4.125/5 is 82.5 and shows 83.
                    long display = Math.addExact(Math.multiplyExact(n, 2L), d) / Math.multiplyExact(d, 2L);
                    double exact = n <= EXACT_IN_DOUBLE && d <= EXACT_IN_DOUBLE
                            ? (double) n / (double) d
                            : exactOf(BigInteger.valueOf(n), BigInteger.valueOf(d));
                    return accepted(exact, (int) display, kind);
                } catch (ArithmeticException overflow) {
                    // fall through to the exact slow path; only absurd inputs get here
                }
            }
            BigInteger a = BigInteger.valueOf(value).multiply(BigInteger.TEN.pow(maxScale));
            BigInteger d = BigInteger.valueOf(max).multiply(BigInteger.TEN.pow(valueScale));
            if (a.compareTo(d) > 0) {
                return aboveMax(maxText);
            }
            BigInteger n = a.multiply(BigInteger.valueOf(100));
            int display = n.shiftLeft(1).add(d).divide(d.shiftLeft(1)).intValueExact();
            return accepted(exactOf(n, d), display, kind);
        }

        private Outcome<NormalisedScore> accepted(double exact, int display, ScoreScale kind) {
            // n ≤ 100·d holds exactly, but a rounded division could still land an ulp outside.
            double clamped = Math.min(100.0, Math.max(0.0, exact));
            return Outcome.accepted(new NormalisedScore(clamped, display, kind, raw));
        }

        private Outcome<NormalisedScore> aboveMax(String maxText) {
            return outOfRange("score '" + text(raw, start, end) + "' is above its maximum of " + maxText);
        }

        /** Digits, then optionally a decimal point or comma and more digits. */
        private boolean readNumber() {
            if (pos >= end || !isDigit(raw.charAt(pos))) {
                return false;
            }
            long m = 0;
            int digits = 0;
            int fraction = 0;
            boolean inFraction = false;
            while (pos < end) {
                char c = raw.charAt(pos);
                if (isDigit(c)) {
                    if (m != 0 || c != '0') {
                        digits++;
                    }
                    if (digits <= MAX_DIGITS) {
                        m = m * 10 + (c - '0');
                    }
                    if (inFraction) {
                        fraction++;
                    }
                    pos++;
                } else if ((c == '.' || c == ',') && !inFraction
                        && pos + 1 < end && isDigit(raw.charAt(pos + 1))) {
                    inFraction = true;
                    pos++;
                } else {
                    break;
                }
            }
            if (digits > MAX_DIGITS) {
                tooManyDigits = true;
            }
            mantissa = m;
            scale = fraction;
            return true;
        }

        /** {@code out of}, any case, white space around it optional and between its words required. */
        private boolean outOf() {
            int i = pos;
            if (end - i < 3 || !raw.regionMatches(true, i, "out", 0, 3)) {
                return false;
            }
            i += 3;
            int spaces = i;
            while (i < end && isSpace(raw.charAt(i))) {
                i++;
            }
            if (i == spaces || end - i < 2 || !raw.regionMatches(true, i, "of", 0, 2)) {
                return false;
            }
            pos = i + 2;
            return true;
        }

        /** {@code star} or {@code stars}, any case, then only white space; consumes it all if so. */
        private boolean isStarsWord() {
            if (end - pos < 4 || !raw.regionMatches(true, pos, "star", 0, 4)) {
                return false;
            }
            int i = pos + 4;
            if (i < end && (raw.charAt(i) == 's' || raw.charAt(i) == 'S')) {
                i++;
            }
            while (i < end && isSpace(raw.charAt(i))) {
                i++;
            }
            if (i != end) {
                return false;
            }
            pos = i;
            return true;
        }

        private void skipSpaces() {
            while (pos < end && isSpace(raw.charAt(pos))) {
                pos++;
            }
        }
    }

    private static double exactOf(BigInteger n, BigInteger d) {
        return new BigDecimal(n).divide(new BigDecimal(d), MathContext.DECIMAL64).doubleValue();
    }

    // ---- outcomes and characters -----------------------------------------------------------

    private static Outcome<NormalisedScore> notAScore(String raw, int start, int end) {
        return unreadable("score '" + text(raw, start, end) + "' is not a score this pipeline can read (" + EXAMPLES + ")");
    }

    private static Outcome<NormalisedScore> unreadable(String message) {
        return Outcome.rejected(RejectionReason.SCORE_UNREADABLE, message);
    }

    private static Outcome<NormalisedScore> outOfRange(String message) {
        return Outcome.rejected(RejectionReason.SCORE_OUT_OF_RANGE, message);
    }

    private static String text(String raw, int start, int end) {
        return raw.substring(start, end);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9'; // ASCII only: other scripts' digits are not a score format we publish
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Hyphen-minus, the minus sign U+2212 and the en dash U+2013, all of which writers type as "minus". */
    private static boolean isMinus(char c) {
        return c == '-' || c == '−' || c == '–';
    }

    /** Solidus, fraction slash U+2044 and division slash U+2215. */
    private static boolean isSlash(char c) {
        return c == '/' || c == '⁄' || c == '∕';
    }

    /** Includes no-break spaces (U+00A0, U+202F), which French-style {@code 60 %} often carries. */
    private static boolean isSpace(char c) {
        return c == ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
