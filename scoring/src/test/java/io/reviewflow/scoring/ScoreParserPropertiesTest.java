package io.reviewflow.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.reviewflow.domain.NormalisedScore;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.RejectionReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties of the parser over generated input. A small seeded harness in plain JUnit rather
 * than jqwik: jqwik from 1.10 on carries a clause asking that it not be used by AI coding
 * agents, and this module was written by one. Runs are reproducible: a failure names its seed
 * and input; {@code -Dreviewflow.seed=N} replays from another seed.
 */
class ScoreParserPropertiesTest {

    private static final long SEED = Long.getLong("reviewflow.seed", 20_260_101L);
    private static final int TRIES = 2_000;

    private static final String[] TOKENS = {
            ".", ",", "/", "⁄", "%", " ", "\u00a0", "\t", "-", "−", "–", "+", "★", "☆", "½",
            "out of", "OUT  OF", "out", "of", "stars", "star", "s", "thumbs", "up", "down",
            "A", "b", "C", "d", "F", "E", "0", "00", "5", "10", "100", "999999999999999999",
            "\uD83C", "\uDFAC", "e", "NaN"};

    private final ScoreParser parser = new ScoreParser();

    @Test
    void normalisationIsMonotoneInTheValueForAFixedMax() {
        forAll(r -> {
            int max = 1 + r.nextInt(1000);
            int a = r.nextInt(max * 10 + 1);
            int b = r.nextInt(max * 10 + 1);
            return new int[] {max, Math.min(a, b), Math.max(a, b)};
        }, t -> {
            NormalisedScore low = accepted(parser.parse(tenths(t[1]) + "/" + t[0]));
            NormalisedScore high = accepted(parser.parse(tenths(t[2]) + "/" + t[0]));
            assertTrue(low.exact() <= high.exact(), low + " ≤ " + high);
            assertTrue(low.display() <= high.display(), low + " ≤ " + high);
        });
    }

    @Test
    void normalisationIsMonotoneAcrossEveryNotationOutOfFive() {
        // The same value written as a fraction, in words and as stars must agree exactly.
        forAll(r -> r.nextInt(51), tenths -> {
            NormalisedScore fraction = accepted(parser.parse(tenths(tenths) + "/5"));
            NormalisedScore words = accepted(parser.parse(tenths(tenths).replace('.', ',') + " out of 5"));
            NormalisedScore stars = accepted(parser.parse(tenths(tenths) + " stars"));
            assertEquals(fraction.exact(), words.exact());
            assertEquals(fraction.exact(), stars.exact());
            assertEquals(fraction.display(), stars.display());
        });
    }

    @Test
    void displayIsTheExactFractionRoundedHalfUp() {
        forAll(r -> {
            int max = 1 + r.nextInt(100_000);
            return new int[] {max, r.nextInt(max + 1)};
        }, t -> {
            String raw = hundredths(t[1]) + " out of " + hundredths(t[0]).replace('.', ',');
            NormalisedScore score = accepted(parser.parse(raw));
            int expected = BigDecimal.valueOf(t[1]).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(t[0]), 0, RoundingMode.HALF_UP).intValueExact();
            assertEquals(expected, score.display(), raw);
            assertEquals(100.0 * t[1] / t[0], score.exact(), 1e-9, raw);
        });
    }

    @Test
    void aValueAboveItsMaximumIsOutOfRangeAndBelowZeroToo() {
        forAll(r -> new int[] {1 + r.nextInt(1000), 1 + r.nextInt(1000)}, t -> {
            assertEquals(RejectionReason.SCORE_OUT_OF_RANGE, rejected(parser.parse((t[0] + t[1]) + "/" + t[0])));
            assertEquals(RejectionReason.SCORE_OUT_OF_RANGE, rejected(parser.parse("-" + t[1] + "/" + t[0])));
        });
    }

    @Test
    void everyAcceptedScoreIsWithinZeroToHundredAndDisplaysItsExactValue() {
        forAll(ScoreParserPropertiesTest::scoreLike, raw -> {
            Outcome<NormalisedScore> outcome = parser.parse(raw);
            if (outcome instanceof Outcome.Accepted<NormalisedScore> accepted) {
                NormalisedScore score = accepted.value();
                assertTrue(score.exact() >= 0 && score.exact() <= 100, score.toString());
                assertTrue(score.display() >= 0 && score.display() <= 100, score.toString());
                assertTrue(Math.abs(score.exact() - score.display()) <= 0.5 + 1e-9, score.toString());
                assertEquals(raw, score.raw());
            }
        });
    }

    @Test
    void neverThrowsOnArbitraryText() {
        forAll(ScoreParserPropertiesTest::anyText, raw -> parser.parse(raw));
        forAll(ScoreParserPropertiesTest::scoreLike, raw -> parser.parse(raw));
    }

    @Test
    void rejectionsAlwaysQuoteTheScore() {
        forAll(ScoreParserPropertiesTest::scoreLike, raw -> {
            if (parser.parse(raw) instanceof Outcome.Rejected<NormalisedScore> rejected
                    && !rejected.problem().message().equals("score is empty")) {
                String message = rejected.problem().message();
                String trimmed = raw.replaceAll("^[\\s\u00a0]+|[\\s\u00a0]+$", ""); // the parser trims no-break spaces too
                String quoted = trimmed.length() > ScoreParser.MAX_LENGTH ? trimmed.substring(0, 10) : trimmed;
                assertTrue(message.startsWith("score '" + quoted), message);
            }
        });
    }

    // ---- the harness ---------------------------------------------------------------------

    private static <T> void forAll(Function<SplittableRandom, T> generator, Consumer<T> property) {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < TRIES; i++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                fail("property failed on try " + i + " (seed " + SEED + ") for input «" + show(input) + "»: " + e, e);
            }
        }
    }

    private static String show(Object input) {
        return input instanceof int[] ints ? java.util.Arrays.toString(ints) : String.valueOf(input);
    }

    /** Any UTF-16 text up to 80 units, unpaired surrogates and control characters included. */
    private static String anyText(SplittableRandom r) {
        int length = r.nextInt(81);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(switch (r.nextInt(3)) {
                case 0 -> (char) (0x20 + r.nextInt(0x5f));
                case 1 -> (char) r.nextInt(0x10000);
                default -> "0123456789.,/% ★☆½-−–".charAt(r.nextInt(21));
            });
        }
        return s.toString();
    }

    /** Text made of the grammar's own pieces, so that it gets past the first character. */
    private static String scoreLike(SplittableRandom r) {
        if (r.nextBoolean()) {
            String[] separators = {"/", " out of ", "%", " stars", " / ", ""};
            String separator = separators[r.nextInt(separators.length)];
            String value = r.nextInt(201) + (r.nextBoolean() ? "." + r.nextInt(100) : "");
            return value + separator + (separator.equals("%") || separator.equals(" stars") ? "" : r.nextInt(201));
        }
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(9); n > 0; n--) {
            s.append(TOKENS[r.nextInt(TOKENS.length)]);
        }
        return s.toString();
    }

    private static NormalisedScore accepted(Outcome<NormalisedScore> outcome) {
        assertTrue(outcome instanceof Outcome.Accepted, () -> "expected accepted: " + outcome);
        return ((Outcome.Accepted<NormalisedScore>) outcome).value();
    }

    private static RejectionReason rejected(Outcome<NormalisedScore> outcome) {
        assertTrue(outcome instanceof Outcome.Rejected, () -> "expected rejected: " + outcome);
        return ((Outcome.Rejected<NormalisedScore>) outcome).problem().reason();
    }

    private static String tenths(int tenths) {
        return (tenths / 10) + "." + (tenths % 10);
    }

    private static String hundredths(int hundredths) {
        return (hundredths / 100) + "." + String.format("%02d", hundredths % 100);
    }
}
