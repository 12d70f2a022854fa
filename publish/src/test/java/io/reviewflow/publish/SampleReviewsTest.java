package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Review;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-built sample reviews say what {@code samples/expected.json} says each sample becomes. */
class SampleReviewsTest {

    static List<SampleReviews.Sample> samples() {
        return SampleReviews.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void matchesExpectedJson(SampleReviews.Sample sample) throws IOException {
        // given what the shared samples say this one must become
        String dir = System.getProperty("reviewflow.samples.dir");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "reviewflow.samples.dir is not set (Maven sets it); cannot compare with expected.json");
        JsonNode expected = new ObjectMapper().readTree(Path.of(dir, "expected.json").toFile()).path(sample.file());
        assertEquals("published", expected.path("outcome").asText(), sample.file() + " in expected.json");

        // when we look at the fixture
        AssessedReview scored = sample.scored();
        Review review = scored.review();

        // then every field expected.json states agrees
        assertEquals(expected.path("format").asText(), review.format().name().toLowerCase());
        assertEquals(expected.path("title").asText(), review.title());
        assertEquals(expected.path("platform").asText(null), review.platform());
        assertEquals(expected.path("worthWatchingIf").asInt(), review.worthWatchingIf().size());
        assertEquals(expected.path("notWorthWatchingIf").asInt(), review.notWorthWatchingIf().size());
        assertEquals(expected.path("pros").asInt(), review.pros().size());
        assertEquals(expected.path("cons").asInt(), review.cons().size());
        assertEquals(expected.path("rawScore").asText(), review.score().text());
        assertEquals(expected.path("rawScore").asText(), scored.score().raw());
        assertEquals(expected.path("writerLabel").asText(null), review.score().writerLabel());
        assertEquals(expected.path("writerLabel").asText(null), scored.verdict().writerLabel());
        assertEquals(expected.path("score").asInt(), scored.score().display());
        assertEquals(expected.path("verdict").asText(), scored.verdict().label());
        assertEquals(expected.path("labelMismatch").asBoolean(), scored.verdict().labelMismatch());
        if (expected.has("summary")) {
            assertEquals(expected.path("summary").asText(), review.summary());
        }
        assertEquals(expected.path("bodyParagraphs").asInt(), review.body().size());
        assertTrue(sample.info().slug().matches("[a-z0-9]+(-[a-z0-9]+)*"), sample.info().slug());
    }
}
