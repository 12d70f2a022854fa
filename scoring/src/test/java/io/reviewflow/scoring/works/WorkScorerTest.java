package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reviewflow.scoring.VerdictScale;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkScorerTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");
    private final WorkScorer house = new WorkScorer(VerdictScale.preset("house"));

    private static Contribution contribution(double exact) {
        return Contribution.of("The Perfection", "Netflix Original", exact);
    }

    private Tally tallyOf(double... exacts) {
        Tally tally = WorkScorer.emptyTally();
        for (double exact : exacts) {
            tally = house.add(contribution(exact), tally);
        }
        return tally;
    }

    @Test
    void aReviewContributesItsWorkKeyTitlePlatformAndExactScore() {
        assertEquals(new Contribution("the perfection|netflix original", "The  Perfection", "Netflix Original", 60.0),
                Contribution.of("The  Perfection", "Netflix Original", 60.0));
    }

    @Test
    void aScoreOutsideZeroToAHundredIsRefusedNotCounted() {
        assertThrows(IllegalArgumentException.class, () -> Contribution.of("X", null, 100.5));
        assertThrows(IllegalArgumentException.class, () -> Contribution.of("X", null, -0.5));
        assertThrows(IllegalArgumentException.class, () -> Contribution.of("X", null, Double.NaN));
    }

    @Test
    void aNewReviewAddsToItsWorkAndARetractionTakesAwayWhatItCounted() {
        Contribution sixty = contribution(60);

        assertEquals(List.of(new ContributionChange(sixty.workKey(), null, sixty)), WorkScorer.changes(null, sixty));
        assertEquals(List.of(new ContributionChange(sixty.workKey(), sixty, null)), WorkScorer.changes(sixty, null));
        assertEquals(List.of(), WorkScorer.changes(null, null)); // a retraction of a review that never counted
    }

    @Test
    void aResendOfTheSameRevisionChangesNothing() {
        assertEquals(List.of(), WorkScorer.changes(contribution(60), contribution(60)));
    }

    @Test
    void aRevisionReplacesItsPreviousContributionOnTheSameWork() {
        Contribution before = contribution(60);
        Contribution after = Contribution.of("THE PERFECTION", "Netflix Original", 70);

        List<ContributionChange> changes = WorkScorer.changes(before, after);

        assertEquals(List.of(new ContributionChange(before.workKey(), before, after)), changes);
        Tally tally = house.apply(house.apply(null, WorkScorer.changes(null, before).get(0)), changes.get(0));
        assertEquals(new Tally(before.workKey(), "THE PERFECTION", "Netflix Original", 1, 70_000_000_000L), tally);
    }

    @Test
    void aRevisionThatRenamesTheWorkMovesTheReviewFromOneWorkToTheOther() {
        Contribution before = contribution(60);
        Contribution after = Contribution.of("Perfection", "Netflix Original", 60);

        List<ContributionChange> changes = WorkScorer.changes(before, after);

        assertEquals(List.of(new ContributionChange(before.workKey(), before, null),
                new ContributionChange(after.workKey(), null, after)), changes);
        Tally old = house.apply(null, WorkScorer.changes(null, before).get(0));
        assertNull(house.apply(old, changes.get(0)), "the old work counts nothing and goes");
        assertEquals(1, house.apply(null, changes.get(1)).reviewCount());
    }

    @Test
    void removingAReviewAWorkDoesNotCountIsAnErrorNotANegativeCount() {
        assertThrows(IllegalStateException.class,
                () -> house.apply(null, new ContributionChange(contribution(60).workKey(), contribution(60), null)));
    }

    @Test
    void theScoreIsTheMeanRoundedHalfUpWithTheVerdictOfTheMean() {
        // Given two reviews, 60 and 61
        Tally tally = tallyOf(60.0, 61.0);

        // When scored
        WorkMean score = house.scoreOf(tally, AT);

        // Then 60.5 shows as 61, and the verdict is that of 61 on the house scale
        assertEquals(60.5, score.meanExact());
        assertEquals(61, score.meanDisplay());
        assertEquals(2, score.reviewCount());
        assertEquals("CHILLIN", score.verdict());
        assertEquals("house", score.scaleName());
        assertEquals("the perfection|netflix original", score.workKey());
        assertEquals("The Perfection", score.title());
        assertEquals("Netflix Original", score.platform());
        assertEquals(AT, score.updatedAt());
    }

    @Test
    void theVerdictComesFromTheConfiguredScale() {
        WorkScorer freshRotten = new WorkScorer(VerdictScale.preset("fresh-rotten"));
        WorkMean score = freshRotten.scoreOf(tallyOf(59.0, 60.0), AT);
        assertEquals(60, score.meanDisplay());
        assertEquals("Fresh", score.verdict());
        assertEquals("fresh-rotten", score.scaleName());
    }

    @Test
    void aSingleReviewShowsItsOwnDisplayedScoreEvenWhereTheDoubleFallsShort() {
        // 4.125/5 is exactly 82.5 and scoring shows 83, but its exact double can be the one just below.
        double exact = Math.nextDown(82.5);
        assertEquals(82.49999999999999, exact);
        assertEquals(83, house.scoreOf(tallyOf(exact), AT).meanDisplay());
    }

    @Test
    void aMeanThatIsAHalfInTheWritersTermsRoundsUp() {
        // Three reviews of 1/3 and one of 46 average exactly 36.5; in nano-points a hair less.
        double third = 1.0 / 3 * 100;
        assertEquals(37, house.scoreOf(tallyOf(third, third, third, 46.0), AT).meanDisplay());
        // Two reviews 36.4 and 36.59 are a real 36.495: down.
        assertEquals(36, house.scoreOf(tallyOf(36.4, 36.59), AT).meanDisplay());
    }

    @Test
    void removingAReviewTakesAwayExactlyWhatAddingItPutIn() {
        // Given a work with one review of 60 and one of 61
        Tally base = tallyOf(60.0, 61.0);
        Tally tally = base;
        double doubleSum = 121.0;
        Random random = new Random(7);

        // When a thousand other reviews with awkward scores come and go
        for (int i = 0; i < 1_000; i++) {
            double exact = 100.0 * random.nextInt(1000) / (1 + random.nextInt(999)) % 100;
            Contribution passing = new Contribution(base.workKey(), base.title(), base.platform(), exact);
            tally = house.remove(passing, house.add(passing, tally));
            doubleSum = doubleSum + exact - exact;
        }

        // Then the tally is what it was, to the last bit, and 60.5 still shows as 61, where a double sum has drifted
        assertEquals(base, tally);
        assertEquals(61, house.scoreOf(tally, AT).meanDisplay());
        assertNotEquals(121.0, doubleSum);
    }

    @Test
    void removingTheLastReviewRemovesTheWork() {
        Contribution only = contribution(75.0);
        Tally tally = house.add(only, WorkScorer.emptyTally());

        assertNull(house.remove(only, tally));
    }

    @Test
    void theTitleIsThatOfTheReviewLastAdded() {
        Contribution shouting = Contribution.of("THE PERFECTION", "NETFLIX ORIGINAL", 60);
        Contribution quiet = Contribution.of("The Perfection", null, 70);
        Contribution platformed = Contribution.of("The Perfection", "Netflix Original", 70);

        Tally tally = house.add(platformed, house.add(shouting, WorkScorer.emptyTally()));
        assertEquals("The Perfection", tally.title());
        assertEquals("Netflix Original", tally.platform());
        assertEquals("the perfection|", house.add(quiet, WorkScorer.emptyTally()).workKey());
    }
}
