package io.reviewflow.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.domain.NormalisedScore;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.ScoreScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreParserTest {

    private final ScoreParser parser = new ScoreParser();

    static NormalisedScore accepted(Outcome<NormalisedScore> outcome) {
        return (NormalisedScore) assertInstanceOf(Outcome.Accepted.class, outcome,
                () -> "expected accepted, got " + outcome).value();
    }

    static Problem rejected(Outcome<NormalisedScore> outcome) {
        return assertInstanceOf(Outcome.Rejected.class, outcome, () -> "expected rejected, got " + outcome).problem();
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → {2} ({1})")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # DESIGN.md's table, row by row
            60%                  | PERCENT  | 60
            60 %                 | PERCENT  | 60
            7.5/10               | FRACTION | 75
            7,5/10               | FRACTION | 75
            7.5 out of 10        | FRACTION | 75
            4/5                  | FRACTION | 80
            4 out of 5           | FRACTION | 80
            4 stars              | STARS    | 80
            4/5 stars            | STARS    | 80
            ★★★½                 | STARS    | 70
            ★★★☆☆                | STARS    | 60
            3.5 stars            | STARS    | 70
            B+                   | LETTER   | 83
            thumbs up            | THUMBS   | 100
            thumbs down          | THUMBS   | 0
            # the samples
            ★★½                  | STARS    | 50
            B-                   | LETTER   | 67
            # percent
            0%                   | PERCENT  | 0
            100%                 | PERCENT  | 100
            62.5%                | PERCENT  | 63
            62,5 %               | PERCENT  | 63
            0.5%                 | PERCENT  | 1
            0.49%                | PERCENT  | 0
            99.5%                | PERCENT  | 100
            007%                 | PERCENT  | 7
            # fractions
            0/10                 | FRACTION | 0
            10/10                | FRACTION | 100
            7.5 / 10             | FRACTION | 75
            7,5 / 10             | FRACTION | 75
            7,5 out of 10        | FRACTION | 75
            7.5   OUT   OF   10  | FRACTION | 75
            7.5 Out Of 10        | FRACTION | 75
            7out of 10           | FRACTION | 70
            2/3                  | FRACTION | 67
            1/3                  | FRACTION | 33
            1/8                  | FRACTION | 13
            4.125/5              | FRACTION | 83
            3/7.5                | FRACTION | 40
            8.5/10.0             | FRACTION | 85
            45/50                | FRACTION | 90
            17/20                | FRACTION | 85
            1⁄2                  | FRACTION | 50
            # out of five, in words and stars
            4 out of 5 stars     | STARS    | 80
            4/5 star             | STARS    | 80
            4/5STARS             | STARS    | 80
            7/10 stars           | STARS    | 70
            1 star               | STARS    | 20
            0 stars              | STARS    | 0
            5 stars              | STARS    | 100
            2,5 Stars            | STARS    | 50
            4stars               | STARS    | 80
            3.7 stars            | STARS    | 74
            # glyphs
            ★★★★★                | STARS    | 100
            ★                    | STARS    | 20
            ½                    | STARS    | 10
            ★★★★½                | STARS    | 90
            ★★★½☆                | STARS    | 70
            ★☆☆☆☆                | STARS    | 20
            ☆☆☆☆☆                | STARS    | 0
            ★★★ ☆☆               | STARS    | 60
            # letter grades, the whole table
            A+                   | LETTER   | 100
            A                    | LETTER   | 100
            A−                   | LETTER   | 91
            B+                   | LETTER   | 83
            B                    | LETTER   | 75
            B−                   | LETTER   | 67
            C+                   | LETTER   | 58
            C                    | LETTER   | 50
            C−                   | LETTER   | 42
            D+                   | LETTER   | 33
            D                    | LETTER   | 25
            D−                   | LETTER   | 16
            F                    | LETTER   | 0
            # minus written three ways, any case
            A-                   | LETTER   | 91
            A–                   | LETTER   | 91
            a-                   | LETTER   | 91
            b+                   | LETTER   | 83
            c                    | LETTER   | 50
            d–                   | LETTER   | 16
            f                    | LETTER   | 0
            # thumbs, any case and spacing
            Thumbs Up            | THUMBS   | 100
            THUMBS DOWN          | THUMBS   | 0
            thumbs   up          | THUMBS   | 100
            # a negative zero is zero
            -0/10                | FRACTION | 0
            """)
    void acceptsTheGrammar(String raw, ScoreScale scale, int display) {
        NormalisedScore score = accepted(parser.parse(raw));
        assertEquals(display, score.display(), "display");
        assertEquals(scale, score.scale(), "scale");
        assertEquals(raw, score.raw(), "raw kept as written");
        assertTrue(Math.abs(score.exact() - display) <= 0.5, "exact " + score.exact() + " rounds to " + display);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            60%          | 60.0
            7.5/10       | 75.0
            7,5/10       | 75.0
            2/3          | 66.66666666666667
            1/3          | 33.333333333333336
            4.125/5      | 82.5
            ★★½          | 50.0
            B-           | 67.0
            A−           | 91.0
            thumbs up    | 100.0
            3.7 stars    | 74.0
            """)
    void exactIsValueOverMaxTimesHundred(String raw, double exact) {
        assertEquals(exact, accepted(parser.parse(raw)).exact(), 1e-12);
    }

    @Test
    void roundsHalfUpOnTheExactFractionNotOnADouble() {
        // 4.125/5 × 100 is exactly 82.5; computed naively in double it is 82.49999999999999.
        assertEquals(83, accepted(parser.parse("4.125/5")).display());
        assertEquals(83, accepted(parser.parse("82.5%")).display());
        assertEquals(67, accepted(parser.parse("2/3")).display());
        assertEquals(13, accepted(parser.parse("12.5%")).display()); // half up, not half even
        assertEquals(1, accepted(parser.parse("1/200")).display());
        assertEquals(0, accepted(parser.parse("1/201")).display());
    }

    @Test
    void surroundingAndNoBreakSpacesAreIgnored() {
        assertEquals(60, accepted(parser.parse("  60%\t")).display());
        assertEquals(60, accepted(parser.parse("60\u00a0%")).display());
        assertEquals(60, accepted(parser.parse("60\u202f%")).display());
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            12/10             | SCORE_OUT_OF_RANGE | score '12/10' is above its maximum of 10
            -1/10             | SCORE_OUT_OF_RANGE | score '-1/10' is below zero
            −1/10             | SCORE_OUT_OF_RANGE | score '−1/10' is below zero
            -5%               | SCORE_OUT_OF_RANGE | score '-5%' is below zero
            101%              | SCORE_OUT_OF_RANGE | score '101%' is above its maximum of 100%
            100.5%            | SCORE_OUT_OF_RANGE | score '100.5%' is above its maximum of 100%
            6 stars           | SCORE_OUT_OF_RANGE | score '6 stars' is above its maximum of 5 stars
            5.5 stars         | SCORE_OUT_OF_RANGE | score '5.5 stars' is above its maximum of 5 stars
            6/5 stars         | SCORE_OUT_OF_RANGE | score '6/5 stars' is above its maximum of 5 stars
            ★★★★★★            | SCORE_OUT_OF_RANGE | score '★★★★★★' is above its maximum of 5 stars
            ★★★★★½            | SCORE_OUT_OF_RANGE | score '★★★★★½' is above its maximum of 5 stars
            10.01/10          | SCORE_OUT_OF_RANGE | score '10.01/10' is above its maximum of 10
            11 out of 10,0    | SCORE_OUT_OF_RANGE | score '11 out of 10,0' is above its maximum of 10,0
            7/0               | SCORE_UNREADABLE   | score '7/0' has a maximum of 0; a maximum must be above zero
            0/0               | SCORE_UNREADABLE   | score '0/0' has a maximum of 0; a maximum must be above zero
            7/0.0             | SCORE_UNREADABLE   | score '7/0.0' has a maximum of 0.0; a maximum must be above zero
            7/-10             | SCORE_UNREADABLE   | score '7/-10' has a negative maximum; a maximum must be above zero
            7                 | SCORE_UNREADABLE   | score '7' has no scale (write it as e.g. 7/10, 7% or 7 stars)
            7.5               | SCORE_UNREADABLE   | score '7.5' has no scale (write it as e.g. 7.5/10, 7.5% or 7.5 stars)
            G                 | SCORE_UNREADABLE   | score 'G' is not a letter grade (A+, A, A−, B+, B, B−, C+, C, C−, D+, D, D− or F)
            E                 | SCORE_UNREADABLE   | score 'E' is not a letter grade (A+, A, A−, B+, B, B−, C+, C, C−, D+, D, D− or F)
            F+                | SCORE_UNREADABLE   | score 'F+' is not a letter grade (A+, A, A−, B+, B, B−, C+, C, C−, D+, D, D− or F)
            F-                | SCORE_UNREADABLE   | score 'F-' is not a letter grade (A+, A, A−, B+, B, B−, C+, C, C−, D+, D, D− or F)
            B*                | SCORE_UNREADABLE   | score 'B*' is not a letter grade (A+, A, A−, B+, B, B−, C+, C, C−, D+, D, D− or F)
            great             | SCORE_UNREADABLE   | score 'great' is not a score this pipeline can read (e.g. 60%, 7.5/10, 4 out of 5, 3.5 stars, ★★★½, B+ or thumbs up)
            A++               | SCORE_UNREADABLE   | score 'A++' is not a score this pipeline can read (e.g. 60%, 7.5/10, 4 out of 5, 3.5 stars, ★★★½, B+ or thumbs up)
            ★★★☆              | SCORE_UNREADABLE   | score '★★★☆' shows 4 star places; a rating drawn with empty stars (☆) must show exactly 5
            ★★★☆☆☆            | SCORE_UNREADABLE   | score '★★★☆☆☆' shows 6 star places; a rating drawn with empty stars (☆) must show exactly 5
            ★½★               | SCORE_UNREADABLE   | score '★½★' has its stars out of order (full stars ★, then at most one ½, then empty stars ☆)
            ★★☆★              | SCORE_UNREADABLE   | score '★★☆★' has its stars out of order (full stars ★, then at most one ½, then empty stars ☆)
            ½½                | SCORE_UNREADABLE   | score '½½' has its stars out of order (full stars ★, then at most one ½, then empty stars ☆)
            """)
    void rejectsWithAMessageQuotingTheScore(String raw, RejectionReason reason, String message) {
        Problem problem = rejected(parser.parse(raw));
        assertEquals(reason, problem.reason());
        assertEquals(message, problem.message());
        assertEquals(null, problem.line(), "the parser knows no lines");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            thumbs sideways
            thumbsup
            thumbs up!
            thumbs
            60%%
            60% CHILLIN
            60 percent
            7.5//10
            7./10
            .5/10
            7.5 outof 10
            7.5 out of ten
            7 out 10
            4 starz
            3 stars please
            4/5 stars stars
            ★★★ stars
            ★★★*
            NaN
            NaN/10
            Infinity%
            1e2%
            0x10/20
            +7/10
            ٧/١٠
            ７/10
            /10
            %
            -
            """)
    void rejectsWhatItCannotRead(String raw) {
        assertEquals(RejectionReason.SCORE_UNREADABLE, rejected(parser.parse(raw)).reason(), raw);
    }

    @Test
    void rejectsEmptyAndMissing() {
        assertEquals("score is empty", rejected(parser.parse("")).message());
        assertEquals("score is empty", rejected(parser.parse(" \t ")).message());
        assertEquals("score is missing", rejected(parser.parse(null)).message());
        assertEquals(RejectionReason.SCORE_UNREADABLE, rejected(parser.parse("")).reason());
    }

    @Test
    void rejectsAbsurdlyLongInputUnreadQuotingOnlyItsStart() {
        Problem problem = rejected(parser.parse("9".repeat(1000)));
        assertEquals(RejectionReason.SCORE_UNREADABLE, problem.reason());
        assertEquals("score '" + "9".repeat(24) + "…' is too long to be a score (1000 characters; at most 64)",
                problem.message());

        String longest = "1" + " ".repeat(ScoreParser.MAX_LENGTH - 2) + "%";
        assertEquals(1, accepted(parser.parse(longest)).display(), "64 characters are still read");
        assertEquals(RejectionReason.SCORE_UNREADABLE, rejected(parser.parse(longest + "%")).reason());
    }

    @Test
    void doesNotSplitASurrogatePairWhenQuotingTheStartOfLongInput() {
        String emoji = "\uD83C\uDFAC"; // 🎬
        Problem problem = rejected(parser.parse("x".repeat(23) + emoji + "y".repeat(100)));
        assertEquals("score '" + "x".repeat(23) + "…' is too long to be a score (125 characters; at most 64)",
                problem.message());
    }

    @Test
    void readsLongNumbersExactly() {
        // Past what a long holds once scaled: the exact slow path.
        NormalisedScore half = accepted(parser.parse("5.00000000000000000/10.0000000000000000"));
        assertEquals(50, half.display());
        assertEquals(50.0, half.exact());
        assertEquals(100, accepted(parser.parse("123456789012345678/123456789012345678")).display());
        assertEquals(0, accepted(parser.parse("1/123456789012345678")).display());
        assertEquals(100, accepted(parser.parse("999999999999999999/999999999999999999 stars")).display());
        assertEquals(RejectionReason.SCORE_OUT_OF_RANGE,
                rejected(parser.parse("10.0000000000000001/10.0000000000000000")).reason());
        Problem tooMany = rejected(parser.parse("1234567890123456789/10"));
        assertEquals("score '1234567890123456789/10' has a number with more than 18 significant digits", tooMany.message());
        assertEquals(0, accepted(parser.parse("0.000000000000000001/1")).display());
        assertEquals(0, accepted(parser.parse("000000000000000000000000000000/1")).display(), "leading zeros are not significant");
    }
}
