package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.Verdict;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.works.WorkScorer;
import io.reviewflow.scoring.works.service.WorkRecords;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.TopicReader;
import io.reviewflow.testkit.guarantees.Expectation;
import io.reviewflow.testkit.guarantees.GuaranteeReport;
import io.reviewflow.testkit.guarantees.LoadDriver;
import io.reviewflow.testkit.guarantees.ModelChecker;
import io.reviewflow.testkit.guarantees.PlannedSubmission;
import io.reviewflow.testkit.guarantees.ReviewModel;
import io.reviewflow.testkit.guarantees.WorkScoresCheck;
import io.reviewflow.testkit.guarantees.WorkScoring;
import io.reviewflow.testkit.guarantees.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model checker of the guarantee suite must see each fault it exists for. Each test runs a
 * small workload of its own through the real pipeline, sees the checker pass, then writes what a
 * broken stage would have written straight to a topic and sees the checker name the fault. These
 * are the breaks each check was first seen to fail on; they stay here so it keeps failing on them.
 */
class ModelCheckerIT {

    private static final VerdictScale SCALE = VerdictScale.defaultScale();
    private static final Duration DRAIN = Duration.ofMinutes(1);
    /** Every fault here is written before the check starts: no settle needed to see it. */
    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final int SUBMISSIONS = 300;

    private static KafkaSettings kafka;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void connect() {
        kafka = KafkaSettings.of(TestKafka.bootstrapServers());
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void aCorrectRunHoldsIncludingAReviewPublishedAgainByARevisionAfterItsRetraction() throws Exception {
        Workload generated = Workload.generate(Workload.freshRunId("checker-ok"), SUBMISSIONS, 1);
        // A higher revision after a retraction publishes the review again (ReviewLifecycle): not "after tombstone".
        PlannedSubmission retraction = first(generated, Expectation.RETRACTED);
        ReviewSubmission again = ReviewSubmission.newBuilder(Workload.validSubmission(retraction.submission().getReviewId(),
                        Expectation.PUBLISHED, null, 2).submission())
                .setAction(ReviewAction.REVISE).setRevision(retraction.submission().getRevision() + 1).build();
        Workload workload = generated.followedBy(List.of(new PlannedSubmission(again, Expectation.PUBLISHED, null)));

        GuaranteeReport report = run(workload);

        assertTrue(report.published() > 0 && report.rejected() > 0 && report.retracted() > 0 && report.duplicates() > 0,
                report.summary());
    }

    /** Break (a): publish emits an event for a retracted review after its tombstone. */
    @Test
    void aReviewPublishedAgainAfterItsTombstoneIsCaught() throws Exception {
        Workload workload = Workload.generate(Workload.freshRunId("checker-tombstone"), SUBMISSIONS, 3);
        run(workload);
        String reviewId = first(workload, Expectation.RETRACTED).submission().getReviewId();
        PublishedReview beforeTombstone = lastValue(Topics.PUBLISHED, reviewId);

        send(Topics.PUBLISHED, reviewId, beforeTombstone);

        GuaranteeReport report = check(workload, SCALE);
        assertEquals(1, report.afterTombstone(), report.toString());
        assertEquals(1, report.modelMismatches(), report.toString()); // a site shows a withdrawn review
        assertFalse(report.holds());
        assertMentions(report, "after tombstone: " + reviewId);
    }

    /**
     * Break (b): scoring on another verdict scale than the scenario's (here the model is given the
     * other scale, which is the same disagreement), and an event whose score is off by one.
     */
    @Test
    void aScoreOrVerdictOtherThanTheModelsIsCaught() throws Exception {
        Workload workload = Workload.generate(Workload.freshRunId("checker-content"), SUBMISSIONS, 4);
        run(workload);

        GuaranteeReport otherScale = check(workload, VerdictScale.preset("aggregator"));
        assertTrue(otherScale.modelMismatches() > 0, otherScale.toString());
        assertEquals(0, otherScale.lost() + otherScale.duplicated() + otherScale.wrong(), otherScale.toString());
        assertMentions(otherScale, "verdict label");

        String reviewId = first(workload, Expectation.PUBLISHED).submission().getReviewId();
        PublishedReview published = lastValue(Topics.PUBLISHED, reviewId);
        published.getScore().setDisplay(published.getScore().getDisplay() + 1);
        published.setRevision(published.getRevision() + 1); // so that only the content is at fault, not the order
        send(Topics.PUBLISHED, reviewId, published);

        GuaranteeReport offByOne = check(workload, SCALE);
        assertEquals(1, offByOne.modelMismatches(), offByOne.toString());
        assertMentions(offByOne, "score display " + published.getScore().getDisplay());
    }

    /** Break (c): ingest rejects a retraction as well as tombstoning it; and a published submission also rejected. */
    @Test
    void aRetractionOrAPublishedSubmissionAlsoRejectedIsCaught() throws Exception {
        Workload workload = Workload.generate(Workload.freshRunId("checker-rejected"), SUBMISSIONS, 5);
        run(workload);
        ReviewSubmission retraction = first(workload, Expectation.RETRACTED).submission();
        ReviewSubmission published = first(workload, Expectation.PUBLISHED).submission();

        send(Topics.REJECTED, retraction.getReviewId(), rejection(retraction, "NOTHING_TO_RETRACT"));
        send(Topics.REJECTED, published.getReviewId(), rejection(published, "PROCESSING_FAILED"));

        GuaranteeReport report = check(workload, SCALE);
        assertEquals(2, report.duplicated(), report.toString());
        assertMentions(report, "retraction with another outcome: 0 published, rejections [NOTHING_TO_RETRACT]");
        assertMentions(report, "duplicated: 1 published, rejections [PROCESSING_FAILED]");
    }

    /** Break (d): ingest sends an output twice; and scoring does. */
    @Test
    void aSubmissionTwiceOnAnIntermediateTopicIsCaught() throws Exception {
        Workload workload = Workload.generate(Workload.freshRunId("checker-intermediate"), SUBMISSIONS, 6);
        run(workload);
        String reviewId = first(workload, Expectation.PUBLISHED).submission().getReviewId();

        send(Topics.INGESTED, reviewId, lastValue(Topics.INGESTED, reviewId));
        send(Topics.SCORED, reviewId, lastValue(Topics.SCORED, reviewId));

        GuaranteeReport report = check(workload, SCALE);
        assertEquals(2, report.intermediateDuplicates(), report.toString());
        assertEquals(0, report.duplicated() + report.modelMismatches(), report.toString());
        assertMentions(report, "times on reviews.ingested");
        assertMentions(report, "times on reviews.scored");
    }

    /** Break: publish emits an older revision after a newer one. */
    @Test
    void aRevisionPublishedAfterANewerOneIsCaught() throws Exception {
        Workload workload = Workload.generate(Workload.freshRunId("checker-order"), SUBMISSIONS, 7);
        run(workload);
        List<String> retracted = workload.submissions().stream().filter(p -> p.expectation() == Expectation.RETRACTED)
                .map(p -> p.submission().getReviewId()).toList();
        ReviewSubmission older = workload.submissions().stream()
                .filter(p -> p.expectation() == Expectation.PUBLISHED && p.submission().getAction() == ReviewAction.REVISE)
                .map(PlannedSubmission::submission).filter(s -> !retracted.contains(s.getReviewId()))
                .findFirst().orElseThrow();
        PublishedReview first = TopicReader.readAll(kafka.bootstrapServers(), Topics.PUBLISHED).stream()
                .filter(r -> older.getReviewId().equals(r.key()) && r.value() != null && r.value().getRevision() == 1)
                .findFirst().orElseThrow().value();

        send(Topics.PUBLISHED, older.getReviewId(), first);

        GuaranteeReport report = check(workload, SCALE);
        assertEquals(1, report.reordered(), report.toString());
        assertEquals(1, report.modelMismatches(), report.toString());
        assertMentions(report, "reordered: " + older.getReviewId());
    }

    /** Break: works.scores still counting a review after its retraction, against the works service's own recomputation. */
    @Test
    void aWorkScoreOtherThanTheRecomputationIsCaught() throws Exception {
        String prefix = Workload.freshRunId("checker-works");
        WorkRecords records = new WorkRecords(new WorkScorer(SCALE));
        WorkScoring logic = new WorkScoring(records::contribution, records::emptyTally, records::add, records::scoreOf);
        ScoredReview live = scored(prefix + "-a", prefix + " Work", 60);
        Map<String, WorkScore> expected = logic.recompute(Map.of(prefix + "-a", live,
                prefix + "-b", ScoredReview.newBuilder(live).setReview(null).setScore(null).setVerdict(null).build()));
        String key = expected.keySet().iterator().next();
        WorkScoresCheck check = new WorkScoresCheck(kafka.bootstrapServers());

        send(Topics.WORK_SCORES, key, expected.get(key));
        assertEquals(List.of(), check.awaitMatching(expected, prefix, Duration.ofSeconds(30)));

        WorkScore stillCounted = logic.recompute(Map.of(prefix + "-a", live,
                prefix + "-b", scored(prefix + "-b", prefix + " Work", 71))).get(key);
        send(Topics.WORK_SCORES, key, stillCounted);
        List<String> mismatches = check.awaitMatching(expected, prefix, Duration.ofSeconds(2));
        assertEquals(1, mismatches.size(), mismatches.toString());
        assertTrue(mismatches.get(0).contains("2 review(s), mean 65.5"), mismatches.toString());
    }

    /**
     * The workload through the unbroken pipeline, which must hold; the pipeline is stopped before a
     * test writes its fault, so that no stage passes the fault on and muddies the counts.
     */
    private static GuaranteeReport run(Workload workload) throws Exception {
        try (Pipeline pipeline = Pipeline.start(kafka, "model-checker-it", 3, SCALE)) {
            new LoadDriver(kafka.bootstrapServers()).start(workload, 0, sent -> { }).get(1, TimeUnit.MINUTES);
            GuaranteeReport report = check(workload, SCALE);
            assertTrue(report.holds(), "the unbroken pipeline: " + report);
            return report;
        }
    }

    private static GuaranteeReport check(Workload workload, VerdictScale scale) {
        return new ModelChecker(kafka.bootstrapServers()).awaitAndCheck(ReviewModel.of(workload, new Scorer(scale)::score),
                DRAIN, SETTLE);
    }

    private static PlannedSubmission first(Workload workload, Expectation expectation) {
        return workload.submissions().stream().filter(p -> p.expectation() == expectation).findFirst().orElseThrow();
    }

    /** The last non-null value of a review on a topic. */
    private static <V extends SpecificRecord> V lastValue(TopicSpec<V> topic, String reviewId) {
        List<V> values = TopicReader.readAll(kafka.bootstrapServers(), topic).stream()
                .filter(r -> reviewId.equals(r.key()) && r.value() != null).map(TopicReader.Read::value).toList();
        return values.get(values.size() - 1);
    }

    private static <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.codec().encode(value))).get();
    }

    private static ReviewRejection rejection(ReviewSubmission submission, String reason) {
        return ReviewRejection.newBuilder().setReason(reason).setMessage("a broken stage").setStage("ingest")
                .setSubmission(submission).setSourceTopic(Topics.SUBMITTED.name()).setSourcePartition(0).setSourceOffset(0)
                .setRejectedAt(Instant.now()).build();
    }

    /** A scored review of the house sample under another title and review id, as scoring would write it. */
    private static ScoredReview scored(String reviewId, String title, double score) {
        Review review = ((Outcome.Accepted<Review>) new DocumentParser(IngestLimits.defaults())
                .parse(Samples.bytes("the-perfection.txt"), null)).value();
        ReviewSubmission submission = ReviewSubmission.newBuilder(Workload.validSubmission(reviewId, Expectation.PUBLISHED, null, 0)
                .submission()).build();
        int display = (int) Math.round(score);
        return new ScoredReview(submission, null, ReviewContent.newBuilder(ReviewRecords.toAvro(review)).setTitle(title).build(),
                new Score(score, display, "PERCENT", score + "%"), new Verdict(SCALE.labelFor(display), SCALE.name(), null, false),
                Instant.now());
    }

    private static void assertMentions(GuaranteeReport report, String text) {
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(text)), "'" + text + "' in " + report);
    }
}
