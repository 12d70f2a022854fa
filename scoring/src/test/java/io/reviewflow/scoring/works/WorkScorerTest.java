package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkContribution;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.avro.WorkTally;
import io.reviewflow.scoring.VerdictScale;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkScorerTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");
    private final WorkScorer house = new WorkScorer(VerdictScale.preset("house"));

    private WorkContribution contribution(double exact) {
        return house.contributionOf("r", ScoredReviews.scored("r", 1, "The Perfection", "Netflix Original", exact));
    }

    private WorkTally tallyOf(double... exacts) {
        WorkTally tally = WorkScorer.emptyTally();
        for (double exact : exacts) {
            tally = house.add(contribution(exact), tally);
        }
        return tally;
    }

    @Test
    void aReviewContributesItsWorkKeyTitlePlatformAndExactScore() {
        ScoredReview scored = ScoredReviews.scored("r-1", 1, "The  Perfection", "Netflix Original", 60.0);

        WorkContribution contribution = house.contributionOf("r-1", scored);

        assertEquals(new WorkContribution("the perfection|netflix original", "The  Perfection", "Netflix Original", 60.0),
                contribution);
    }

    @Test
    void aRetractionContributesNothing() {
        assertNull(house.contributionOf("r-1", ScoredReviews.retraction("r-1", 2)));
        assertNull(house.contributionOf("r-1", null)); // a tombstone, which scoring never writes, likewise
    }

    @Test
    void aReviewWithoutAUsableScoreIsRefusedNotCounted() {
        ScoredReview noScore = ScoredReviews.scored("r-1", 1, "X", null, 50.0);
        noScore.setScore(null);
        ScoredReview tooHigh = ScoredReviews.scored("r-2", 1, "X", null, 50.0);
        tooHigh.getScore().setExact(100.5);
        ScoredReview notANumber = ScoredReviews.scored("r-3", 1, "X", null, 50.0);
        notANumber.getScore().setExact(Double.NaN);

        assertThrows(IllegalArgumentException.class, () -> house.contributionOf("r-1", noScore));
        assertThrows(IllegalArgumentException.class, () -> house.contributionOf("r-2", tooHigh));
        assertThrows(IllegalArgumentException.class, () -> house.contributionOf("r-3", notANumber));
    }

    @Test
    void theScoreIsTheMeanRoundedHalfUpWithTheVerdictOfTheMean() {
        // Given two reviews, 60 and 61
        WorkTally tally = tallyOf(60.0, 61.0);

        // When scored
        WorkScore score = house.scoreOf(tally, AT);

        // Then 60.5 shows as 61, and the verdict is that of 61 on the house scale
        assertEquals(60.5, score.getMeanExact());
        assertEquals(61, score.getMeanDisplay());
        assertEquals(2, score.getReviewCount());
        assertEquals("CHILLIN", score.getVerdict());
        assertEquals("house", score.getScaleName());
        assertEquals("the perfection|netflix original", score.getWorkKey());
        assertEquals("The Perfection", score.getTitle());
        assertEquals("Netflix Original", score.getPlatform());
        assertEquals(AT, score.getUpdatedAt());
    }

    @Test
    void theVerdictComesFromTheConfiguredScale() {
        WorkScorer freshRotten = new WorkScorer(VerdictScale.preset("fresh-rotten"));
        WorkScore score = freshRotten.scoreOf(tallyOf(59.0, 60.0), AT);
        assertEquals(60, score.getMeanDisplay());
        assertEquals("Fresh", score.getVerdict());
        assertEquals("fresh-rotten", score.getScaleName());
    }

    @Test
    void aSingleReviewShowsItsOwnDisplayedScoreEvenWhereTheDoubleFallsShort() {
        // 4.125/5 is exactly 82.5 and scoring shows 83, but its exact double can be the one just below.
        double exact = Math.nextDown(82.5);
        assertEquals(82.49999999999999, exact);
        assertEquals(83, house.scoreOf(tallyOf(exact), AT).getMeanDisplay());
    }

    @Test
    void aMeanThatIsAHalfInTheWritersTermsRoundsUp() {
        // Three reviews of 1/3 and one of 46 average exactly 36.5; in nano-points a hair less.
        double third = 1.0 / 3 * 100;
        assertEquals(37, house.scoreOf(tallyOf(third, third, third, 46.0), AT).getMeanDisplay());
        // Two reviews 36.4 and 36.59 are a real 36.495: down.
        assertEquals(36, house.scoreOf(tallyOf(36.4, 36.59), AT).getMeanDisplay());
    }

    @Test
    void removingAReviewTakesAwayExactlyWhatAddingItPutIn() {
        // Given a work with one review of 60 and one of 61
        WorkTally base = tallyOf(60.0, 61.0);
        WorkTally tally = base;
        double doubleSum = 121.0;
        Random random = new Random(7);

        // When a thousand other reviews with awkward scores come and go
        for (int i = 0; i < 1_000; i++) {
            double exact = 100.0 * random.nextInt(1000) / (1 + random.nextInt(999)) % 100;
            WorkContribution passing = new WorkContribution(base.getWorkKey(), base.getTitle(), base.getPlatform(), exact);
            tally = house.remove(passing, house.add(passing, tally));
            doubleSum = doubleSum + exact - exact;
        }

        // Then the tally is what it was, to the last bit, and 60.5 still shows as 61, where a double sum has drifted
        assertEquals(base, tally);
        assertEquals(61, house.scoreOf(tally, AT).getMeanDisplay());
        assertNotEquals(121.0, doubleSum);
    }

    @Test
    void removingTheLastReviewRemovesTheWork() {
        WorkContribution only = contribution(75.0);
        WorkTally tally = house.add(only, WorkScorer.emptyTally());

        assertNull(house.remove(only, tally));
    }

    @Test
    void theTitleIsThatOfTheReviewLastAdded() {
        WorkContribution shouting = house.contributionOf("a", ScoredReviews.scored("a", 1, "THE PERFECTION", "NETFLIX ORIGINAL", 60));
        WorkContribution quiet = house.contributionOf("b", ScoredReviews.scored("b", 1, "The Perfection", null, 70));
        WorkContribution platformed = house.contributionOf("c", ScoredReviews.scored("c", 1, "The Perfection", "Netflix Original", 70));

        WorkTally tally = house.add(platformed, house.add(shouting, WorkScorer.emptyTally()));
        assertEquals("The Perfection", tally.getTitle());
        assertEquals("Netflix Original", tally.getPlatform());
        assertEquals("the perfection|", house.add(quiet, WorkScorer.emptyTally()).getWorkKey());
    }
}
