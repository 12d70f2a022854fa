package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownReviewParserTest {

    private static final Review NIGHT_FERRY = Parsing.accepted(Parsing.PARSER.parse(Samples.bytes("night-ferry.md"), null));

    @Test
    void nightFerryFields() {
        assertEquals(SourceFormat.MARKDOWN, NIGHT_FERRY.format());
        assertEquals("Night Ferry", NIGHT_FERRY.title());
        assertNull(NIGHT_FERRY.platform());
        assertEquals("Is Night Ferry worth watching?", NIGHT_FERRY.headline());
        assertEquals("You enjoyed The Bridge or Trapped.", NIGHT_FERRY.worthWatchingIf().get(2), "emphasis stripped");
        assertEquals("Ingrid Dahl's detective is tired, funny and believable.", NIGHT_FERRY.pros().get(1));
        assertEquals(new RawScore("4/5", "BINGE IT", 29), NIGHT_FERRY.score());
        assertEquals("It stumbles at the end, but the journey is worth it.", NIGHT_FERRY.body().get(2));
    }

    @Test
    void blurbUnderTheTitleIsNotBody() {
        for (String paragraph : NIGHT_FERRY.body()) {
            assertEquals(false, paragraph.contains("Scandinavian"), paragraph);
        }
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            "*italic* and **bold**          | italic and bold",
            "_under_ and __double__         | under and double",
            "`code` here                    | code here",
            "snake_case stays               | snake_case stays",
            "5 * 3 stays                    | 5 * 3 stays",
            "escaped \\*star\\*             | escaped *star*",
            "<b>html</b> & [link](http://x) | <b>html</b> & [link](http://x)",
    })
    void inlineMarkersStripped(String markdown, String plain) {
        assertEquals(plain, MarkdownInline.plain(markdown));
    }

    @Test
    void looseListsAndOtherHeadingLevels() {
        String doc = """
                # Arrival #

                #### Arrival is worth watching if:

                - You like linguistics.

                - You like *heptapods*.

                **Pros:**

                * Amy Adams.
                * The score.

                Cons
                - Slow.

                ---

                **Verdict**: 9/10

                ## In one sentence

                A linguist learns to see time.

                ## Why it works

                Paragraph one
                wraps here.

                Paragraph two.
                """;
        Review review = Parsing.accepted(doc);
        assertEquals("Arrival", review.title());
        assertEquals(List.of("You like linguistics.", "You like heptapods."), review.worthWatchingIf());
        assertEquals(List.of("Amy Adams.", "The score."), review.pros());
        assertEquals(List.of("Slow."), review.cons());
        assertEquals(new RawScore("9/10", null, 19), review.score());
        assertEquals("A linguist learns to see time.", review.summary());
        assertEquals(List.of("Paragraph one\nwraps here.", "Paragraph two."), review.body(), "body headings are dropped");
    }

    @Test
    void scoreInAHeadingAndCaptionLines() {
        String doc = """
                # Heat

                Heat, Disney+, Diner scene

                ## Verdict: A- MUST WATCH

                Body.
                """;
        Review review = Parsing.accepted(doc);
        assertEquals(new RawScore("A-", "MUST WATCH", 5), review.score());
        assertEquals("Disney+", review.platform());
        assertEquals(List.of("Body."), review.body());
    }

    @Test
    void aHeadlineHeadingThatNamesTheWorkIsStillTheHeadline() {
        // The title comes from the headline when there is no '# Title'; the heading was once skipped as the title's.
        Review review = Parsing.accepted("## Is *Heat* worth watching?\n\n**Rating:** 4/5\n");
        assertEquals("Heat", review.title());
        assertEquals("Is Heat worth watching?", review.headline());
    }

    @Test
    void noTitleAnywhere() {
        String doc = """
                ## Pros
                - Fine.

                **Rating:** 3/5
                """;
        assertEquals(RejectionReason.MISSING_TITLE, Parsing.rejected(doc).reason());
    }

    @Test
    void noScore() {
        String doc = """
                # Heat

                **In one sentence:** Cops and robbers.
                """;
        assertEquals(RejectionReason.MISSING_SCORE, Parsing.rejected(doc).reason());
    }
}
