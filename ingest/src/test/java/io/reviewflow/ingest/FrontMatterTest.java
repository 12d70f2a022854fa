package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Markdown as static-site generators and CMS exports write it: YAML or TOML front matter before the
 * house Markdown body.
 *
 * <p>Each check was first seen failing against a deliberately broken reader: front matter ignored
 * (the exports lose title and score, the conflicts pass), the depth guard removed (the nesting test
 * overflows the stack), duplicate keys allowed, front matter lines not counted in body line numbers,
 * and the fence accepted anywhere in the document (the thematic-break tests).
 */
class FrontMatterTest {

    /** The night-ferry.md review without its title heading and score line: the front matter gives them. */
    private static final String BODY = """

            *A Scandinavian crime series, eight episodes, streaming on Nordwave.*

            ## Is *Night Ferry* worth watching?

            ### Night Ferry is worth watching if:

            - You like slow-burn mysteries where the setting is a character.
            - You can live with subtitles and long silences.

            ### Night Ferry is not worth watching if:

            - You need a twist at the end of every episode.

            ## Pros

            - The ferry itself, cramped and creaking, is a brilliant stage.

            ## Cons

            - The final episode rushes its reveal.

            **In one sentence:** A detective on a night crossing has until dawn to find the killer.

            Night Ferry takes its time.

            It stumbles at the end, but the journey is worth it.
            """;

    private static final String SUMMARY = "A detective on a night crossing has until dawn to find the killer.";

    // --- real export shapes ---------------------------------------------------------------------

    @Test
    void jekyllPost() {
        Review review = Parsing.accepted("""
                ---
                layout: post
                title: "Night Ferry"
                date: 2026-01-12 09:00:00 +0100
                categories: [reviews, tv]
                rating: 4/5 BINGE IT
                ---
                """ + BODY);

        assertEquals(SourceFormat.MARKDOWN, review.format());
        assertEquals("Night Ferry", review.title());
        assertEquals(new RawScore("4/5", "BINGE IT", 6), review.score(), "the score's line is its key's line in the document");
        assertEquals(SUMMARY, review.summary());
        assertEquals(List.of("Night Ferry takes its time.", "It stumbles at the end, but the journey is worth it."), review.body());
        assertEquals(2, review.worthWatchingIf().size());
    }

    @Test
    void hugoYamlSample() {
        Review review = Parsing.accepted(Parsing.PARSER.parse(Samples.bytes("front-matter.md"), null));

        assertEquals("The Long Thaw", review.title());
        assertEquals("Prime Video", review.platform());
        assertEquals(new RawScore("7.5/10", "BINGE IT", 7), review.score());
        assertEquals("A glaciologist returns to the Greenland research camp where her mentor vanished, just as the"
                + " melting ice starts giving up its secrets.", review.summary(), "a folded YAML scalar is one line");
        assertEquals("Is The Long Thaw worth watching?", review.headline());
        assertEquals(List.of("The middle episodes circle the same argument twice.", "A late romance subplot feels bolted on."),
                review.cons());
        // publish's SampleReviews.frontMatter() is built by hand from these: keep the two in step
        assertEquals(List.of("The Long Thaw opens on a helicopter shadow crossing miles of white, and for a long while"
                        + " that is as fast as it moves. The camp is six huts and a generator, and the show lets us"
                        + " learn every one of them.",
                "Holt plays a scientist who is very good at ice and very bad at people, and the series trusts her to"
                        + " stay that way.",
                "It loses its nerve a little in the last episode, but the final shot, of meltwater running where the"
                        + " mentor's tent once stood, stays with you."),
                review.body(), "the thematic breaks in the body are not front matter");
    }

    @Test
    void hugoToml() {
        Review review = Parsing.accepted("""
                +++
                title = "Night Ferry"
                date = 2026-01-12T09:00:00Z
                draft = false
                platform = "Nordwave"
                rating = "4/5"
                tags = ["crime", "nordic"]

                [params]
                  author = "critic-7"
                  title = "not the review's: a key of the params table"
                +++
                """ + BODY);

        assertEquals("Night Ferry", review.title());
        assertEquals("Nordwave", review.platform());
        assertEquals(new RawScore("4/5", null, 6), review.score());
        assertEquals(SUMMARY, review.summary());
        assertEquals(2, review.body().size());
    }

    @Test
    void astroContentCollection() {
        Review review = Parsing.accepted("""
                ---
                title: 'Night Ferry'
                pubDate: 2026-01-12
                description: 'Our verdict on the Nordic noir everyone is talking about.'
                author: 'Critic 7'
                image:
                    url: 'https://example.com/ferry.webp'
                    alt: 'A ferry at night.'
                tags: ["crime", "nordic"]
                score: "80%"
                ---
                """ + BODY);

        assertEquals("Night Ferry", review.title());
        assertNull(review.platform());
        assertEquals(new RawScore("80%", null, 10), review.score());
        assertEquals(SUMMARY, review.summary(), "description is not the summary");
    }

    @Test
    void ghostExport() {
        Review review = Parsing.accepted("""
                ---
                title: "Night Ferry"
                slug: "night-ferry"
                date: "2026-01-12T09:00:00.000Z"
                excerpt: "Our verdict on the Nordic noir everyone is talking about."
                feature_image: "https://example.com/content/images/ferry.jpg"
                tags: ["Reviews", "TV"]
                authors: ["Critic 7"]
                status: "published"
                platform: "Nordwave"
                rating: "★★★★"
                writerLabel: "BINGE IT"
                ---
                """ + BODY);

        assertEquals("Night Ferry", review.title());
        assertEquals("Nordwave", review.platform());
        assertEquals(new RawScore("★★★★", "BINGE IT", 11), review.score(), "at the score's line");
    }

    // --- front matter supplying fields, and the body --------------------------------------------

    @Test
    void frontMatterAloneNamesTheWorkAndScoresIt() {
        Review review = Parsing.accepted("""
                ---
                title: Salt Flats
                platform: Cinema release
                rating: 3/5
                summary: Two sisters drive across Utah to scatter their father's ashes.
                ---

                ## Pros

                - The desert is shot like another planet.

                ## Cons

                - Neither sister changes much.

                Salt Flats is a road movie that knows where it is going.

                - a list in the prose is prose
                """);

        assertEquals("Salt Flats", review.title());
        assertEquals("Cinema release", review.platform());
        assertEquals(new RawScore("3/5", null, 4), review.score());
        assertEquals("Two sisters drive across Utah to scatter their father's ashes.", review.summary());
        assertEquals(List.of("The desert is shot like another planet."), review.pros());
        assertEquals(List.of("Neither sister changes much."), review.cons());
        assertEquals(List.of("Salt Flats is a road movie that knows where it is going.",
                "- a list in the prose is prose"), review.body(),
                "with the score in the front matter, the first plain paragraph after the lists starts the body");
    }

    @Test
    void withoutListsTheBodyStartsAfterTheHeadline() {
        Review review = Parsing.accepted("---\ntitle: Heat\nrating: A-\n---\n*A blurb.*\n\n## Is Heat worth watching?\n\n"
                + "Yes.\n\nIt is long.\n");
        assertEquals(List.of("Yes.", "It is long."), review.body());
    }

    @Test
    void textBetweenTheHeadlineAndTheListsIsStillHead() {
        Review review = Parsing.accepted("---\ntitle: Heat\nrating: A-\n---\n## Is Heat worth watching?\n\nBy Critic 7.\n\n"
                + "## Pros\n\n- De Niro.\n\nIt is long.\n");
        assertEquals(List.of("De Niro."), review.pros());
        assertEquals(List.of("It is long."), review.body());
    }

    @Test
    void bodyAndFrontMatterSayingTheSameThingIsFine() {
        Review review = Parsing.accepted("""
                ---
                title: Night  Ferry
                rating: 4/5
                writerLabel: binge it
                ---
                # Night Ferry

                **Rating:** 4/5 BINGE IT
                """);

        assertEquals("Night Ferry", review.title(), "white space runs do not count");
        assertEquals(new RawScore("4/5", "BINGE IT", 8), review.score(), "the body's statement is kept, labels in any case");
    }

    @Test
    void aLabelOnOneSideOnlyIsKept() {
        Review fromFrontMatter = Parsing.accepted("---\nrating: 4/5\nwriterLabel: BINGE IT\n---\n# Night Ferry\n\n**Rating:** 4/5\n");
        assertEquals(new RawScore("4/5", "BINGE IT", 7), fromFrontMatter.score());
        Review fromBody = Parsing.accepted("---\nrating: 4/5\n---\n# Night Ferry\n\n**Rating:** 4/5 BINGE IT\n");
        assertEquals(new RawScore("4/5", "BINGE IT", 6), fromBody.score());
    }

    @Test
    void titleStatedDifferentlyIsARejectionNamingBothLines() {
        Problem problem = Parsing.rejected("""
                ---
                title: "Night Ferry: a slow-burn crossing"
                rating: 4/5
                ---
                # Night Ferry
                """);

        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(2, problem.line());
        assertEquals("line 2: the title 'Night Ferry: a slow-burn crossing' disagrees with 'Night Ferry' on line 5:"
                + " give it once, or the same in both places", problem.message());
    }

    @Test
    void scoreStatedDifferentlyIsARejection() {
        Problem problem = Parsing.rejected("---\ntitle: Night Ferry\nrating: 4/5\n---\n\n**Rating:** 80%\n");
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals("line 3: the score '4/5' disagrees with '80%' on line 6: give it once, or the same in both places",
                problem.message(), "ingest does not judge that both are 80: it refuses to choose");
    }

    @Test
    void labelPlatformAndSummaryStatedDifferentlyAreRejections() {
        assertEquals("line 3: the writer's label 'MEH' disagrees with 'BINGE IT' on line 6: give it once, or the same in both places",
                Parsing.rejected("---\ntitle: Night Ferry\nrating: 4/5 MEH\n---\n\n**Rating:** 4/5 BINGE IT\n").message());
        assertEquals(3, Parsing.rejected("---\ntitle: Night Ferry\nplatform: Netflix\n---\nNight Ferry, Nordwave, The deck\n\nscore: 4/5\n").line());
        assertEquals(2, Parsing.rejected("---\nsummary: One thing.\n---\n# Night Ferry\n\nscore: 4/5\n\nSummary: Another.\n").line());
    }

    @Test
    void twoScoreKeysMustAgree() {
        Problem problem = Parsing.rejected("---\ntitle: X\nscore: 80%\nrating: 4/5\n---\n");
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(3, problem.line());
        assertEquals(new RawScore("4/5", null, 3), Parsing.accepted("---\ntitle: X\nrating: 4/5\nscore: 4/5\n---\n").score());
        assertEquals(3, Parsing.rejected("---\ntitle: X\nrating: 4/5 MEH\nwriterLabel: BINGE IT\n---\n").line(),
                "a label after the score and a writerLabel must agree too");
    }

    /**
     * {@code rating: 8} could be 8/10, 8 stars or 8%; ingest passes the number on as written, and scoring
     * refuses it as it refuses {@code score: 8} anywhere ({@code SCORE_UNREADABLE}, "has no scale"), at this line.
     */
    @Test
    void bareNumbersAreKeptAsWrittenForScoringToRefuse() {
        assertEquals(new RawScore("8", null, 3), Parsing.accepted("---\ntitle: X\nrating: 8\n---\n").score());
        assertEquals(new RawScore("4.50", null, 3), Parsing.accepted("---\ntitle: X\nrating: 4.50\n---\n").score());
        assertEquals(new RawScore("7.5", null, 3), Parsing.accepted("+++\ntitle = \"X\"\nrating = 7.5\n+++\n").score());
        assertEquals("1917", Parsing.accepted("---\ntitle: 1917\nrating: 4/5\n---\n").title(), "a title YAML would call a number");
    }

    @Test
    void unknownAndEmptyKeysAreIgnored() {
        Review review = Parsing.accepted("---\ntitle:\nsubtitle: Night Ferry\nplatform: ~\nrating: 4/5\nweird: {a: [1, 2]}\n---\n# Night Ferry\n");
        assertEquals("Night Ferry", review.title());
        assertNull(review.platform());
    }

    @Test
    void emptyFrontMatterLeavesTheBodyToSayEverything() {
        Review review = Parsing.accepted("---\n---\n# Night Ferry\n\n**Rating:** 4/5\n");
        assertEquals("Night Ferry", review.title());
        assertEquals(new RawScore("4/5", null, 5), review.score());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "---\ntitle:\n  en: Night Ferry\n  no: Nattferja\nrating: 4/5\n---\n",
            "---\ntitle: [Night Ferry]\nrating: 4/5\n---\n",
            "+++\ntitle = { en = \"Night Ferry\" }\nrating = \"4/5\"\n+++\n",
            "+++\ntitle = true\nrating = \"4/5\"\n+++\n"})
    void aTitleThatIsNotTextIsARejection(String document) {
        Problem problem = Parsing.rejected(document);
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(2, problem.line());
        assertTrue(problem.message().startsWith("line 2: front matter key 'title' must be text, not "), problem.message());
    }

    @Test
    void aScalarInsteadOfKeysIsARejection() {
        Problem problem = Parsing.rejected("---\njust a sentence\n---\n# Night Ferry\n");
        assertEquals("line 2: the front matter must be keys and values, such as 'title: Night Ferry'", problem.message());
    }

    // --- front matter that cannot be read -------------------------------------------------------

    @Test
    void invalidYamlIsARejectionAtItsLine() {
        // A colon in an unquoted title is the commonest YAML mistake in hand-written front matter.
        Problem problem = Parsing.rejected("""
                ---
                date: 2026-01-12
                title: Night Ferry: the crossing
                rating: 4/5
                ---
                """ + BODY);

        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(3, problem.line());
        assertEquals("line 3: the front matter cannot be read as YAML: mapping values are not allowed here", problem.message());
    }

    @Test
    void tabIndentationIsARejectionAtItsLine() {
        Problem problem = Parsing.rejected("---\ntitle: Night Ferry\nimage:\n\turl: x\n---\n");
        assertEquals(4, problem.line());
        assertTrue(problem.message().startsWith("line 4: the front matter cannot be read as YAML: found character"), problem.message());
    }

    @Test
    void invalidTomlIsARejectionAtItsLine() {
        Problem problem = Parsing.rejected("+++\ntitle = \"Night Ferry\"\nplatform = Nordwave\n+++\n");
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(3, problem.line());
        assertTrue(problem.message().startsWith("line 3: the front matter cannot be read as TOML: "), problem.message());
    }

    @Test
    void duplicateKeysAreARejectionAtTheSecond() {
        Problem yaml = Parsing.rejected("---\ntitle: Night Ferry\nrating: 4/5\ntitle: Day Ferry\n---\n");
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, yaml.reason());
        assertEquals("line 4: the front matter cannot be read as YAML: found duplicate key title (while constructing a mapping)",
                yaml.message());
        Problem nested = Parsing.rejected("---\ntitle: Night Ferry\nparams:\n  a: 1\n  a: 2\n---\n");
        assertEquals(5, nested.line(), "in keys the pipeline ignores too");
        Problem toml = Parsing.rejected("+++\ntitle = \"Night Ferry\"\nrating = \"4/5\"\ntitle = \"Day Ferry\"\n+++\n");
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, toml.reason());
        assertEquals(4, toml.line());
    }

    @Test
    void unterminatedFrontMatterIsARejection() {
        Problem problem = Parsing.rejected("---\ntitle: Night Ferry\nrating: 4/5\n\n# Night Ferry\n\nIt is good.\n");
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals("line 1: the front matter opened here is never closed: end it with a line '---' before the review starts",
                problem.message());
        assertEquals("line 1: the front matter opened here is never closed: end it with a line '+++' before the review starts",
                Parsing.rejected("+++\ntitle = \"Night Ferry\"\n").message());
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder yaml = new StringBuilder("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String previous = "a";
        for (char c = 'b'; c <= 'i'; c++) {
            yaml.append(c).append(": &").append(c).append(" [")
                    .append(String.join(",", Collections.nCopies(9, "*" + previous))).append("]\n");
            previous = String.valueOf(c);
        }
        yaml.append("title: Night Ferry\nrating: 4/5\n---\n");

        Problem problem = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Parsing.rejected(yaml.toString()));

        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(1, problem.line(), "SnakeYAML gives no position for its alias limit: the fence's line");
        assertTrue(problem.message().contains("aliases"), problem.message());
    }

    @Test
    void deepNestingIsARejectionNotAStackOverflow() {
        String deep = "---\ntitle: Night Ferry\nx: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n---\n";
        Problem problem = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Parsing.rejected(deep));
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals("line 3: the front matter cannot be read as YAML: collections nested more than 32 deep", problem.message());
        String deepToml = "+++\ntitle = \"Night Ferry\"\nx = " + "[".repeat(5_000) + "]".repeat(5_000) + "\n+++\n";
        assertEquals(3, assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Parsing.rejected(deepToml)).line());
    }

    @Test
    void recursiveValuesAreHarmlessAndRecursiveKeysRefused() {
        assertEquals("Night Ferry", Parsing.accepted("---\ntitle: Night Ferry\nrating: 4/5\nloop: &a [*a]\n---\n").title());
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, Parsing.rejected("---\ntitle: X\nloop: &a {*a: 1}\n---\n").reason());
    }

    @Test
    void frontMatterOverItsLimitIsRefusedBeforeParsing() {
        String big = "---\ntitle: Night Ferry\nnotes: |\n" + "  a line of notes nobody reads\n".repeat(2_000) + "---\n# Night Ferry\n";
        Problem problem = Parsing.rejected(big);
        assertEquals(RejectionReason.FIELD_TOO_LONG, problem.reason());
        assertEquals(1, problem.line());
        assertTrue(problem.message().matches("line 1: the front matter \\(lines 1 to 2004\\) is \\d+ characters long;"
                + " the limit is 32768: shorten it"), problem.message());
    }

    @Test
    void fieldLimitsApplyToFrontMatterAtItsLines() {
        Problem problem = Parsing.rejected("---\ndate: 2026-01-12\ntitle: " + "x".repeat(301) + "\nrating: 4/5\n---\n");
        assertEquals(RejectionReason.FIELD_TOO_LONG, problem.reason());
        assertEquals("line 3: the title is 301 characters long; the limit is 300: shorten it", problem.message());
    }

    @Test
    void environmentVariablesAreNeverConsulted() {
        // SnakeYAML Engine substitutes ${VAR} only when given an EnvConfig; we give none.
        assertEquals("${HOME}", Parsing.accepted("---\ntitle: ${HOME}\nrating: 4/5\n---\n").title());
        assertEquals("${NOT_SET:?required}", Parsing.accepted("---\ntitle: ${NOT_SET:?required}\nrating: 4/5\n---\n").title());
    }

    @Test
    void controlCharactersEscapedInYamlAreRemovedAsInAnyText() {
        assertEquals("Night Ferry", Parsing.accepted("---\ntitle: \"Night\\u0007 Ferry\"\nrating: 4/5\n---\n").title());
    }

    // --- where the front matter is, and line numbers --------------------------------------------

    @Test
    void bodyLinesKeepTheirNumbersInTheDocument() {
        // A third unlabelled list is rejected at its line, which counts the front matter's lines.
        Problem problem = Parsing.rejected("""
                ---
                title: Night Ferry
                rating: 4/5
                ---
                - one
                ## Other
                - two
                ## More
                - three
                """);
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(9, problem.line());

        Problem tooLong = Parsing.rejected("---\ntitle: Night Ferry\nrating: 4/5\n---\n\n## Pros\n\n- ok\n\n"
                + "y".repeat(20_001) + "\n");
        assertEquals(RejectionReason.FIELD_TOO_LONG, tooLong.reason());
        assertEquals(10, tooLong.line());
    }

    @Test
    void bomAndCrlfAreReadLikeLf() {
        String lf = "---\ntitle: Night Ferry\nrating: 4/5\n---\n" + BODY;
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] crlf = lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] document = new byte[bom.length + crlf.length];
        System.arraycopy(bom, 0, document, 0, bom.length);
        System.arraycopy(crlf, 0, document, bom.length, crlf.length);

        Review review = Parsing.accepted(Parsing.PARSER.parse(document, null));

        assertEquals(Parsing.accepted(lf), review);
        assertEquals(new RawScore("4/5", null, 3), review.score());
        Problem problem = Parsing.rejected(Parsing.PARSER.parse(
                ("\uFEFF---\r\ntitle: a: b\r\n---\r\n").getBytes(StandardCharsets.UTF_8), null));
        assertEquals(2, problem.line());
    }

    @Test
    void thematicBreaksInTheBodyAreNotFrontMatter() {
        String nightFerry = Samples.text("night-ferry.md");
        String withBreaks = nightFerry
                .replace("## Is *Night Ferry*", "---\n\ntitle: not front matter\n\n---\n\n## Is *Night Ferry*")
                .replace("It stumbles at the end", "---\n\nIt stumbles at the end");

        Review review = Parsing.accepted(withBreaks);

        assertEquals("Night Ferry", review.title());
        assertEquals(Parsing.accepted(nightFerry).body(), review.body());
    }

    @Test
    void onlyTheFirstLineOpensFrontMatter() {
        Review review = Parsing.accepted("\n---\ntitle: Day Ferry\n---\n# Night Ferry\n\n**Rating:** 4/5\n");
        assertEquals("Night Ferry", review.title(), "a --- after a blank first line is a thematic break");
        assertEquals(SourceFormat.MARKDOWN, FormatDetector.detect("---\ntitle: X\n---\nscore: 4/5\n"));
        assertEquals(SourceFormat.MARKDOWN, FormatDetector.detect("+++\ntitle = \"X\"\n+++\nscore: 4/5\n"));
        assertEquals(SourceFormat.TEXT, FormatDetector.detect("----\ntitle: X\n"));
    }

    @Test
    void houseTextDeclaredAsSuchHasNoFrontMatter() {
        Review review = Parsing.accepted(Parsing.PARSER.parse(
                "---\nIs 'Night Ferry' worth watching?\n---\nscore: 4/5\n".getBytes(StandardCharsets.UTF_8), SourceFormat.TEXT));
        assertEquals("Night Ferry", review.title());
    }
}
