package io.reviewflow.ingest;

import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides what a submission means for its review, given what ingest already accepted: submit,
 * revise and retract, with revisions that only move forward and submission ids processed once.
 * Plain and pure: the ledger it reads and returns is stored by the Kafka stage.
 *
 * <p>Rules: a submission id seen before (among the review's recent ones) is a duplicate and does
 * nothing. A submit or revise must carry a revision above the highest one accepted, else it is
 * STALE_REVISION; a revision is used up only when ingest accepts the document (a document that
 * does not parse can be fixed and sent again with the same revision). A retraction needs no
 * revision of its own: it withdraws whatever is current, and a later, higher revision publishes
 * the review again; retracting a review with nothing accepted is NOTHING_TO_RETRACT.
 */
public final class ReviewLifecycle {

    /** How many submission ids per review are remembered for de-duplication. */
    public static final int REMEMBERED_SUBMISSIONS = 64;

    /** What ingest knows of one review. */
    public record Ledger(int latestRevision, boolean retracted, List<String> recentSubmissionIds) {
        public static final Ledger EMPTY = new Ledger(0, false, List.of());

        public Ledger {
            recentSubmissionIds = List.copyOf(recentSubmissionIds);
        }

        boolean hasSeen(String submissionId) {
            return recentSubmissionIds.contains(submissionId);
        }

        Ledger remembering(String submissionId) {
            List<String> ids = new ArrayList<>(recentSubmissionIds);
            ids.add(submissionId);
            while (ids.size() > REMEMBERED_SUBMISSIONS) {
                ids.remove(0);
            }
            return new Ledger(latestRevision, retracted, ids);
        }
    }

    public enum Action { SUBMIT, REVISE, RETRACT }

    /** The outcome of checking a submission against the ledger. */
    public sealed interface Decision permits Duplicate, Refused, Proceed {}

    /** Seen before: emit nothing, change nothing. */
    public record Duplicate() implements Decision {}

    /** Refused with a reason; the ledger remembers the submission id so a resend is a duplicate. */
    public record Refused(Problem problem, Ledger ledger) implements Decision {}

    /**
     * Go ahead. For a submit or revise, {@code ifAccepted} is the ledger to keep when the document
     * parses and {@code ifRejected} when it does not; for a retraction both are the same.
     */
    public record Proceed(Ledger ifAccepted, Ledger ifRejected) implements Decision {}

    private ReviewLifecycle() {}

    public static Decision decide(Ledger current, String submissionId, Action action, int revision) {
        Ledger ledger = current == null ? Ledger.EMPTY : current;
        Objects.requireNonNull(submissionId, "submissionId");
        if (ledger.hasSeen(submissionId)) {
            return new Duplicate();
        }
        Ledger remembered = ledger.remembering(submissionId);
        if (action == Action.RETRACT) {
            if (ledger.latestRevision() == 0 || ledger.retracted()) {
                return new Refused(Problem.of(RejectionReason.NOTHING_TO_RETRACT, ledger.retracted()
                        ? "this review is already retracted"
                        : "this review has no accepted revision to retract"), remembered);
            }
            Ledger retracted = new Ledger(ledger.latestRevision(), true, remembered.recentSubmissionIds());
            return new Proceed(retracted, retracted);
        }
        if (revision <= ledger.latestRevision()) {
            return new Refused(Problem.of(RejectionReason.STALE_REVISION, "revision " + revision
                    + " is not newer than revision " + ledger.latestRevision()
                    + " already accepted for this review; send revision " + (ledger.latestRevision() + 1)
                    + " or higher"), remembered);
        }
        return new Proceed(new Ledger(revision, false, remembered.recentSubmissionIds()), remembered);
    }
}
