package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample document comes out exactly as samples/expected.json says, as far as ingest is concerned. */
class SampleDocumentsTest {

    /** Rejections that belong to scoring: ingest must hand these documents on, parsed. */
    private static final Set<RejectionReason> SCORING_REASONS =
            Set.of(RejectionReason.SCORE_OUT_OF_RANGE, RejectionReason.SCORE_UNREADABLE);

    static List<Arguments> samples() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Samples.dir().resolve("expected.json").toFile());
        List<Arguments> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = expected.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            out.add(Arguments.of(e.getKey(), e.getValue()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} (format detected)")
    @MethodSource("samples")
    void detectedFormat(String name, JsonNode expected) {
        check(name, expected, Parsing.PARSER.parse(Samples.bytes(name), null));
    }

    @ParameterizedTest(name = "{0} (format declared)")
    @MethodSource("samples")
    void declaredFormat(String name, JsonNode expected) {
        SourceFormat format = SourceFormat.valueOf(expected.get("format").asText().toUpperCase(Locale.ROOT));
        check(name, expected, Parsing.PARSER.parse(Samples.bytes(name), format));
    }

    private static void check(String name, JsonNode expected, Outcome<Review> outcome) {
        String wanted = expected.get("outcome").asText();
        RejectionReason reason = expected.has("reason") ? RejectionReason.valueOf(expected.get("reason").asText()) : null;
        if (wanted.equals("rejected") && !SCORING_REASONS.contains(reason)) {
            Problem problem = Parsing.rejected(outcome);
            assertEquals(reason, problem.reason(), name + ": " + problem.message());
            return;
        }
        Review review = Parsing.accepted(outcome);
        assertEquals(expected.get("format").asText(), review.format().name().toLowerCase(Locale.ROOT), name);
        if (!expected.has("title")) {
            return; // a document that scoring rejects: expected.json says no more about it
        }
        assertEquals(expected.get("title").asText(), review.title(), name + " title");
        if (expected.has("platform")) {
            assertEquals(expected.get("platform").asText(), review.platform(), name + " platform");
        } else {
            assertEquals(null, review.platform(), name + " platform");
        }
        assertEquals(expected.get("worthWatchingIf").asInt(), review.worthWatchingIf().size(), name + " worthWatchingIf");
        assertEquals(expected.get("notWorthWatchingIf").asInt(), review.notWorthWatchingIf().size(), name + " notWorthWatchingIf");
        assertEquals(expected.get("pros").asInt(), review.pros().size(), name + " pros");
        assertEquals(expected.get("cons").asInt(), review.cons().size(), name + " cons");
        assertEquals(expected.get("rawScore").asText(), review.score().text(), name + " rawScore");
        JsonNode label = expected.get("writerLabel");
        assertEquals(label == null || label.isNull() ? null : label.asText(), review.score().writerLabel(), name + " writerLabel");
        if (expected.has("summary")) {
            assertEquals(expected.get("summary").asText(), review.summary(), name + " summary");
        } else {
            assertNotNull(review.summary(), name + " summary");
        }
        assertEquals(expected.get("bodyParagraphs").asInt(), review.body().size(), name + " body paragraphs");
    }
}
