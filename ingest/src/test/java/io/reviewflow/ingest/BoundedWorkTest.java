package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.SourceFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Work stays linear in the document: hostile documents at the size limit parse quickly, and a
 * sample-sized document parses in microseconds. The bounds are loose on purpose (shared CI
 * machines); they catch quadratic blow-ups, not small regressions.
 */
class BoundedWorkTest {

    private static final int LIMIT = IngestLimits.DEFAULT_MAX_DOCUMENT_BYTES;

    static Stream<Arguments> hostileDocuments() {
        return Stream.of(
                Arguments.of("wrapped bullet", "Is 'X' worth watching?\n• start\n" + fill("  more\n")),
                Arguments.of("bullets", "Is 'X' worth watching?\n" + fill("• p\n")),
                Arguments.of("one long line", "score: " + fill("a")),
                Arguments.of("commas", fill(",")),
                Arguments.of("emphasis", "# T\n" + fill("*_`\\")),
                Arguments.of("headings", fill("# x\n")),
                Arguments.of("blank lines", "x" + fill("\n")),
                Arguments.of("summary paragraph", "score: 1\nsummary: a\n" + fill("b\n")),
                Arguments.of("body paragraphs", "Is 'X' worth watching?\nscore: 1\n" + fill("b\n\n")),
                Arguments.of("json nesting", "{\"a\":" + fill("[")),
                Arguments.of("json long string", "{\"title\": \"" + fill("x") + "\"}"),
                Arguments.of("json many numbers", "{\"a\": [" + fill("1e99999,") + "1]}"),
                Arguments.of("front matter never closed", "---\n" + fill("a: b\n")),
                Arguments.of("front matter over its limit", "---\n" + fill("a: b\n") + "---\n"),
                Arguments.of("yaml nesting", frontMatter("---", "x: " + "[".repeat(FRONT_MATTER - 10))),
                Arguments.of("yaml scalar aliases", frontMatter("---", "a: &a x\nb: [" + "*a, ".repeat((FRONT_MATTER - 20) / 4) + "]")),
                Arguments.of("yaml keys", frontMatter("---", keys(": v"))),
                Arguments.of("toml nesting", frontMatter("+++", "x = " + "[".repeat(FRONT_MATTER - 10))),
                Arguments.of("toml keys", frontMatter("+++", keys(" = 1"))));
    }

    private static final int FRONT_MATTER = FrontMatterReader.MAX_CHARS;

    /** Distinct keys filling a front matter block. */
    private static String keys(String value) {
        return IntStream.range(0, FRONT_MATTER / 12).mapToObj(i -> "k" + i + value).collect(Collectors.joining("\n"));
    }

    /** A front matter block just under its limit, then a body up to the document limit. */
    private static String frontMatter(String fence, String block) {
        return fence + "\n" + block + "\n" + fence + "\n" + "Body.\n".repeat((LIMIT - FRONT_MATTER - 64) / 6);
    }

    private static String fill(String unit) {
        return unit.repeat((LIMIT - 64) / unit.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDocuments")
    void hostileDocumentAtTheLimitParsesQuickly(String name, String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length <= LIMIT, name + " is " + bytes.length + " bytes");
        for (SourceFormat format : new SourceFormat[] {null, SourceFormat.TEXT, SourceFormat.MARKDOWN, SourceFormat.JSON}) {
            Outcome<?> outcome = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Parsing.PARSER.parse(bytes, format));
            assertTrue(outcome instanceof Outcome.Accepted || outcome instanceof Outcome.Rejected);
        }
    }

    @Test
    void referenceDocumentParsesInMicroseconds() {
        byte[] doc = Samples.bytes("the-perfection.txt");
        for (int i = 0; i < 20_000; i++) {
            Parsing.PARSER.parse(doc, null); // warm up the JIT
        }
        int runs = 20_000;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            Parsing.PARSER.parse(doc, null);
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / runs;
        System.out.printf("the-perfection.txt (%d bytes): %.1f µs per parse%n", doc.length, micros);
        assertTrue(micros < 500, micros + " µs per parse");
    }
}
