package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The house text format as new writers will actually submit it. */
class HouseTextEdgeCasesTest {

    /** A small, complete review; tests replace parts of it. */
    static final String REVIEW = """
            Night Bus, BBC Three, Top deck at 3am

            Is 'Night Bus' worth watching?

            Night Bus is worth watching if:

              • You like small stories.
              • You ride buses.

            Night Bus is not worth watching if:

              • You need car chases.


              • Tender writing.
              • Great cast.


              • Too short.

            score: 7,5/10 BINGE IT
            One sentence story summary: A driver and a passenger talk until dawn.

            First paragraph.

            Second paragraph.
            """;

    @Test
    void decimalCommaScoreKeptAsWritten() {
        Review review = Parsing.accepted(REVIEW);
        assertEquals(new RawScore("7,5/10", "BINGE IT", 21), review.score());
        assertEquals("BBC Three", review.platform());
        assertEquals(List.of("Tender writing.", "Great cast."), review.pros());
        assertEquals(List.of("Too short."), review.cons());
        assertEquals(List.of("First paragraph.", "Second paragraph."), review.body());
    }

    @ParameterizedTest(name = "key [{0}]")
    @ValueSource(strings = {"score:", "Score:", "SCORE :", "Rating:", "rating:", "GRADE:", "Grade:", "Verdict:", "VERDICT:"})
    void scoreKeysInAnyCase(String key) {
        Review review = Parsing.accepted(REVIEW.replace("score:", key));
        assertEquals("7,5/10", review.score().text());
        assertEquals("BINGE IT", review.score().writerLabel());
    }

    @Test
    void scoreWithoutLabel() {
        Review review = Parsing.accepted(REVIEW.replace("score: 7,5/10 BINGE IT", "score: 4 out of 5"));
        assertEquals(new RawScore("4 out of 5", null, 21), review.score());
    }

    @Test
    void missingScoreIsRejectedWithAHint() {
        Problem problem = Parsing.rejected(REVIEW.replace("score: 7,5/10 BINGE IT\n", ""));
        assertEquals(RejectionReason.MISSING_SCORE, problem.reason());
        assertEquals("no score line found: add a line such as 'score: 60%'", problem.message());
        assertNull(problem.line());
    }

    @Test
    void emptyScoreValueIsRejectedAtItsLine() {
        Problem problem = Parsing.rejected(REVIEW.replace("score: 7,5/10 BINGE IT", "Score:   "));
        assertEquals(RejectionReason.MISSING_SCORE, problem.reason());
        assertEquals(21, problem.line());
        assertTrue(problem.message().startsWith("line 21: score line has no value"), problem.message());
    }

    @Test
    void labelledProsAndConsInAnyCase() {
        String labelled = REVIEW.replace("\n\n  • Tender writing.", "\nPROS:\n  • Tender writing.")
                .replace("\n\n  • Too short.", "\ncons\n  • Too short.");
        Review review = Parsing.accepted(labelled);
        assertEquals(List.of("Tender writing.", "Great cast."), review.pros());
        assertEquals(List.of("Too short."), review.cons());
    }

    @Test
    void labelledConsBeforePros() {
        String doc = """
                Is "Dune" worth watching?

                Cons:
                - Long.

                Pros:
                - Sand.
                - Worms.

                score: 80%
                """;
        Review review = Parsing.accepted(doc);
        assertEquals("Dune", review.title());
        assertEquals(List.of("Sand.", "Worms."), review.pros());
        assertEquals(List.of("Long."), review.cons());
    }

    @ParameterizedTest(name = "bullet [{0}]")
    @ValueSource(strings = {"•", "-", "*", "–"})
    void everyBulletStyleAndIndent(String bullet) {
        String doc = REVIEW.replace("  • You like", bullet + " You like")
                .replace("  • You ride", "\t" + bullet + "   You ride")
                .replace("•", bullet);
        Review review = Parsing.accepted(doc);
        assertEquals(List.of("You like small stories.", "You ride buses."), review.worthWatchingIf());
        assertEquals(2, review.pros().size());
        assertEquals(1, review.cons().size());
    }

    @Test
    void wrappedBulletContinuesOnAnIndentedLine() {
        Review review = Parsing.accepted(REVIEW.replace("  • You ride buses.", "  • You ride\n    buses at night."));
        assertEquals("You ride buses at night.", review.worthWatchingIf().get(1));
    }

    @Test
    void thirdUnlabelledListIsRejectedNotGuessed() {
        Problem problem = Parsing.rejected(REVIEW.replace("  • Too short.\n", "  • Too short.\n\n  • Stray.\n"));
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(21, problem.line());
    }

    @Test
    void htmlInFieldsIsKeptVerbatim() {
        Review review = Parsing.accepted(REVIEW.replace("Tender writing.", "<script>alert('x')</script> & <b>bold</b>")
                .replace("First paragraph.", "<img src=x onerror=alert(1)>"));
        assertEquals("<script>alert('x')</script> & <b>bold</b>", review.pros().get(0));
        assertEquals("<img src=x onerror=alert(1)>", review.body().get(0));
    }

    @Test
    void emojiAndNonLatinScriptsKept() {
        String doc = """
                千と千尋の神隠し, Netflix 🍿, 湯屋 🛁

                Is ‘千と千尋の神隠し’ worth watching?

                • 👨‍👩‍👧 Family night.
                • Работает на всех.

                • Long for small kids. 😴

                rating: 95% MUST WATCH 🔥
                One sentence story summary: 千尋 works in a bathhouse for spirits.

                Лучший фильм Миядзаки. 🎬
                """;
        Review review = Parsing.accepted(doc);
        assertEquals("千と千尋の神隠し", review.title());
        assertEquals("Netflix 🍿", review.platform());
        assertEquals(new Caption("千と千尋の神隠し", "Netflix 🍿", "湯屋 🛁"), review.captions().get(0));
        assertEquals(List.of("👨‍👩‍👧 Family night.", "Работает на всех."), review.pros());
        assertEquals(List.of("Long for small kids. 😴"), review.cons());
        assertEquals("MUST WATCH 🔥", review.score().writerLabel());
        assertEquals(List.of("Лучший фильм Миядзаки. 🎬"), review.body());
    }

    @Test
    void decomposedInputIsNormalisedToNfc() {
        String decomposed = "Ame\u0301lie";
        Review review = Parsing.accepted(REVIEW.replace("Night Bus", decomposed));
        assertEquals("Am\u00e9lie", review.title());
        assertEquals(2, review.worthWatchingIf().size(), "list labels still match the normalised title");
    }

    @Test
    void controlCharactersRemovedTabsAreWhitespace() {
        String dirty = REVIEW.replace("Tender writing.", "Tender\u0000 wri\u0007ting.\u001B")
                .replace("score: 7,5/10", "score:\t7,5/10")
                .replace("  • Great cast.", "\t•\tGreat cast.\u007F");
        Review review = Parsing.accepted(dirty);
        assertEquals(List.of("Tender writing.", "Great cast."), review.pros());
        assertEquals("7,5/10", review.score().text());
    }

    @Test
    void titleFromHeadlineWhenThereIsNoCaption() {
        Review review = Parsing.accepted(REVIEW.replace("Night Bus, BBC Three, Top deck at 3am\n", ""));
        assertEquals("Night Bus", review.title());
        assertNull(review.platform());
        assertEquals(List.of(), review.captions());
    }

    @Test
    void titleFromWorthWatchingLineAsALastResort() {
        Review review = Parsing.accepted(REVIEW.replace("Night Bus, BBC Three, Top deck at 3am\n", "")
                .replace("Is 'Night Bus' worth watching?\n", ""));
        assertEquals("Night Bus", review.title());
        assertNull(review.headline());
    }

    @Test
    void missingTitle() {
        String doc = """
                Worth watching if:
                • Anything.

                score: 60%
                """;
        Problem problem = Parsing.rejected(doc);
        assertEquals(RejectionReason.MISSING_TITLE, problem.reason());
        assertTrue(problem.message().startsWith("no title found: "), problem.message());
    }

    @Test
    void titleWithACommaIsCaptionedByName() {
        String doc = """
                Is ‘Crouching Tiger, Hidden Dragon’ worth watching?

                Crouching Tiger, Hidden Dragon, Netflix, Bamboo fight

                score: B+
                """;
        Review review = Parsing.accepted(doc);
        assertEquals("Crouching Tiger, Hidden Dragon", review.title());
        assertEquals("Netflix", review.platform());
        assertEquals("Bamboo fight", review.captions().get(0).caption());
    }

    @Test
    void captionBetweenBodyParagraphsIsACaption() {
        Review review = Parsing.accepted(REVIEW.replace("Second paragraph.", "Night Bus, BBC Three, The depot\n\nSecond paragraph."));
        assertEquals(2, review.captions().size());
        assertEquals("The depot", review.captions().get(1).caption());
        assertEquals(List.of("First paragraph.", "Second paragraph."), review.body());
    }

    @Test
    void bodyWithoutSummaryStartsAfterTheScore() {
        Review review = Parsing.accepted(REVIEW.replace("One sentence story summary: A driver and a passenger talk until dawn.\n", ""));
        assertNull(review.summary());
        assertEquals(2, review.body().size());
    }

    @Test
    void summaryBeforeScore() {
        String swapped = REVIEW.replace("score: 7,5/10 BINGE IT\nOne sentence story summary: A driver and a passenger talk until dawn.",
                "One sentence story summary: A driver and a passenger talk until dawn.\nscore: 7,5/10 BINGE IT");
        Review review = Parsing.accepted(swapped);
        assertEquals("A driver and a passenger talk until dawn.", review.summary());
        assertEquals(22, review.score().line());
        assertEquals(List.of("First paragraph.", "Second paragraph."), review.body());
    }

    @Test
    void multiLineBodyParagraphKeepsItsLineBreaks() {
        Review review = Parsing.accepted(REVIEW.replace("First paragraph.", "First line\nsecond line."));
        assertEquals("First line\nsecond line.", review.body().get(0));
    }

    @Test
    void summaryKeyAloneTakesTheNextParagraph() {
        Review review = Parsing.accepted(REVIEW.replace("One sentence story summary: A driver", "Summary:\n\nA driver"));
        assertEquals("A driver and a passenger talk until dawn.", review.summary());
        assertEquals(List.of("First paragraph.", "Second paragraph."), review.body());
    }

    @Test
    void wrappedSummaryJoinsWithASpace() {
        Review review = Parsing.accepted(REVIEW.replace("a passenger talk", "a passenger\ntalk"));
        assertEquals("A driver and a passenger talk until dawn.", review.summary());
    }

    @Test
    void twoPartCaptionHasPlatformButNoCaptionText() {
        Review review = Parsing.accepted(REVIEW.replace("Night Bus, BBC Three, Top deck at 3am", "Night Bus, BBC Three"));
        assertEquals(new Caption("Night Bus", "BBC Three", null), review.captions().get(0));
        assertEquals("BBC Three", review.platform());
    }

    @Test
    void firstLineThatIsASentenceIsNotACaption() {
        Review review = Parsing.accepted("Hello, this is my review.\n\n" + REVIEW.substring(REVIEW.indexOf("Is 'Night")));
        assertEquals("Night Bus", review.title());
        assertEquals(List.of(), review.captions());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
            "Is “Night Bus” worth watching?      | Night Bus",
            "is «Night Bus» worth watching?      | Night Bus",
            "IS Night Bus WORTH WATCHING?        | Night Bus",
    })
    void headlineQuoteStyles(String headline, String title) {
        String doc = REVIEW.replace("Night Bus, BBC Three, Top deck at 3am\n", "").replace("Is 'Night Bus' worth watching?", headline);
        Review review = Parsing.accepted(doc);
        assertEquals(title, review.title());
        assertEquals(headline.strip(), review.headline());
    }

    @Test
    void negativeLabelVariants() {
        Review review = Parsing.accepted(REVIEW.replace("Night Bus is not worth watching if:", "Night Bus isn’t worth watching if"));
        assertEquals(List.of("You need car chases."), review.notWorthWatchingIf());
    }

    @ParameterizedTest(name = "declared {0}")
    @CsvSource({"TEXT", "MARKDOWN"})
    void declaredLineFormatsReadTheHouseText(SourceFormat format) {
        Review review = Parsing.accepted(Parsing.PARSER.parse(REVIEW.getBytes(java.nio.charset.StandardCharsets.UTF_8), format));
        assertEquals(format, review.format());
        assertEquals("Night Bus", review.title());
    }
}
