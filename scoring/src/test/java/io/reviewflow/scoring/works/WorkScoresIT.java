package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.WorkScore;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.contract.Topics;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-work scores on a real broker: scored reviews go onto {@code reviews.scored} at chosen
 * partitions, so that the reviews of one work are spread over all of them, and the scores are
 * read back from {@code works.scores}. Each test has titles of its own, so they share one service;
 * the class has an application id of its own, so no other test's instances share its work.
 */
class WorkScoresIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path stateDir;
    private static WorkScoresTopics topics;
    private static WorkScoresService service;

    @BeforeAll
    static void startService() {
        KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, 3, Optional.empty());
        topics = new WorkScoresTopics(kafka.bootstrapServers());
        service = WorkScoresService.create(WorkScoresSettings.defaults(kafka, "works-it")
                        .withApplicationId("works-it-" + UUID.randomUUID().toString().substring(0, 8))
                        .withStateDir(stateDir),
                VerdictScale.preset("house"));
        service.start();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.stop();
            assertTrue(service.termination().isDone(), "did not stop");
            assertFalse(service.termination().isCompletedExceptionally(), "stopped with an error");
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
        // Given three reviews of The Perfection, each typed its own way, each on its own partition
        String p = prefix();
        String key = p + " the perfection|netflix original";
        topics.send(0, ScoredReviews.scored(p + "-a", 1, p + " The Perfection", "Netflix Original", 60.0));
        topics.send(1, ScoredReviews.scored(p + "-b", 1, p.toUpperCase() + " THE  PERFECTION", "netflix original", 70.0));
        awaitWorks(p, works -> counts(works, key, 2, 65.0));

        // When the third arrives
        topics.send(2, ScoredReviews.scored(p + "-c", 1, "‘" + p + " The Perfection’", "Netflix Original", 81.0));

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
        // Given a work with reviews of 50 and 70 on two partitions
        String p = prefix();
        String key = p + " night ferry|";
        topics.send(0, ScoredReviews.scored(p + "-a", 1, p + " Night Ferry", null, 50.0));
        topics.send(1, ScoredReviews.scored(p + "-b", 1, p + " Night Ferry", null, 70.0));
        awaitWorks(p, works -> counts(works, key, 2, 60.0));

        // When the first review is revised to 90 (same review id, so the same partition)
        topics.send(0, ScoredReviews.scored(p + "-a", 2, p + " Night Ferry", null, 90.0));

        // Then the mean is 80 over the same two reviews
        WorkScore score = awaitWorks(p, works -> counts(works, key, 2, 80.0)).get(key);
        assertEquals(80, score.getMeanDisplay());
        assertEquals("BINGE IT", score.getVerdict());
        assertNull(score.getPlatform());
    }

    @Test
    void aRetractionDropsTheCountAndTheLastOneTombstonesTheWork() {
        // Given a work with reviews of 40 and 80 on partitions 0 and 2
        String p = prefix();
        String key = p + " paper lanterns|prime video";
        topics.send(0, ScoredReviews.scored(p + "-a", 1, p + " Paper Lanterns", "Prime Video", 40.0));
        topics.send(2, ScoredReviews.scored(p + "-b", 1, p + " Paper Lanterns", "Prime Video", 80.0));
        awaitWorks(p, works -> counts(works, key, 2, 60.0));

        // When the first is retracted, the second counts alone
        topics.send(0, ScoredReviews.retraction(p + "-a", 2));
        WorkScore score = awaitWorks(p, works -> counts(works, key, 1, 80.0)).get(key);
        assertEquals("BINGE IT", score.getVerdict());

        // When the last is retracted, the work is a tombstone
        topics.send(2, ScoredReviews.retraction(p + "-b", 2));
        Map<String, WorkScore> works = awaitWorks(p, w -> w.containsKey(key) && w.get(key) == null);
        assertNull(works.get(key));

        // When a review that was never counted is retracted, and a retracted one comes back
        topics.send(1, ScoredReviews.retraction(p + "-never", 1));
        topics.send(2, ScoredReviews.scored(p + "-b", 3, p + " Paper Lanterns", "Prime Video", 30.0));

        // Then the work is back with that one review, and the stray retraction took nothing away
        score = awaitWorks(p, w -> counts(w, key, 1, 30.0)).get(key);
        assertEquals("SNOOZER", score.getVerdict());
    }

    @Test
    void worksInterleavedAcrossPartitionsStayApart() {
        // Given Dune on three platforms (one of them none), their reviews interleaved over every partition
        String p = prefix();
        String netflix = p + " dune|netflix";
        String prime = p + " dune|prime video";
        String none = p + " dune|";
        topics.send(0, ScoredReviews.scored(p + "-n1", 1, p + " Dune", "Netflix", 60.0));
        topics.send(1, ScoredReviews.scored(p + "-p1", 1, p + " Dune", "Prime Video", 20.0));
        topics.send(2, ScoredReviews.scored(p + "-n2", 1, p + " Dune", "Netflix", 70.0));
        topics.send(0, ScoredReviews.scored(p + "-x1", 1, p + " Dune", null, 90.0));
        topics.send(2, ScoredReviews.scored(p + "-p2", 1, p + " Dune", "Prime Video", 31.0));
        topics.send(0, ScoredReviews.scored(p + "-n1", 2, p + " Dune", "Netflix", 80.0));

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
        topics.send(0, ScoredReviews.scored(p + "-a", 1, p + " Dune", null, 60.0));
        topics.send(1, ScoredReviews.scored(p + "-b", 1, p + " Dune", null, 80.0));
        awaitWorks(p, works -> counts(works, dune, 2, 70.0));

        // When one is revised to be about Arrival, then the other too
        topics.send(0, ScoredReviews.scored(p + "-a", 2, p + " Arrival", null, 50.0));
        awaitWorks(p, works -> counts(works, dune, 1, 80.0) && counts(works, arrival, 1, 50.0));
        topics.send(1, ScoredReviews.scored(p + "-b", 2, p + " Arrival", null, 70.0));

        // Then Dune has no reviews left and Arrival has both
        Map<String, WorkScore> works = awaitWorks(p, w -> w.containsKey(dune) && w.get(dune) == null
                && counts(w, arrival, 2, 60.0));
        assertEquals("CHILLIN", works.get(arrival).getVerdict());
    }
}
