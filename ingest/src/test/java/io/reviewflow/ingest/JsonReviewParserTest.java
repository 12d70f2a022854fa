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

class JsonReviewParserTest {

    private static final String MINIMAL = """
            {"title": "Heat", "score": %s}
            """;

    private static Review withScore(String scoreJson) {
        return Parsing.accepted(MINIMAL.formatted(scoreJson));
    }

    @Test
    void paperLanternsFields() {
        Review review = Parsing.accepted(Parsing.PARSER.parse(Samples.bytes("paper-lanterns.json"), null));
        assertEquals(SourceFormat.JSON, review.format());
        assertEquals("Is 'Paper Lanterns' worth watching?", review.headline());
        assertEquals(new RawScore("B-", null, null), review.score());
        assertEquals("You want a story with real stakes.", review.notWorthWatchingIf().get(0));
    }

    @ParameterizedTest(name = "{0} -> [{1}] [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "'\"60% CHILLIN\"'                                       | 60%    | CHILLIN",
            "'{\"value\": 7.5, \"max\": 10, \"label\": \"BINGE IT\"}' | 7.5/10 | BINGE IT",
            "'{\"value\": 7.50, \"max\": 1E+1}'                       | 7.5/10 | NULL",
            "'{\"value\": 4, \"max\": 5}'                             | 4/5    | NULL",
            "'{\"value\": 0.000001, \"max\": 1}'                      | 0.000001/1 | NULL",
            "'{\"value\": \"7,5\", \"max\": 10}'                      | 7,5/10 | NULL",
            "'{\"value\": 3.5}'                                       | 3.5    | NULL",
            "'82'                                                     | 82     | NULL",
    })
    void scoreShapes(String json, String text, String label) {
        RawScore score = withScore(json).score();
        assertEquals(text, score.text());
        assertEquals(label, score.writerLabel());
        assertNull(score.line());
    }

    @Test
    void writerLabelFieldWins() {
        Review review = Parsing.accepted("{\"title\": \"Heat\", \"score\": \"8/10 GOOD\", \"writerLabel\": \"BINGE IT\"}");
        assertEquals(new RawScore("8/10", "BINGE IT", null), review.score());
    }

    @Test
    void hugeExponentIsRefusedNotRendered() {
        Problem problem = Parsing.rejected(MINIMAL.formatted("{\"value\": 1e999999999, \"max\": 10}"));
        assertEquals(RejectionReason.SCORE_UNREADABLE, problem.reason());
    }

    @Test
    void bodyAsOneStringAndCaptionsInBothShapes() {
        String doc = """
                {
                  "title": "Heat",
                  "work": {"kind": "film", "year": 1995},
                  "captions": ["Heat, Disney+, Diner scene", {"work": "Heat", "platform": "Disney+", "caption": "Shootout"}],
                  "score": "9/10",
                  "body": "One.\\r\\n\\nTwo\\nlines.\\n\\n\\n",
                  "unknownField": {"nested": [1, 2, 3]}
                }
                """;
        Review review = Parsing.accepted(doc);
        assertEquals("Disney+", review.platform(), "from the first caption when work has none");
        assertEquals(List.of(new Caption("Heat", "Disney+", "Diner scene"), new Caption("Heat", "Disney+", "Shootout")),
                review.captions());
        assertEquals(List.of("One.", "Two\nlines."), review.body());
    }

    @Test
    void escapedControlCharactersAndDecomposedTextAreNormalised() {
        Review review = Parsing.accepted("{\"title\": \"Ame\\u0301lie\\u0007\", \"score\": \"60%\"}");
        assertEquals("Am\u00e9lie", review.title());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'{\"title\": \"Heat\", \"score\": \"60%\",}'     | 1",
            "'{\"title\": \"Heat\",\n\"score\": }'           | 2",
            "'{\"title\": \"Heat\"} trailing'                | 1",
            "'{\"title\": \"A\", \"title\": \"B\", \"score\": \"1\"}' | 1",
    })
    void malformedJsonNamesTheLine(String json, int line) {
        Problem problem = Parsing.rejected(json);
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason(), problem.message());
        assertEquals(line, problem.line());
        assertTrue(problem.message().startsWith("line " + line + ": the JSON cannot be read: "), problem.message());
        assertEquals(-1, problem.message().indexOf('\n'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'{\"title\": 5, \"score\": \"60%\"}'                  | field \"title\" must be a string",
            "'{\"title\": \"Heat\", \"score\": true}'              | field \"score\" must be a string such as",
            "'{\"title\": \"Heat\", \"score\": \"1\", \"pros\": \"x\"}' | field \"pros\" must be an array of strings",
            "'{\"title\": \"Heat\", \"score\": \"1\", \"cons\": [1]}'   | field \"cons[0]\" must be a string",
            "'{\"title\": \"Heat\", \"score\": \"1\", \"work\": []}'    | field \"work\" must be an object",
            "'[1, 2]'                                              | the document must be one JSON object",
    })
    void wrongTypes(String json, String messageStart) {
        Problem problem = Parsing.rejected(json, SourceFormat.JSON);
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertTrue(problem.message().startsWith(messageStart), problem.message());
    }

    @Test
    void declaredJsonThatIsNotJson() {
        Problem problem = Parsing.rejected(HouseTextEdgeCasesTest.REVIEW, SourceFormat.JSON);
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertEquals(1, problem.line());
    }

    @Test
    void missingTitleAndScore() {
        assertEquals(RejectionReason.MISSING_TITLE, Parsing.rejected("{\"score\": \"60%\"}").reason());
        Problem noScore = Parsing.rejected("{\"title\": \"Heat\"}");
        assertEquals(RejectionReason.MISSING_SCORE, noScore.reason());
        assertEquals("no \"score\" field: add one such as \"score\": \"60%\"", noScore.message());
        assertEquals(RejectionReason.MISSING_SCORE, Parsing.rejected("{\"title\": \"Heat\", \"score\": \"  \"}").reason());
    }

    @Test
    void titleFromHeadlineWhenAbsent() {
        assertEquals("Heat", Parsing.accepted("{\"headline\": \"Is “Heat” worth watching?\", \"score\": \"1\"}").title());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"title\": \"Heat\", \"score\": \"1\", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        Problem problem = Parsing.rejected(deep);
        assertEquals(RejectionReason.MALFORMED_DOCUMENT, problem.reason());
        assertTrue(problem.message().contains("nesting depth"), problem.message());
    }

    @Test
    void jsonListsObeyTheLimits() {
        StringBuilder pros = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            pros.append(i == 0 ? "" : ",").append("\"p").append(i).append('"');
        }
        Problem problem = Parsing.rejected("{\"title\": \"Heat\", \"score\": \"1\", \"pros\": " + pros + "]}");
        assertEquals(RejectionReason.TOO_MANY_ITEMS, problem.reason());
        assertNull(problem.line());
        assertEquals("more than 50 pros; the limit is 50: remove some", problem.message());
    }
}
