package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.contract.Topics;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.works.service.WorksService;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The works service's two loops on a real broker: scored reviews go onto {@code reviews.scored} as
 * scoring writes them (keyed by review id, so one work's reviews spread over every partition) and
 * the scores are read back from {@code works.scores}. Each test has titles of its own, so they share
 * one service.
 */
class WorksServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static WorkScoresTopics topics;
    private static List<StageService<?>> loops;

    @BeforeAll
    static void startService() {
        KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, 3, Optional.empty());
        topics = new WorkScoresTopics(kafka.bootstrapServers());
        loops = WorksService.create(StageSettings.defaults(kafka, "works-it"), VerdictScale.preset("house"));
        loops.forEach(StageService::start);
    }

    @AfterAll
    static void stopService() {
        if (loops != null) {
            for (StageService<?> loop : loops) {
                loop.stop();
                assertTrue(loop.termination().isDone(), loop.name() + " did not stop");
                assertFalse(loop.termination().isCompletedExceptionally(), loop.name() + " stopped with an error");
            }
        }
        if (topics != null) {
            topics.close();
        }
    }

    /** Titles and review ids of one test, unlike any other test's. */
    private static String prefix() {
        return "wit" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, WorkScore> awaitWorks(String prefix, Predicate<Map<String, WorkScore>> done) {
        return topics.awaitWorks(prefix, done, WAIT);
    }

    private static boolean counts(Map<String, WorkScore> works, String key, int count, double meanExact) {
        WorkScore score = works.get(key);
        return score != null && score.getReviewCount() == count && Math.abs(score.getMeanExact() - meanExact) < 1e-9;
    }

    @Test
    void reviewsOfOneWorkTypedThreeWaysOnThreePartitionsAreOneWork() {
        // Given three reviews of The Perfection, each typed its own way, 
        String p = prefix();
        String key = p + " the perfection|netflix original";
        topics.send(ScoredReviews.scored(p + "-a", 1, p + " The Perfection", "Netflix Original", 60.0));
        topics.send(ScoredReviews.scored(p + "-b", 1, p.toUpperCase() + " THE  PERFECTION", "netflix original", 70.0));
        awaitWorks(p, works -> counts(works, key, 2, 65.0));

        // When the third arrives
        topics.send(ScoredReviews.scored(p + "-c", 1, "‘" + p + " The Perfection’", "Netflix Original", 81.0));

        // Then there is one work: three reviews, mean 70.33 shown as 70, CHILLIN, titled as the latest review
        Map<String, WorkScore> works = awaitWorks(p, w -> counts(w, key, 3, 211.0 / 3));
        assertEquals(1, works.size(), works.toString());
        WorkScore score = works.get(key);
        assertEquals(70, score.getMeanDisplay());
        assertEquals("CHILLIN", score.getVerdict());
        assertEquals("house", score.getScaleName());
        assertEquals("‘" + p + " The Perfection’", score.getTitle());
        assertEquals("Netflix Original", score.getPlatform());
        assertEquals(key, score.getWorkKey());
    }

    @Test
    void aRevisionChangesTheMeanButNotTheCount() {
        // Given a work with reviews of 50 and 70
        String p = prefix();
        String key = p + " night ferry|";
        topics.send(ScoredReviews.scored(p + "-a", 1, p + " Night Ferry", null, 50.0));
        topics.send(ScoredReviews.scored(p + "-b", 1, p + " Night Ferry", null, 70.0));
        awaitWorks(p, works -> counts(works, key, 2, 60.0));

        // When the first review is revised to 90
        topics.send(ScoredReviews.scored(p + "-a", 2, p + " Night Ferry", null, 90.0));

        // Then the mean is 80 over the same two reviews
        WorkScore score = awaitWorks(p, works -> counts(works, key, 2, 80.0)).get(key);
        assertEquals(80, score.getMeanDisplay());
        assertEquals("BINGE IT", score.getVerdict());
        assertNull(score.getPlatform());
    }

    @Test
    void aRetractionDropsTheCountAndTheLastOneTombstonesTheWork() {
        // Given a work with reviews of 40 and 80
        String p = prefix();
        String key = p + " paper lanterns|prime video";
        topics.send(ScoredReviews.scored(p + "-a", 1, p + " Paper Lanterns", "Prime Video", 40.0));
        topics.send(ScoredReviews.scored(p + "-b", 1, p + " Paper Lanterns", "Prime Video", 80.0));
        awaitWorks(p, works -> counts(works, key, 2, 60.0));

        // When the first is retracted, the second counts alone
        topics.send(ScoredReviews.retraction(p + "-a", 2));
        WorkScore score = awaitWorks(p, works -> counts(works, key, 1, 80.0)).get(key);
        assertEquals("BINGE IT", score.getVerdict());

        // When the last is retracted, the work is a tombstone
        topics.send(ScoredReviews.retraction(p + "-b", 2));
        Map<String, WorkScore> works = awaitWorks(p, w -> w.containsKey(key) && w.get(key) == null);
        assertNull(works.get(key));

        // When a review that was never counted is retracted, and a retracted one comes back
        topics.send(ScoredReviews.retraction(p + "-never", 1));
        topics.send(ScoredReviews.scored(p + "-b", 3, p + " Paper Lanterns", "Prime Video", 30.0));

        // Then the work is back with that one review, and the stray retraction took nothing away
        score = awaitWorks(p, w -> counts(w, key, 1, 30.0)).get(key);
        assertEquals("SNOOZER", score.getVerdict());
    }

    @Test
    void worksInterleavedStayApart() {
        // Given Dune on three platforms (one of them none), their reviews interleaved
        String p = prefix();
        String netflix = p + " dune|netflix";
        String prime = p + " dune|prime video";
        String none = p + " dune|";
        topics.send(ScoredReviews.scored(p + "-n1", 1, p + " Dune", "Netflix", 60.0));
        topics.send(ScoredReviews.scored(p + "-p1", 1, p + " Dune", "Prime Video", 20.0));
        topics.send(ScoredReviews.scored(p + "-n2", 1, p + " Dune", "Netflix", 70.0));
        topics.send(ScoredReviews.scored(p + "-x1", 1, p + " Dune", null, 90.0));
        topics.send(ScoredReviews.scored(p + "-p2", 1, p + " Dune", "Prime Video", 31.0));
        topics.send(ScoredReviews.scored(p + "-n1", 2, p + " Dune", "Netflix", 80.0));

        // When all are processed
        Map<String, WorkScore> works = awaitWorks(p, w -> counts(w, netflix, 2, 75.0)
                && counts(w, prime, 2, 25.5) && counts(w, none, 1, 90.0));

        // Then each work has its own reviews only
        assertEquals(3, works.size(), works.toString());
        assertEquals("BINGE IT", works.get(netflix).getVerdict());
        assertEquals(26, works.get(prime).getMeanDisplay());
        assertEquals("SNOOZER", works.get(prime).getVerdict());
        assertEquals("MUST WATCH", works.get(none).getVerdict());
    }

    @Test
    void aRevisionThatRenamesTheWorkMovesItsReview() {
        // Given two reviews of Dune
        String p = prefix();
        String dune = p + " dune|";
        String arrival = p + " arrival|";
        topics.send(ScoredReviews.scored(p + "-a", 1, p + " Dune", null, 60.0));
        topics.send(ScoredReviews.scored(p + "-b", 1, p + " Dune", null, 80.0));
        awaitWorks(p, works -> counts(works, dune, 2, 70.0));

        // When one is revised to be about Arrival, then the other too
        topics.send(ScoredReviews.scored(p + "-a", 2, p + " Arrival", null, 50.0));
        awaitWorks(p, works -> counts(works, dune, 1, 80.0) && counts(works, arrival, 1, 50.0));
        topics.send(ScoredReviews.scored(p + "-b", 2, p + " Arrival", null, 70.0));

        // Then Dune has no reviews left and Arrival has both
        Map<String, WorkScore> works = awaitWorks(p, w -> w.containsKey(dune) && w.get(dune) == null
                && counts(w, arrival, 2, 60.0));
        assertEquals("CHILLIN", works.get(arrival).getVerdict());
    }

    @Test
    void aResendOfTheSameRevisionIsNotCountedTwice() {
        // Given a work with one review of 40
        String p = prefix();
        String key = p + " resent|";
        var first = ScoredReviews.scored(p + "-a", 1, p + " Resent", null, 40.0);
        topics.send(first);
        awaitWorks(p, works -> counts(works, key, 1, 40.0));

        // When the same revision arrives again (a writer's retry that got through twice), then another review
        topics.send(first);
        topics.send(ScoredReviews.scored(p + "-b", 1, p + " Resent", null, 60.0));

        // Then the work counts two reviews, not three
        Map<String, WorkScore> works = awaitWorks(p, w -> counts(w, key, 2, 50.0));
        assertEquals(50, works.get(key).getMeanDisplay());
    }

    @Test
    void anUndecodableRecordIsRejectedAndTheReviewsAroundItStillCount() {
        // Given a review, bytes that are no scored review under a review id of the test, and another review
        String p = prefix();
        String key = p + " poisoned|";
        topics.send(ScoredReviews.scored(p + "-a", 1, p + " Poisoned", null, 30.0));
        long offset = topics.sendRaw(p + "-garbage", "not avro".getBytes(StandardCharsets.UTF_8));
        topics.send(ScoredReviews.scored(p + "-b", 1, p + " Poisoned", null, 50.0));

        // Then both reviews count
        awaitWorks(p, works -> counts(works, key, 2, 40.0));
        // and the garbage is a dead letter from the works service, naming where it was
        List<TopicReader.Read<ReviewRejection>> rejected = TopicReader.readUntil(TestKafka.bootstrapServers(), Topics.REJECTED,
                read -> read.stream().anyMatch(r -> (p + "-garbage").equals(r.key())), WAIT);
        ReviewRejection rejection = rejected.stream().filter(r -> (p + "-garbage").equals(r.key())).findFirst().orElseThrow().value();
        assertEquals("UNDECODABLE_RECORD", rejection.getReason());
        assertEquals("works-contributions", rejection.getStage());
        assertEquals(Topics.SCORED.name(), rejection.getSourceTopic());
        assertEquals(offset, rejection.getSourceOffset());
    }
}
