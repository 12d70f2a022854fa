package io.reviewflow.testkit.guarantees;

import java.util.List;

/**
 * What a run of the guarantee suite found, in the terms of the promise to writers: every
 * submission ends as exactly one published event or one rejection (a retraction as one
 * tombstone), in per-review order, and downstream readers end with what the model says.
 *
 * @param sent                   submissions sent, resends included
 * @param published              submissions with their one published event
 * @param rejected               submissions with their one rejection
 * @param retracted              retractions with their one tombstone
 * @param duplicates             resends that rightly produced nothing
 * @param lost                   submissions with no outcome
 * @param duplicated             submissions with more than one outcome (a retraction also rejected included)
 * @param wrong                  submissions whose one outcome is of the wrong kind or reason
 * @param reordered              reviews whose published revisions go backwards
 * @param afterTombstone         reviews published again after a tombstone without a later accepted submission
 * @param intermediateDuplicates submission ids seen more than once on {@code reviews.ingested} or {@code reviews.scored}
 * @param modelMismatches        reviews whose last value on {@code reviews.published} is not the model's
 * @param problems               up to a few examples of each failure, for the assertion message
 */
public record GuaranteeReport(int sent, int published, int rejected, int retracted, int duplicates,
                              int lost, int duplicated, int wrong, int reordered,
                              int afterTombstone, int intermediateDuplicates, int modelMismatches, List<String> problems) {

    public boolean holds() {
        return lost == 0 && duplicated == 0 && wrong == 0 && reordered == 0
                && afterTombstone == 0 && intermediateDuplicates == 0 && modelMismatches == 0;
    }

    /** One line for logs, test names and RELIABILITY.md. */
    public String summary() {
        return String.format("sent=%d published=%d rejected=%d retracted=%d resent=%d lost=%d duplicated=%d wrong=%d reordered=%d"
                        + " afterTombstone=%d intermediateDuplicates=%d modelMismatches=%d",
                sent, published, rejected, retracted, duplicates, lost, duplicated, wrong, reordered,
                afterTombstone, intermediateDuplicates, modelMismatches);
    }

    @Override
    public String toString() {
        return summary() + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
    }
}
