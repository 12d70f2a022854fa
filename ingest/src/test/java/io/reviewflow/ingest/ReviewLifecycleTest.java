package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.domain.RejectionReason;
import io.reviewflow.ingest.ReviewLifecycle.Action;
import io.reviewflow.ingest.ReviewLifecycle.Decision;
import io.reviewflow.ingest.ReviewLifecycle.Duplicate;
import io.reviewflow.ingest.ReviewLifecycle.Ledger;
import io.reviewflow.ingest.ReviewLifecycle.Proceed;
import io.reviewflow.ingest.ReviewLifecycle.Refused;
import org.junit.jupiter.api.Test;

class ReviewLifecycleTest {

    @Test
    void aFirstSubmissionProceedsAndUsesUpItsRevisionOnlyWhenAccepted() {
        Proceed proceed = assertInstanceOf(Proceed.class, ReviewLifecycle.decide(null, "s1", Action.SUBMIT, 1));

        assertEquals(1, proceed.ifAccepted().latestRevision());
        assertEquals(0, proceed.ifRejected().latestRevision());
        assertTrue(proceed.ifRejected().recentSubmissionIds().contains("s1"));
    }

    @Test
    void theSameSubmissionIdIsProcessedOnce() {
        Ledger after = ((Proceed) ReviewLifecycle.decide(Ledger.EMPTY, "s1", Action.SUBMIT, 1)).ifAccepted();

        assertInstanceOf(Duplicate.class, ReviewLifecycle.decide(after, "s1", Action.SUBMIT, 1));
        assertInstanceOf(Duplicate.class, ReviewLifecycle.decide(after, "s1", Action.REVISE, 7));
    }

    @Test
    void aRevisionMustBeNewerThanTheAcceptedOne() {
        Ledger atTwo = new Ledger(2, false, java.util.List.of("a", "b"));

        Refused stale = assertInstanceOf(Refused.class, ReviewLifecycle.decide(atTwo, "c", Action.REVISE, 2));
        assertEquals(RejectionReason.STALE_REVISION, stale.problem().reason());
        assertEquals("revision 2 is not newer than revision 2 already accepted for this review; send revision 3 or higher",
                stale.problem().message());
        assertTrue(stale.ledger().recentSubmissionIds().contains("c"), "a resend of the refused submission is a duplicate");
        assertEquals(3, ((Proceed) ReviewLifecycle.decide(atTwo, "d", Action.REVISE, 3)).ifAccepted().latestRevision());
    }

    @Test
    void aRetractionWithdrawsTheCurrentRevisionAndAHigherOneRepublishes() {
        Ledger published = new Ledger(3, false, java.util.List.of("a"));

        Ledger retracted = ((Proceed) ReviewLifecycle.decide(published, "r", Action.RETRACT, 1)).ifAccepted();
        assertTrue(retracted.retracted());
        assertEquals(3, retracted.latestRevision());

        Refused again = assertInstanceOf(Refused.class, ReviewLifecycle.decide(retracted, "r2", Action.RETRACT, 1));
        assertEquals(RejectionReason.NOTHING_TO_RETRACT, again.problem().reason());
        assertInstanceOf(Refused.class, ReviewLifecycle.decide(retracted, "old", Action.SUBMIT, 3));
        Decision back = ReviewLifecycle.decide(retracted, "new", Action.REVISE, 4);
        assertEquals(false, ((Proceed) back).ifAccepted().retracted());
    }

    @Test
    void retractingAnUnknownReviewIsRefused() {
        Refused refused = assertInstanceOf(Refused.class, ReviewLifecycle.decide(null, "r", Action.RETRACT, 1));
        assertEquals(RejectionReason.NOTHING_TO_RETRACT, refused.problem().reason());
    }

    @Test
    void onlyTheMostRecentSubmissionIdsAreRemembered() {
        Ledger ledger = Ledger.EMPTY;
        for (int i = 1; i <= ReviewLifecycle.REMEMBERED_SUBMISSIONS + 10; i++) {
            ledger = ((Proceed) ReviewLifecycle.decide(ledger, "s" + i, Action.REVISE, i)).ifAccepted();
        }
        assertEquals(ReviewLifecycle.REMEMBERED_SUBMISSIONS, ledger.recentSubmissionIds().size());
        assertEquals("s" + (ReviewLifecycle.REMEMBERED_SUBMISSIONS + 10), ledger.recentSubmissionIds().get(ReviewLifecycle.REMEMBERED_SUBMISSIONS - 1));
    }
}
