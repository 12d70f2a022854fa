package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the parser returns exactly one of Accepted or Rejected, never throws,
 * and what it returns is well formed: a rejection is one line, prefixed with its line number
 * where it has one; a review keeps within the limits.
 *
 * <p>A small seeded harness in plain JUnit rather than jqwik: jqwik from 1.10 on carries a clause
 * asking that it not be used by AI coding agents, and this module was written by one. Runs are
 * reproducible: a failure names its property, seed, try and input; {@code -Dreviewflow.seed=N}
 * replays from another seed.
 */
class ParserPropertiesTest {

    private static final long SEED = Long.getLong("reviewflow.seed", 20_260_101L);

    private static final IngestLimits LIMITS = IngestLimits.defaults();
    private static final DocumentParser PARSER = new DocumentParser(LIMITS);
    private static final SourceFormat[] DECLARED = {null, SourceFormat.TEXT, SourceFormat.MARKDOWN, SourceFormat.JSON};

    /** Pieces of the formats' syntax, so that random documents reach deep into the parsers. */
    private static final List<String> TOKENS = List.of(
            "score:", "Rating:", "GRADE :", "verdict:", "60%", "7,5/10", "★★½", "B+", " CHILLIN", "12/10",
            "One sentence story summary:", "In one sentence:", "Is ‘", "’ worth watching?", "Is '", " is worth watching if:",
            " is not worth watching if:", "Pros:", "Cons", "  • ", "- ", "* ", "– ", "\t", "# ", "## ", "###### ", "**",
            "_", "`", "\\", ",", ", Netflix, ", "Title", "The Perfection", "\n", "\n\n", "\r\n", "\r", "\uFEFF",
            "\u00A0", "\u0000", "\u0301", "🎬", "千", "{", "}", "[", "]", "\"", ":", "\"score\"", "\"title\"",
            "{\"value\": 1e999999999}", "null", "true", "-1", "<b>", "---", "?", ".");

    /** Characters that text handling tends to trip on, mixed into arbitrary strings more often than chance would. */
    private static final String AWKWARD_CHARS =
            "\u0000\t\n\u000B\f\r\u001B\u007F\u0085\u00A0\u00AD\u0301\u200B\u200D\u2028\u2029\u202E\u3000\uFEFF\uFFFD\uFFFE\uFFFF";

    /** Byte values that UTF-8 decoding and line splitting tend to trip on. */
    private static final int[] AWKWARD_BYTES = {0x00, 0x09, 0x0A, 0x0D, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xED,
            0xEF, 0xBB, 0xF0, 0xF4, 0xF5, 0xFE, 0xFF};

    @Test
    void arbitraryBytes() {
        forAll("arbitraryBytes", 600, r -> new Case(anyBytes(r, 2048), declared(r)),
                c -> checkWellFormed(PARSER.parse(c.bytes(), c.format())));
    }

    @Test
    void arbitraryStrings() {
        forAll("arbitraryStrings", 600, r -> new Case(anyString(r, 600), declared(r)),
                c -> checkWellFormed(PARSER.parse(c.bytes(), c.format())));
    }

    @Test
    void documentsOfSyntaxPieces() {
        forAll("documentsOfSyntaxPieces", 800, r -> new Case(syntaxSoup(r, 80), declared(r)),
                c -> checkWellFormed(PARSER.parse(c.bytes(), c.format())));
    }

    @Test
    void mutatedSamples() {
        List<String> samples = Samples.documentNames().stream().map(Samples::text).toList();
        assertFalse(samples.isEmpty(), "no sample documents in " + Samples.dir());
        forAll("mutatedSamples", 1000, r -> new Case(mutatedSample(r, samples), declared(r)),
                c -> checkWellFormed(PARSER.parse(c.bytes(), c.format())));
    }

    // ---- generators ----------------------------------------------------------------------

    /** One generated input: the document (bytes or text) and the format declared with it, null for none. */
    private record Case(Object document, SourceFormat format) {
        byte[] bytes() {
            return document instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) document;
        }

        @Override
        public String toString() {
            return "format=" + format + ", document=" + preview(document);
        }
    }

    private static SourceFormat declared(SplittableRandom r) {
        return DECLARED[r.nextInt(DECLARED.length)];
    }

    /** A size from 0 to max, the extremes and small sizes more often than chance would pick them. */
    private static int size(SplittableRandom r, int max) {
        return switch (r.nextInt(10)) {
            case 0 -> r.nextBoolean() ? 0 : max;
            case 1, 2 -> r.nextInt(Math.min(max, 16) + 1);
            default -> r.nextInt(max + 1);
        };
    }

    /** Any bytes, up to max of them. */
    private static byte[] anyBytes(SplittableRandom r, int max) {
        byte[] bytes = new byte[size(r, max)];
        boolean awkward = r.nextInt(4) == 0;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (awkward && r.nextBoolean() ? AWKWARD_BYTES[r.nextInt(AWKWARD_BYTES.length)] : r.nextInt(256));
        }
        return bytes;
    }

    /**
     * Any UTF-16 text up to max units: ASCII, control characters, any BMP unit (unpaired surrogates
     * included), non-BMP code points as surrogate pairs, lone high and low surrogates.
     */
    private static String anyString(SplittableRandom r, int max) {
        int length = size(r, max);
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            switch (r.nextInt(7)) {
                case 0, 1 -> s.append((char) (0x20 + r.nextInt(0x5f)));
                case 2 -> s.append((char) (r.nextBoolean() ? r.nextInt(0x20) : 0x7f + r.nextInt(0x21)));
                case 3 -> s.append(AWKWARD_CHARS.charAt(r.nextInt(AWKWARD_CHARS.length())));
                case 4 -> s.append((char) r.nextInt(0x10000));
                case 5 -> {
                    if (s.length() + 2 <= length) {
                        s.appendCodePoint(0x10000 + r.nextInt(0x100000));
                    } else {
                        s.append((char) (0xD800 + r.nextInt(0x400)));
                    }
                }
                default -> s.append((char) (r.nextBoolean() ? 0xD800 + r.nextInt(0x400) : 0xDC00 + r.nextInt(0x400)));
            }
        }
        return s.toString();
    }

    /** Up to max of the formats' syntax pieces, joined. */
    private static String syntaxSoup(SplittableRandom r, int max) {
        StringBuilder s = new StringBuilder();
        for (int n = size(r, max); n > 0; n--) {
            s.append(TOKENS.get(r.nextInt(TOKENS.size())));
        }
        return s.toString();
    }

    /** A sample document with 1 to 6 line edits, then perhaps cut short at a byte boundary. */
    private static byte[] mutatedSample(SplittableRandom r, List<String> samples) {
        String mutated = samples.get(r.nextInt(samples.size()));
        for (int n = 1 + r.nextInt(6); n > 0; n--) {
            mutated = mutation(r).apply(mutated);
        }
        byte[] bytes = mutated.getBytes(StandardCharsets.UTF_8);
        int truncateTenths = r.nextInt(11);
        // Truncating at a byte (not a char) boundary may split a multi-byte character on purpose.
        return truncateTenths == 10 ? bytes : Arrays.copyOf(bytes, bytes.length * (5 + truncateTenths / 2) / 10);
    }

    private static Mutation mutation(SplittableRandom r) {
        int kind = r.nextInt(5);
        double at = r.nextDouble();
        double other = r.nextDouble();
        String inserted = switch (r.nextInt(3)) {
            case 0 -> anyString(r, 40);
            case 1 -> TOKENS.get(r.nextInt(TOKENS.size()));
            default -> syntaxSoup(r, 8);
        };
        return new Mutation(kind, at, other, inserted);
    }

    /** One edit of a document's lines, positions given as fractions in [0, 1) so they fit any document. */
    private record Mutation(int kind, double at, double other, String text) {
        String apply(String document) {
            List<String> lines = new ArrayList<>(List.of(document.split("\n", -1)));
            int i = (int) (at * lines.size());
            int j = (int) (other * lines.size());
            switch (kind) {
                case 0 -> lines.add(i, text);
                case 1 -> lines.remove(i);
                case 2 -> {
                    String tmp = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, tmp);
                }
                case 3 -> {
                    String line = lines.get(i);
                    int pos = (int) (other * line.length());
                    lines.set(i, line.substring(0, pos) + text + line.substring(pos));
                }
                default -> lines.set(i, lines.get(i).substring(0, (int) (other * lines.get(i).length())));
            }
            return String.join("\n", lines);
        }
    }

    // ---- the property ---------------------------------------------------------------------

    private static void checkWellFormed(Outcome<Review> outcome) {
        assertNotNull(outcome);
        if (outcome instanceof Outcome.Rejected<Review> rejected) {
            Problem p = rejected.problem();
            assertFalse(p.message().isBlank());
            assertEquals(-1, p.message().indexOf('\n'), p.message());
            if (p.line() != null) {
                assertTrue(p.line() >= 1);
                assertTrue(p.message().startsWith("line " + p.line() + ": "), p.message());
            }
        } else if (outcome instanceof Outcome.Accepted<Review> accepted) {
            Review r = accepted.value();
            assertFalse(Whitespace.isBlank(r.title()));
            assertTrue(r.title().codePointCount(0, r.title().length()) <= LIMITS.maxTitleChars());
            assertTrue(r.pros().size() <= LIMITS.maxListItems());
            assertTrue(r.cons().size() <= LIMITS.maxListItems());
            assertTrue(r.body().size() <= LIMITS.maxParagraphs());
            assertFalse(r.score().text().isEmpty());
        } else {
            throw new AssertionError("neither accepted nor rejected: " + outcome);
        }
    }

    // ---- the harness ---------------------------------------------------------------------

    private static final int PREVIEW_LIMIT = 400;

    private static <T> void forAll(String name, int tries, Function<SplittableRandom, T> generator, Consumer<T> property) {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                fail(name + " failed on try " + i + " of " + tries + " (seed " + SEED
                        + "; replay with -Dreviewflow.seed=" + SEED + ") for input " + input + ": " + e, e);
            }
        }
    }

    /**
     * A bounded, escaped preview: printable ASCII as is, other text as Java escapes, bytes that
     * are not printable ASCII as \xNN; the full length is always given.
     */
    private static String preview(Object document) {
        StringBuilder s = new StringBuilder();
        int length;
        if (document instanceof byte[] bytes) {
            length = bytes.length;
            s.append(length).append(" bytes «");
            for (int i = 0; i < Math.min(length, PREVIEW_LIMIT); i++) {
                int b = bytes[i] & 0xff;
                s.append(b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b) : escape(b, "\\x%02X"));
            }
        } else {
            String text = (String) document;
            length = text.length();
            s.append(length).append(" chars «");
            for (int i = 0; i < Math.min(length, PREVIEW_LIMIT); i++) {
                char c = text.charAt(i);
                s.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf(c) : escape(c, "\\u%04X"));
            }
        }
        return s.append(length > PREVIEW_LIMIT ? "»…(first " + PREVIEW_LIMIT + " shown)" : "»").toString();
    }

    private static String escape(int unit, String otherwise) {
        return switch (unit) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            default -> String.format(otherwise, unit);
        };
    }
}
