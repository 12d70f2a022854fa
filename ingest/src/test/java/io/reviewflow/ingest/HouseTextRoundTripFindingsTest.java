package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parser bugs that the round-trip property ({@link HouseTextRoundTripTest}) found, fixed and kept
 * here as plain examples, so that a regression names itself without a seed.
 */
class HouseTextRoundTripFindingsTest {

    private static final String HEAD = """
            Night Bus, BBC Three, Top deck at 3am

            Is ‘Night Bus’ worth watching?

            score: 60%
            """;

    /** French typography: narrow no-break spaces inside guillemets, a no-break space in a number. */
    private static final String FRENCH_SUMMARY = "Un film «\u202Fgénial\u202F» de 10\u00A0000 plans  et une nuit.";

    @Test
    void summaryKeepsItsInnerWhiteSpaceAsWritten() {
        // given a summary whose blanks are not all single ASCII spaces
        String doc = HEAD + "One sentence story summary: " + FRENCH_SUMMARY + "\u00A0\n";

        // when it is read
        Review review = Parsing.accepted(doc);

        // then only its ends are trimmed, as a body paragraph's would be (it was collapsed to
        // single spaces, like a score, so text and JSON gave different summaries)
        assertEquals(FRENCH_SUMMARY, review.summary());
    }

    @Test
    void summaryIsTheSameReadFromTextOrJson() {
        // given the same summary in a text document and in a JSON one
        Review text = Parsing.accepted(HEAD + "Summary: " + FRENCH_SUMMARY + "\n");
        Review json = Parsing.accepted("{\"title\": \"Night Bus\", \"score\": \"60%\", \"summary\": \""
                + FRENCH_SUMMARY + "\"}");

        // then both read it alike
        assertEquals(json.summary(), text.summary());
    }

    @Test
    void captionPartsAreCountedInCharactersNotUtf16Units() {
        // given caption parts of exactly 120 characters, ten of them emoji (130 UTF-16 units)
        String part = "🚌".repeat(10) + "a".repeat(110);
        String doc = "Night Bus, BBC Three, " + part + "\n\nNight Bus, BBC Three, " + part + "\n\nscore: 60%\n";

        // when it is read
        Review review = Parsing.accepted(doc);

        // then both lines are captions: the first names the work, the second is found by its name
        // (both were dropped, the first leaving the document without a title)
        Caption caption = new Caption("Night Bus", "BBC Three", part);
        assertEquals(List.of(caption, caption), review.captions());
        assertEquals("Night Bus", review.title());
    }

    @Test
    void captionPartOverTheLimitIsStillNoCaption() {
        // given a first line whose last part is 121 characters
        String doc = "Night Bus, BBC Three, " + "🚌".repeat(10) + "a".repeat(111) + "\n\nscore: 60%\n";

        // when it is read, then the line is not a caption, and nothing else names the work
        assertEquals(RejectionReason.MISSING_TITLE, Parsing.rejected(doc).reason());
    }
}
