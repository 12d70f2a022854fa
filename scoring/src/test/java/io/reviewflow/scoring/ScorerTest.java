package io.reviewflow.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.ComputedVerdict;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.ScoreText;
import io.reviewflow.domain.SourceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScorerTest {

    private final Scorer house = new Scorer(VerdictScale.defaultScale());

    static Review review(String scoreText, String writerLabel, Integer line) {
        return new Review(SourceFormat.TEXT, "The Perfection", "Netflix Original", List.of(), null,
                List.of(), List.of(), List.of(), List.of(), new RawScore(scoreText, writerLabel, line), null, List.of());
    }

    private static AssessedReview accepted(Outcome<AssessedReview> outcome) {
        return (AssessedReview) assertInstanceOf(Outcome.Accepted.class, outcome, () -> "expected accepted: " + outcome).value();
    }

    private static Problem rejected(Outcome<AssessedReview> outcome) {
        return assertInstanceOf(Outcome.Rejected.class, outcome, () -> "expected rejected: " + outcome).problem();
    }

    @Test
    void thePerfection() {
        Review review = review("60%", "CHILLIN", 14);
        AssessedReview scored = accepted(house.score(review));
        assertSame(review, scored.review());
        assertEquals(60, scored.score().display());
        assertEquals(new ComputedVerdict("CHILLIN", "house", "CHILLIN", false), scored.verdict());
    }

    @Test
    void nightFerry() {
        AssessedReview scored = accepted(house.score(review("4/5", "BINGE IT", 9)));
        assertEquals(80, scored.score().display());
        assertEquals(new ComputedVerdict("BINGE IT", "house", "BINGE IT", false), scored.verdict());
    }

    @Test
    void aScoreWithoutAWriterLabelIsNoMismatch() {
        AssessedReview scored = accepted(house.score(review("B-", null, null)));
        assertEquals(67, scored.score().display());
        assertEquals(new ComputedVerdict("CHILLIN", "house", null, false), scored.verdict());
    }

    @ParameterizedTest(name = "[{index}] {0} ''{1}'' → mismatch {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            60%     | CHILLIN      | false
            60%     | chillin      | false
            60%     | `  Chillin ` | false
            80%     | binge  it    | false
            60%     | MUST WATCH   | true
            60%     | MEH          | true
            60%     | CHILLIN!     | true
            ★★½     | MEH          | false
            """)
    void flagsAWriterLabelThatDisagrees(String score, String writerLabel, boolean mismatch) {
        ComputedVerdict verdict = accepted(house.score(review(score, writerLabel, 3))).verdict();
        assertEquals(mismatch, verdict.labelMismatch(), verdict.toString());
        assertEquals(writerLabel, verdict.writerLabel(), "the writer's label is kept as written");
    }

    @Test
    void aMismatchKeepsBothLabels() {
        ComputedVerdict verdict = accepted(house.score(review("60%", "MUST WATCH", 3))).verdict();
        assertEquals("CHILLIN", verdict.label());
        assertEquals("MUST WATCH", verdict.writerLabel());
        assertTrue(verdict.labelMismatch());
    }

    @Test
    void aBlankWriterLabelCountsAsNone() {
        ComputedVerdict verdict = accepted(house.score(review("60%", "  ", 3))).verdict();
        assertNull(verdict.writerLabel());
        assertFalse(verdict.labelMismatch());
    }

    @Test
    void rejectionsNameTheLineWhereThereIsOne() {
        Problem problem = rejected(house.score(review("12/10", null, 7)));
        assertEquals(RejectionReason.SCORE_OUT_OF_RANGE, problem.reason());
        assertEquals("line 7: score '12/10' is above its maximum of 10", problem.message());
        assertEquals(7, problem.line());

        Problem unreadable = rejected(house.score(review("great", "MEH", 12)));
        assertEquals(RejectionReason.SCORE_UNREADABLE, unreadable.reason());
        assertTrue(unreadable.message().startsWith("line 12: score 'great' is not a score"), unreadable.message());
    }

    @Test
    void rejectionsFromJsonDocumentsHaveNoLine() {
        Problem problem = rejected(house.score(review("12/10", null, null)));
        assertEquals("score '12/10' is above its maximum of 10", problem.message());
        assertNull(problem.line());
    }

    @Test
    void theVerdictNamesTheScaleUsed() {
        Scorer aggregator = new Scorer(VerdictScale.preset("aggregator"));
        ComputedVerdict verdict = accepted(aggregator.score(review("60%", "mixed or AVERAGE", null))).verdict();
        assertEquals(new ComputedVerdict("Mixed or average", "aggregator", "mixed or AVERAGE", false), verdict);
        assertEquals("Generally favorable", accepted(aggregator.score(review("61%", null, null))).verdict().label());
        assertEquals("Fresh", accepted(new Scorer(VerdictScale.preset("fresh-rotten"))
                .score(review("3/5", null, null))).verdict().label());
    }

    /** Every sample in samples/expected.json that reaches scoring, from the sample's own figures. */
    @Test
    void theSharedSamples() throws IOException {
        String dir = System.getProperty("reviewflow.samples.dir", "../samples");
        Path expectedFile = Path.of(dir, "expected.json");
        assumeTrue(Files.isRegularFile(expectedFile), "no samples at " + expectedFile);
        JsonNode expected = new ObjectMapper().readTree(expectedFile.toFile());
        int checked = 0;
        for (Map.Entry<String, JsonNode> sample : expected.properties()) {
            JsonNode e = sample.getValue();
            if (!e.hasNonNull("rawScore")) {
                continue;
            }
            String writerLabel = e.hasNonNull("writerLabel") ? e.get("writerLabel").asText() : null;
            AssessedReview scored = accepted(house.score(review(e.get("rawScore").asText(), writerLabel, 1)));
            assertEquals(e.get("score").asInt(), scored.score().display(), sample.getKey());
            assertEquals(e.get("verdict").asText(), scored.verdict().label(), sample.getKey());
            assertEquals(e.get("labelMismatch").asBoolean(), scored.verdict().labelMismatch(), sample.getKey());
            checked++;
        }
        assertTrue(checked >= 4, "samples checked: " + checked);
    }

    /** The score as ingest hands it over: split by ScoreText, then scored. */
    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            60% CHILLIN             | 60  | CHILLIN    | false
            4/5 stars BINGE IT      | 80  | BINGE IT   | false
            7,5 out of 10 binge it  | 75  | BINGE IT   | false
            ★★½ MEH                 | 50  | MEH        | false
            ★★★☆☆ MUST WATCH        | 60  | CHILLIN    | true
            B+ BINGE IT             | 83  | BINGE IT   | false
            A− MUST WATCH           | 91  | MUST WATCH | false
            thumbs down HARD PASS   | 0   | HARD PASS  | false
            3.5 stars               | 70  | CHILLIN    | false
            """)
    void scoresWhatScoreTextSplits(String line, int display, String label, boolean mismatch) {
        ScoreText.Split split = ScoreText.split(line);
        AssessedReview scored = accepted(house.score(review(split.score(), split.label(), 5)));
        assertEquals(display, scored.score().display());
        assertEquals(label, scored.verdict().label());
        assertEquals(mismatch, scored.verdict().labelMismatch());
    }

    @Test
    void outOfRangeAfterScoreTextSplits() {
        ScoreText.Split split = ScoreText.split("12/10 MUST WATCH");
        Problem problem = rejected(house.score(review(split.score(), split.label(), 20)));
        assertEquals(RejectionReason.SCORE_OUT_OF_RANGE, problem.reason());
        assertEquals("line 20: score '12/10' is above its maximum of 10", problem.message());
    }
}
