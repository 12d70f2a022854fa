package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The house-format writer, on the reference document and on reviews built by hand. */
class HouseTextFormatterTest {

    private static final HouseTextFormatter FORMATTER = new HouseTextFormatter();

    /** The review of HouseTextEdgeCasesTest's document, with a second caption. */
    private static final Review NIGHT_BUS = new Review(SourceFormat.TEXT, "Night Bus", "BBC Three",
            List.of(new Caption("Night Bus", "BBC Three", "Top deck at 3am"),
                    new Caption("Night Bus", "BBC Three", "The depot")),
            "Is ‘Night Bus’ worth watching?",
            List.of("You like small stories.", "You ride buses."),
            List.of("You need car chases."),
            List.of("Tender writing.", "Great cast."),
            List.of("Too short."),
            new RawScore("7,5/10", "BINGE IT", 23),
            "A driver and a passenger talk until dawn.",
            List.of("First paragraph.", "Second paragraph."));

    @Test
    void thePerfectionSurvivesParseFormatParse() {
        // given the reference document, parsed
        Review original = Parsing.accepted(Parsing.PARSER.parse(Samples.bytes("the-perfection.txt"), null));

        // when it is written out and read again
        Review again = parse(FORMATTER.format(original));

        // then nothing changed, the score's line number included
        assertEquals(original, again);
    }

    @Test
    void thePerfectionIsWrittenInTheSamplesOwnLayout() {
        // given the reference document, parsed
        String sample = Samples.text("the-perfection.txt");
        Review review = Parsing.accepted(Parsing.PARSER.parse(sample.getBytes(StandardCharsets.UTF_8), null));

        // when it is written out
        String formatted = FORMATTER.format(review);

        // then it is the sample line for line, but for the no-break spaces the writer left around
        // the score and the blank lines at the end
        String tidied = sample.replace("score:\u00A060% CHILLIN\u00A0", "score: 60% CHILLIN").stripTrailing() + "\n";
        assertEquals(tidied, formatted);
    }

    @Test
    void handBuiltReviewLooksLikeTheSample() {
        // given a review built by hand

        // when it is written out
        String formatted = FORMATTER.format(NIGHT_BUS);

        // then captions, headline, labelled lists, two unlabelled groups, score, summary and body
        // come in the sample's order and spacing
        assertEquals("""
                Night Bus, BBC Three, Top deck at 3am

                Is ‘Night Bus’ worth watching?

                Night Bus is worth watching if:

                  • You like small stories.
                  • You ride buses.

                Night Bus is not worth watching if:

                  • You need car chases.


                  • Tender writing.
                  • Great cast.


                  • Too short.

                Night Bus, BBC Three, The depot

                score: 7,5/10 BINGE IT
                One sentence story summary: A driver and a passenger talk until dawn.

                First paragraph.

                Second paragraph.
                """, formatted);
        assertEquals(NIGHT_BUS, parse(formatted));
    }

    @Test
    void scoreIsPaddedDownToItsRecordedLine() {
        // given a review whose score was further down than the head needs
        Review review = withScore(NIGHT_BUS, new RawScore("7,5/10", "BINGE IT", 26));

        // when it is written out
        String formatted = FORMATTER.format(review);

        // then blank lines take the score to line 26, where it is read back
        assertEquals("score: 7,5/10 BINGE IT", formatted.split("\n", -1)[25]);
        assertEquals(review, parse(formatted));
    }

    @Test
    void scoreWithoutALineGoesRightAfterTheHead() {
        // given a review whose score has no line (as from JSON), and no label
        Review review = withScore(NIGHT_BUS, new RawScore("★★★½", null, null));

        // when it is written out and read again
        String formatted = FORMATTER.format(review);

        // then the score is on the line after the head, and that is the line read back
        assertTrue(formatted.contains("\n\nscore: ★★★½\nOne sentence"), formatted);
        assertEquals(withScore(NIGHT_BUS, new RawScore("★★★½", null, 23)), parse(formatted));
    }

    @Test
    void scoreLineNoDocumentCouldReachIsNotPaddedTo() {
        // given a review whose score line is bogus
        Review bogus = withScore(NIGHT_BUS, new RawScore("7,5/10", "BINGE IT", Integer.MAX_VALUE));

        // when it is written out, then the score goes right after the head, as with no line at all
        assertEquals(FORMATTER.format(withScore(NIGHT_BUS, new RawScore("7,5/10", "BINGE IT", null))),
                FORMATTER.format(bogus));
    }

    @Test
    void consWithoutProsAreLabelled() {
        // given a review with cons but no pros, and no labelled lists
        Review review = new Review(SourceFormat.TEXT, "Night Bus", "BBC Three",
                List.of(new Caption("Night Bus", "BBC Three", null)), null,
                List.of(), List.of(), List.of(), List.of("Too short.", "Too loud."),
                new RawScore("B-", null, 8), null, List.of("Only paragraph."));

        // when it is written out
        String formatted = FORMATTER.format(review);

        // then the cons carry a label, since an unlabelled first group would be the pros
        assertEquals("""
                Night Bus, BBC Three

                Cons:

                  • Too short.
                  • Too loud.

                score: B-

                Only paragraph.
                """, formatted);
        assertEquals(review, parse(formatted));
    }

    @Test
    void titleWithACommaIsNamedByTheHeadlineAndCaptionedAfterTheLists() {
        // given a title that a first-line caption would split at its comma
        String title = "Crouching Tiger, Hidden Dragon";
        Review review = new Review(SourceFormat.TEXT, title, "Netflix",
                List.of(new Caption(title, "Netflix", "Bamboo fight"),
                        new Caption("CROUCHING TIGER, HIDDEN DRAGON", "Netflix", null)),
                "Is “Crouching Tiger, Hidden Dragon” worth watching?",
                List.of(), List.of(), List.of("Wire work."), List.of(),
                new RawScore("4/5 stars", "MUST WATCH", 10), "Two warriors chase a stolen sword.", List.of());

        // when it is written out
        String formatted = FORMATTER.format(review);

        // then the headline opens the document and the captions follow the lists
        assertEquals("""
                Is “Crouching Tiger, Hidden Dragon” worth watching?


                  • Wire work.

                Crouching Tiger, Hidden Dragon, Netflix, Bamboo fight

                CROUCHING TIGER, HIDDEN DRAGON, Netflix

                score: 4/5 stars MUST WATCH
                One sentence story summary: Two warriors chase a stolen sword.
                """, formatted);
        assertEquals(review, parse(formatted));
    }

    @Test
    void titleFromTheWorthWatchingLabelWhenNothingElseNamesIt() {
        // given no captions and no headline, only the worth-watching-if list
        Review review = new Review(SourceFormat.TEXT, "Dune", null, List.of(), null,
                List.of("You like sand."), List.of(), List.of(), List.of(),
                new RawScore("thumbs up", null, 5), null, List.of("Big.", "Loud."));

        // when it is written out and read again
        Review again = parse(FORMATTER.format(review));

        // then the label named the work
        assertEquals(review, again);
    }

    @Test
    void itemsThatLookLikeSyntaxStayItems() {
        // given items that start with a bullet or a key, and body lines that look like head lines
        Review review = withScore(withLists(NIGHT_BUS,
                List.of("- a dash of wit", "• bullet inside"),
                List.of("score: 2/10 if you hate buses", "Summary: none"),
                List.of("Pros:", "Is ‘it’ worth watching?"),
                List.of("Cons", "Night Bus, BBC Three, a caption-shaped con")),
                new RawScore("7,5/10", "BINGE IT", 25)); // two more items than NIGHT_BUS above the score

        // when it is written out and read again
        Review again = parse(FORMATTER.format(review));

        // then they are read back as the items they are
        assertEquals(review, again);
    }

    private static Review parse(String text) {
        return Parsing.accepted(Parsing.PARSER.parse(text.getBytes(StandardCharsets.UTF_8), SourceFormat.TEXT));
    }

    private static Review withScore(Review r, RawScore score) {
        return new Review(r.format(), r.title(), r.platform(), r.captions(), r.headline(), r.worthWatchingIf(),
                r.notWorthWatchingIf(), r.pros(), r.cons(), score, r.summary(), r.body());
    }

    private static Review withLists(Review r, List<String> worth, List<String> notWorth, List<String> pros, List<String> cons) {
        return new Review(r.format(), r.title(), r.platform(), r.captions(), r.headline(), worth, notWorth, pros, cons,
                r.score(), r.summary(), r.body());
    }
}
