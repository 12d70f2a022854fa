package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.scoring.works.service.WorkRecords;
import org.junit.jupiter.api.Test;

class WorkRecordsTest {

    @Test
    void aScoredReviewContributesItsWorkKeyTitlePlatformAndExactScore() {
        ScoredReview scored = ScoredReviews.scored("r-1", 1, "The  Perfection", "Netflix Original", 60.0);

        assertEquals(new Contribution("the perfection|netflix original", "The  Perfection", "Netflix Original", 60.0),
                WorkRecords.contributionOf("r-1", scored));
    }

    @Test
    void aRetractionContributesNothing() {
        assertNull(WorkRecords.contributionOf("r-1", ScoredReviews.retraction("r-1", 2)));
        assertNull(WorkRecords.contributionOf("r-1", null)); // a tombstone, which scoring never writes, likewise
    }

    @Test
    void aReviewWithoutAUsableScoreIsRefusedNotCounted() {
        ScoredReview noScore = ScoredReviews.scored("r-1", 1, "X", null, 50.0);
        noScore.setScore(null);
        ScoredReview tooHigh = ScoredReviews.scored("r-2", 1, "X", null, 50.0);
        tooHigh.getScore().setExact(100.5);
        ScoredReview notANumber = ScoredReviews.scored("r-3", 1, "X", null, 50.0);
        notANumber.getScore().setExact(Double.NaN);

        assertThrows(IllegalArgumentException.class, () -> WorkRecords.contributionOf("r-1", noScore));
        assertThrows(IllegalArgumentException.class, () -> WorkRecords.contributionOf("r-2", tooHigh));
        assertThrows(IllegalArgumentException.class, () -> WorkRecords.contributionOf("r-3", notANumber));
    }

    @Test
    void aChangeSurvivesItsRecordUnchanged() {
        Contribution before = Contribution.of("Amélie", null, 66.66666666666667);
        Contribution after = Contribution.of("AMÉLIE", null, 75);
        ContributionChange change = new ContributionChange(before.workKey(), before, after);

        assertEquals(change, WorkRecords.toDomain(WorkRecords.toAvro(change, "r-1", java.time.Instant.EPOCH)));
    }
}
