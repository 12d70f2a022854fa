package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.publish.ReviewPage;
import io.reviewflow.testkit.Samples;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sample through the running pipeline comes out as {@code expected.json} says, and so do
 * the documents a new user really sends: CRLF with a BOM, a decimal comma, labelled groups, HTML
 * in fields, a 400 KiB document, invalid UTF-8, an empty file.
 */
class SamplesThroughPipelineIT {

    private static PipelineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new PipelineFixture("samples-it");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everySampleEndsAsExpectedJsonSays() throws Exception {
        // Given every sample document and what it must become
        JsonNode expected = new ObjectMapper().readTree(Samples.path("expected.json").toFile());
        Map<String, ReviewSubmission> sent = new LinkedHashMap<>();
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            sent.put(name, fixture.submit(name, Samples.bytes(name)));
        }

        // When the pipeline has handled them all
        Map<String, OutcomeTracker.Outcome> outcomes = fixture.outcomes(List.copyOf(sent.values()));

        // Then each ended as expected
        List<String> mismatches = new ArrayList<>();
        sent.forEach((name, submission) -> check(name, expected.get(name), outcomes.get(submission.getSubmissionId()), mismatches));
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void realWorldDocumentsEndAsAReviewOrAPreciseRejection() {
        String perfection = new String(Samples.bytes("the-perfection.txt"), StandardCharsets.UTF_8);
        byte[] crlfWithBom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                perfection.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        String decimalComma = perfection.replaceFirst("(?m)^score:.*$", "Rating: 7,5/10 BINGE IT");
        String labelled = new String(Samples.bytes("the-quiet-orbit.txt"), StandardCharsets.UTF_8)
                .replace("Exposition-heavy dialogue drives you up the wall.\n  • You expect the mystery of the signal to be explained.\n\n\n",
                        "Exposition-heavy dialogue drives you up the wall.\n  • You expect the mystery of the signal to be explained.\n\nPros:\n")
                .replace("  • The two leads have real chemistry.\n\n\n", "  • The two leads have real chemistry.\n\nCons:\n");
        String html = perfection.replace("Most of the acting is quite good.", "Most of the <em>acting</em> is <script>alert(1)</script> good.");
        byte[] huge = (perfection + "\n\n" + "A very long body paragraph. ".repeat(15_000)).getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = concat("The Perfection, Netflix Original, Cello\n\nscore: 60% ".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});

        Map<String, ReviewSubmission> sent = new LinkedHashMap<>();
        sent.put("crlf-bom", fixture.submit("crlf-bom.txt", crlfWithBom));
        sent.put("decimal-comma", fixture.submit("decimal-comma.txt", decimalComma.getBytes(StandardCharsets.UTF_8)));
        sent.put("labelled", fixture.submit("labelled.txt", labelled.getBytes(StandardCharsets.UTF_8)));
        sent.put("html", fixture.submit("html.txt", html.getBytes(StandardCharsets.UTF_8)));
        sent.put("huge", fixture.submit("huge.txt", huge));
        sent.put("not-utf8", fixture.submit("not-utf8.txt", notUtf8));
        sent.put("empty", fixture.submit("empty.txt", new byte[0]));

        Map<String, OutcomeTracker.Outcome> outcomes = fixture.outcomes(List.copyOf(sent.values()));
        Map<String, OutcomeTracker.Outcome> byName = new LinkedHashMap<>();
        sent.forEach((name, submission) -> byName.put(name, outcomes.get(submission.getSubmissionId())));

        PublishedReview crlf = published(byName.get("crlf-bom"));
        assertEquals("The Perfection", crlf.getReview().getTitle());
        assertEquals(5, crlf.getReview().getBody().size());
        assertEquals(60, crlf.getScore().getDisplay());

        PublishedReview comma = published(byName.get("decimal-comma"));
        assertEquals("7,5/10", comma.getReview().getRawScore());
        assertEquals(75, comma.getScore().getDisplay());
        assertEquals("BINGE IT", comma.getVerdict().getLabel());

        PublishedReview groups = published(byName.get("labelled"));
        assertEquals(2, groups.getReview().getPros().size());
        assertEquals(3, groups.getReview().getCons().size());

        PublishedReview markup = published(byName.get("html"));
        assertEquals("Most of the <em>acting</em> is <script>alert(1)</script> good.", markup.getReview().getPros().get(1));
        assertTrue(new ReviewPage().of(markup).contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

        assertEquals("DOCUMENT_TOO_LARGE", rejected(byName.get("huge")).getReason());
        ReviewRejection badBytes = rejected(byName.get("not-utf8"));
        assertEquals("NOT_UTF8", badBytes.getReason());
        assertTrue(badBytes.getMessage().startsWith("line 3: "), badBytes.getMessage());
        assertEquals("EMPTY_DOCUMENT", rejected(byName.get("empty")).getReason());
        for (String name : List.of("huge", "not-utf8", "empty")) {
            assertEquals(sent.get(name), rejected(byName.get(name)).getSubmission(), name + " carries the original submission");
        }
    }

    /** Every row of DESIGN.md's score table, and the other forms writers type, through the running pipeline. */
    @Test
    void everyScoreFormNormalisesAsSpecifiedThroughThePipeline() {
        // Given the seed review with each raw score in turn
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("60%", 60);
        expected.put("60 %", 60);
        expected.put("7.5/10", 75);
        expected.put("7,5/10", 75);
        expected.put("7.5 out of 10", 75);
        expected.put("4/5", 80);
        expected.put("4 out of 5", 80);
        expected.put("4 stars", 80);
        expected.put("4/5 stars", 80);
        expected.put("★★★½", 70);
        expected.put("★★★☆☆", 60);
        expected.put("3.5 stars", 70);
        expected.put("B+", 83);
        expected.put("A−", 91);
        expected.put("F", 0);
        expected.put("thumbs up", 100);
        expected.put("thumbs down", 0);
        String perfection = new String(Samples.bytes("the-perfection.txt"), StandardCharsets.UTF_8);
        Map<String, ReviewSubmission> sent = new LinkedHashMap<>();
        expected.keySet().forEach(raw -> sent.put(raw, fixture.submit("score.txt",
                perfection.replaceFirst("(?m)^score:.*$", java.util.regex.Matcher.quoteReplacement("Grade: " + raw))
                        .getBytes(StandardCharsets.UTF_8))));
        ReviewSubmission negative = fixture.submit("negative.txt",
                perfection.replaceFirst("(?m)^score:.*$", "score: -1/10").getBytes(StandardCharsets.UTF_8));
        ReviewSubmission unreadable = fixture.submit("unreadable.txt",
                perfection.replaceFirst("(?m)^score:.*$", "score: pretty good").getBytes(StandardCharsets.UTF_8));

        // When the pipeline has handled them
        List<ReviewSubmission> all = new ArrayList<>(sent.values());
        all.add(negative);
        all.add(unreadable);
        Map<String, OutcomeTracker.Outcome> outcomes = fixture.outcomes(all);

        // Then each normalised as the table says, and the bad ones were refused with the raw text
        List<String> mismatches = new ArrayList<>();
        sent.forEach((raw, submission) -> {
            OutcomeTracker.Outcome outcome = outcomes.get(submission.getSubmissionId());
            if (!outcome.isPublished()) {
                mismatches.add(raw + ": rejected " + outcome.rejection().getReason() + ": " + outcome.rejection().getMessage());
            } else if (outcome.published().getScore().getDisplay() != expected.get(raw)) {
                mismatches.add(raw + ": " + outcome.published().getScore().getDisplay() + ", expected " + expected.get(raw));
            }
        });
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        ReviewRejection outOfRange = rejected(outcomes.get(negative.getSubmissionId()));
        assertEquals("SCORE_OUT_OF_RANGE", outOfRange.getReason());
        assertTrue(outOfRange.getMessage().contains("-1/10"), outOfRange.getMessage());
        ReviewRejection cannotRead = rejected(outcomes.get(unreadable.getSubmissionId()));
        assertEquals("SCORE_UNREADABLE", cannotRead.getReason());
        assertTrue(cannotRead.getMessage().contains("pretty good"), cannotRead.getMessage());
    }

    private static void check(String name, JsonNode want, OutcomeTracker.Outcome got, List<String> mismatches) {
        if (want.get("outcome").asText().equals("rejected")) {
            if (got.isPublished()) {
                mismatches.add(name + ": published, expected rejection " + want.get("reason").asText());
            } else if (!got.rejection().getReason().equals(want.get("reason").asText())) {
                mismatches.add(name + ": rejected " + got.rejection().getReason() + ", expected " + want.get("reason").asText());
            }
            return;
        }
        if (!got.isPublished()) {
            mismatches.add(name + ": rejected " + got.rejection().getReason() + ": " + got.rejection().getMessage());
            return;
        }
        PublishedReview p = got.published();
        ReviewContent r = p.getReview();
        same(mismatches, name, "format", want.get("format").asText().toUpperCase(), r.getFormat().name());
        same(mismatches, name, "title", want.get("title").asText(), r.getTitle());
        if (want.has("platform")) {
            same(mismatches, name, "platform", want.get("platform").asText(), r.getPlatform());
        }
        same(mismatches, name, "worthWatchingIf", want.get("worthWatchingIf").asInt(), r.getWorthWatchingIf().size());
        same(mismatches, name, "notWorthWatchingIf", want.get("notWorthWatchingIf").asInt(), r.getNotWorthWatchingIf().size());
        same(mismatches, name, "pros", want.get("pros").asInt(), r.getPros().size());
        same(mismatches, name, "cons", want.get("cons").asInt(), r.getCons().size());
        same(mismatches, name, "rawScore", want.get("rawScore").asText(), r.getRawScore());
        same(mismatches, name, "writerLabel", want.get("writerLabel").isNull() ? null : want.get("writerLabel").asText(), r.getWriterLabel());
        same(mismatches, name, "score", want.get("score").asInt(), p.getScore().getDisplay());
        same(mismatches, name, "verdict", want.get("verdict").asText(), p.getVerdict().getLabel());
        same(mismatches, name, "labelMismatch", want.get("labelMismatch").asBoolean(), p.getVerdict().getLabelMismatch());
        if (want.has("summary")) {
            same(mismatches, name, "summary", want.get("summary").asText(), r.getSummary());
        }
        same(mismatches, name, "bodyParagraphs", want.get("bodyParagraphs").asInt(), r.getBody().size());
    }

    private static void same(List<String> mismatches, String name, String field, Object want, Object got) {
        if (!java.util.Objects.equals(want, got)) {
            mismatches.add(name + ": " + field + " was <" + got + ">, expected <" + want + ">");
        }
    }

    private static PublishedReview published(OutcomeTracker.Outcome outcome) {
        if (!outcome.isPublished()) {
            throw new AssertionError("rejected " + outcome.rejection().getReason() + ": " + outcome.rejection().getMessage());
        }
        return outcome.published();
    }

    private static ReviewRejection rejected(OutcomeTracker.Outcome outcome) {
        if (outcome.isPublished()) {
            throw new AssertionError("published " + outcome.published().getReview().getTitle() + ", expected a rejection");
        }
        return outcome.rejection();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
