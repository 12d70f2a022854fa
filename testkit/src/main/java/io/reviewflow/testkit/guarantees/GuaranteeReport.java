package io.reviewflow.testkit.guarantees;

import java.util.List;

/**
 * What a run of the guarantee suite found, in the terms of the promise to writers: every
 * submission ends as exactly one published event or one rejection (a retraction as one
 * tombstone), in per-review order.
 *
 * @param sent       submissions sent, resends included
 * @param published  submissions with their one published event
 * @param rejected   submissions with their one rejection
 * @param retracted  retractions with their one tombstone
 * @param duplicates resends that rightly produced nothing
 * @param lost       submissions with no outcome
 * @param duplicated submissions with more than one outcome
 * @param wrong      submissions whose one outcome is of the wrong kind or reason
 * @param reordered  reviews whose published revisions are out of order
 * @param problems   up to a few examples of each failure, for the assertion message
 */
public record GuaranteeReport(int sent, int published, int rejected, int retracted, int duplicates,
                              int lost, int duplicated, int wrong, int reordered, List<String> problems) {

    public boolean holds() {
        return lost == 0 && duplicated == 0 && wrong == 0 && reordered == 0;
    }

    /** One line for logs, test names and RELIABILITY.md. */
    public String summary() {
        return String.format("sent=%d published=%d rejected=%d retracted=%d resent=%d lost=%d duplicated=%d wrong=%d reordered=%d",
                sent, published, rejected, retracted, duplicates, lost, duplicated, wrong, reordered);
    }

    @Override
    public String toString() {
        return summary() + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
    }
}
