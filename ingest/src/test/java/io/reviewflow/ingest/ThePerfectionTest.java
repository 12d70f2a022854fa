package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference document, field by field. */
class ThePerfectionTest {

    private static final Review REVIEW = Parsing.accepted(Parsing.PARSER.parse(Samples.bytes("the-perfection.txt"), null));

    @Test
    void workAndCaptions() {
        assertEquals(SourceFormat.TEXT, REVIEW.format());
        assertEquals("The Perfection", REVIEW.title());
        assertEquals("Netflix Original", REVIEW.platform());
        assertEquals(List.of(
                new Caption("The Perfection", "Netflix Original", "Cello concert"),
                new Caption("The Perfection", "Netflix Original", "nude scene")), REVIEW.captions());
    }

    @Test
    void headlineAsWritten() {
        assertEquals("Is ‘The Perfection’ worth watching?", REVIEW.headline());
    }

    @Test
    void lists() {
        assertEquals(List.of(
                "You were a band geek in high school. (bonus points to any cello nerds)",
                "You’re looking for more thriller than horror.",
                "You love ridiculous plot twists. (no matter how goofy)"), REVIEW.worthWatchingIf());
        assertEquals(List.of(
                "You can’t stand being grossed out.",
                "You expect its ‘LGBTQ’ genre heading to be a major focus.",
                "Illogical plots make you wanna smash your guitar."), REVIEW.notWorthWatchingIf());
        assertEquals(3, REVIEW.pros().size());
        assertEquals("The film’s musical academy theme is interesting and novel, especially for the genre.", REVIEW.pros().get(0));
        assertEquals("It keeps you intrigued as to what will happen next.", REVIEW.pros().get(2));
        assertEquals(3, REVIEW.cons().size());
        assertEquals("The story ends up being completely ridiculous.", REVIEW.cons().get(0));
        assertEquals("The wasted potential is frustrating.", REVIEW.cons().get(2));
    }

    @Test
    void scoreWithNoBreakSpacesAroundIt() {
        // The line is "score:\u00A0 60% CHILLIN\u00A0": the no-break spaces must not leak into the label.
        assertEquals(new RawScore("60%", "CHILLIN", 29), REVIEW.score());
    }

    @Test
    void summaryAndBody() {
        assertEquals("A once-promising music prodigy reconnects with her former mentors, only to find them taken"
                + " with a talented new pupil.", REVIEW.summary());
        assertEquals(5, REVIEW.body().size());
        assertEquals("A third of the way into The Perfection", REVIEW.body().get(0).substring(0, 38));
        assertEquals("Just don’t expect to want an encore.", REVIEW.body().get(4).substring(REVIEW.body().get(4).length() - 36));
    }

    @Test
    void crlfAndBomGiveTheSameReview() {
        String lf = Samples.text("the-perfection.txt");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.writeBytes(lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(REVIEW, Parsing.accepted(Parsing.PARSER.parse(bytes.toByteArray(), null)));
    }

    @Test
    void loneCarriageReturnsGiveTheSameReview() {
        String cr = Samples.text("the-perfection.txt").replace("\n", "\r");
        assertEquals(REVIEW, Parsing.accepted(Parsing.PARSER.parse(cr.getBytes(StandardCharsets.UTF_8), SourceFormat.TEXT)));
    }

    @Test
    void straightQuotesInTheHeadline() {
        Review review = Parsing.accepted(Samples.text("the-perfection.txt").replace("‘The Perfection’", "'The Perfection'"));
        assertEquals("Is 'The Perfection' worth watching?", review.headline());
        assertEquals(REVIEW.pros(), review.pros());
    }
}
