package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.publish.ReviewPage;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end, on a real broker with real transactions: the three services
 * run as in production (one process each would change nothing but the JVM count), documents go
 * in through {@code reviews.submitted}, and everything is checked by reading the topics back.
 */
class PipelineIT {

    private static final Duration WAIT = PipelineFixture.WAIT;
    private static PipelineFixture fixture;
    private static KafkaSettings kafka;

    @BeforeAll
    static void startPipeline() {
        fixture = new PipelineFixture("pipeline-it");
        kafka = fixture.kafka;
    }

    @AfterAll
    static void stopPipeline() {
        if (fixture != null) {
            fixture.close();
            for (StageService<?> service : fixture.pipeline().services()) {
                assertTrue(service.termination().isDone(), service.name() + " did not stop");
                assertFalse(service.termination().isCompletedExceptionally(), service.name() + " stopped with an error");
            }
        }
    }

    @Test
    void thePerfectionIsPublishedOnceWithEveryField() {
        // Given the review the project was designed from
        ReviewSubmission submission = submit("the-perfection.txt", Samples.bytes("the-perfection.txt"));

        // When the pipeline has handled it
        List<PublishedReview> published = publishedFor(submission.getReviewId(), 1);
        awaitOutcome(submission);

        // Then exactly one event carries every field DESIGN.md lists
        assertEquals(1, published.size());
        PublishedReview event = published.get(0);
        assertEquals(submission.getSubmissionId(), event.getSubmissionId());
        assertEquals("The Perfection", event.getReview().getTitle());
        assertEquals("Netflix Original", event.getReview().getPlatform());
        assertEquals(3, event.getReview().getWorthWatchingIf().size());
        assertEquals(3, event.getReview().getNotWorthWatchingIf().size());
        assertEquals(3, event.getReview().getPros().size());
        assertEquals(3, event.getReview().getCons().size());
        assertEquals(5, event.getReview().getBody().size());
        assertEquals("A once-promising music prodigy reconnects with her former mentors, only to find them taken with a talented new pupil.",
                event.getReview().getSummary());
        assertEquals("60%", event.getReview().getRawScore());
        assertEquals(60, event.getScore().getDisplay());
        assertEquals("CHILLIN", event.getVerdict().getLabel());
        assertEquals("CHILLIN", event.getVerdict().getWriterLabel());
        assertFalse(event.getVerdict().getLabelMismatch());
        assertTrue(event.getSlug().startsWith("the-perfection-"), event.getSlug());
        assertEquals("", event.getRendering().getHtmlPage(), "the event carries no page: sites assemble it");
        String html = new ReviewPage().of(event);
        assertTrue(html.contains("The Perfection"));
        assertTrue(html.contains("CHILLIN"));
        assertNoRejectionFor(submission);
    }

    @Test
    void writerMarkupIsEscapedInThePublishedHtml() {
        // Given the seed review with markup typed into a pro, a body paragraph and the summary
        String document = new String(Samples.bytes("the-perfection.txt"), StandardCharsets.UTF_8)
                .replace("Most of the acting is quite good.", "Most of the <script>alert('pro')</script> acting is good.")
                .replace("Things quickly get weird", "<img src=x onerror=alert(1)> Things quickly get weird")
                .replace("reconnects with her former mentors", "reconnects with her <b onclick=alert(2)>former</b> mentors");
        ReviewSubmission submission = submit("the-perfection-markup.txt", document.getBytes(StandardCharsets.UTF_8));

        // When it is published
        PublishedReview event = publishedFor(submission.getReviewId(), 1).get(0);

        // Then the markup is kept as text in the review and escaped wherever it is rendered
        assertTrue(event.getReview().getPros().get(1).contains("<script>alert('pro')</script>"));
        String page = new ReviewPage().of(event);
        for (String html : List.of(page, event.getRendering().getHtmlFragment())) {
            assertFalse(html.contains("<script>alert"), "unescaped script in HTML");
            assertFalse(html.contains("<img src=x"), "unescaped img in HTML");
            assertFalse(html.contains("<b onclick"), "unescaped handler in HTML");
            assertTrue(html.contains("&lt;script&gt;alert("), "escaped script text is shown");
        }
        // The only script element is the JSON-LD data block, and nothing in it can close it early.
        Matcher scripts = Pattern.compile("<script[^>]*>(.*?)</script>", Pattern.DOTALL).matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(0).startsWith("<script type=\"application/ld+json\">"), scripts.group(0));
            assertFalse(scripts.group(1).contains("<"), "JSON-LD holds a raw '<'");
        }
        assertEquals(1, count);
        assertFalse(event.getRendering().getJsonLd().contains("<"));
    }

    @Test
    void missingScoreIsRejectedOnceAndNothingIsPublished() {
        // Given a review with no score line
        ReviewSubmission submission = submit("missing-score.txt", Samples.bytes("missing-score.txt"));

        // When the pipeline has handled it
        List<ReviewRejection> rejections = rejectionsFor(submission.getSubmissionId(), 1);

        // Then exactly one rejection says why, with the original submission to fix and resend
        assertEquals(1, rejections.size());
        ReviewRejection rejection = rejections.get(0);
        assertEquals("MISSING_SCORE", rejection.getReason());
        assertEquals("ingest", rejection.getStage());
        assertFalse(rejection.getMessage().isBlank());
        assertEquals(submission, rejection.getSubmission());
        assertEquals(Topics.SUBMITTED.name(), rejection.getSourceTopic());
        assertTrue(TopicReader.readAll(kafka.bootstrapServers(), Topics.PUBLISHED).stream()
                .noneMatch(r -> submission.getReviewId().equals(r.key())), "nothing published for it");
    }

    @Test
    void scoreOutOfRangeIsRejectedByScoringWithTheRawScore() {
        ReviewSubmission submission = submit("score-out-of-range.txt", Samples.bytes("score-out-of-range.txt"));

        ReviewRejection rejection = rejectionsFor(submission.getSubmissionId(), 1).get(0);

        assertEquals("SCORE_OUT_OF_RANGE", rejection.getReason());
        assertEquals("scoring", rejection.getStage());
        assertTrue(rejection.getMessage().contains("12/10"), rejection.getMessage());
        // The whole submission, document and all, though the event scoring read carried none (seen to fail so)
        assertEquals(submission, rejection.getSubmission());
    }

    @Test
    void eventsAfterIngestCarryNoDocumentButWhereItIs() {
        ReviewSubmission submission = submit("the-perfection.txt", Samples.bytes("the-perfection.txt"));
        publishedFor(submission.getReviewId(), 1);

        for (TopicSpec<?> topic : List.of(Topics.INGESTED, Topics.SCORED)) {
            SpecificRecord event = TopicReader.readAll(kafka.bootstrapServers(), topic).stream()
                    .filter(r -> submission.getReviewId().equals(r.key())).findFirst().orElseThrow().value();
            ReviewSubmission carried = (ReviewSubmission) event.get(event.getSchema().getField("submission").pos());
            SubmissionPosition position = (SubmissionPosition) event.get(event.getSchema().getField("submissionPosition").pos());
            assertEquals(ReviewRecords.withoutDocument(submission), carried, topic.name());
            TopicReader.Read<ReviewSubmission> atPosition = TopicReader.readAll(kafka.bootstrapServers(), Topics.SUBMITTED).stream()
                    .filter(r -> r.partition() == position.getPartition() && r.offset() == position.getOffset())
                    .findFirst().orElseThrow();
            assertEquals(submission, atPosition.value(), topic.name());
        }
    }

    @Test
    void randomBytesBecomeAnUndecodableRejectionAndTheNextRecordStillFlows() throws Exception {
        // Given garbage on the submissions topic, followed by a good review on the same partition
        byte[] garbage = new byte[200];
        new Random(7).nextBytes(garbage);
        String key = "garbage-" + UUID.randomUUID();
        fixture.sendRaw(0, key, garbage);
        ReviewSubmission next = submit("the-quiet-orbit.txt", Samples.bytes("the-quiet-orbit.txt"), 0);

        // When the pipeline has handled both
        List<TopicReader.Read<ReviewRejection>> rejections = TopicReader.readUntil(kafka.bootstrapServers(), Topics.REJECTED,
                read -> read.stream().anyMatch(r -> key.equals(r.key())), WAIT);
        PublishedReview published = publishedFor(next.getReviewId(), 1).get(0);

        // Then the garbage is one UNDECODABLE_RECORD rejection carrying the bytes, and the next review was published
        List<ReviewRejection> forGarbage = rejections.stream().filter(r -> key.equals(r.key())).map(TopicReader.Read::value).toList();
        assertEquals(1, forGarbage.size());
        assertEquals("UNDECODABLE_RECORD", forGarbage.get(0).getReason());
        assertNull(forGarbage.get(0).getSubmission());
        assertNotNull(forGarbage.get(0).getRawValue());
        assertEquals(garbage.length, forGarbage.get(0).getRawValue().remaining());
        assertEquals("The Quiet Orbit", published.getReview().getTitle());
        assertEquals(50, published.getScore().getDisplay());
        assertEquals("MEH", published.getVerdict().getLabel());
        for (StageService<?> service : fixture.pipeline().services()) {
            assertFalse(service.termination().isDone(), service.name() + " stopped");
        }
    }

    @Test
    void aRetractionTombstonesThePublishedReview() {
        ReviewSubmission submission = submit("night-ferry.md", Samples.bytes("night-ferry.md"));
        publishedFor(submission.getReviewId(), 1);

        ReviewSubmission retraction = ReviewSubmission.newBuilder(submission)
                .setSubmissionId(UUID.randomUUID().toString()).setAction(ReviewAction.RETRACT)
                .setRevision(2).setDocument(java.nio.ByteBuffer.allocate(0)).setSubmittedAt(Instant.now()).build();
        fixture.send(retraction);

        List<TopicReader.Read<PublishedReview>> events = TopicReader.readUntil(kafka.bootstrapServers(), Topics.PUBLISHED,
                read -> read.stream().filter(r -> submission.getReviewId().equals(r.key())).count() == 2, WAIT)
                .stream().filter(r -> submission.getReviewId().equals(r.key())).toList();
        assertNotNull(events.get(0).value());
        assertNull(events.get(1).value(), "the retraction is a tombstone");
    }

    private static ReviewSubmission submit(String name, byte[] document) {
        return fixture.submit(name, document);
    }

    private static ReviewSubmission submit(String name, byte[] document, int partition) {
        ReviewSubmission submission = PipelineFixture.submission(name, document);
        fixture.sendRaw(partition, submission.getReviewId(), Topics.SUBMITTED.codec().encode(submission));
        return submission;
    }

    private static List<PublishedReview> publishedFor(String reviewId, int atLeast) {
        return fixture.publishedFor(reviewId, atLeast);
    }

    private static List<ReviewRejection> rejectionsFor(String submissionId, int atLeast) {
        return fixture.rejectionsFor(submissionId, atLeast);
    }

    private static void awaitOutcome(ReviewSubmission submission) {
        assertEquals(1, fixture.outcomes(List.of(submission)).size());
    }

    private static void assertNoRejectionFor(ReviewSubmission submission) {
        assertTrue(TopicReader.readAll(kafka.bootstrapServers(), Topics.REJECTED).stream()
                .noneMatch(r -> PipelineFixture.isFor(r.value(), submission.getSubmissionId())));
    }
}
