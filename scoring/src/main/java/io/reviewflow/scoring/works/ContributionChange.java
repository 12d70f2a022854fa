package io.reviewflow.scoring.works;

import java.util.Objects;

/**
 * How one record of a review changes one work's tally: {@code removed} comes off (what the review
 * counted there until now), {@code added} goes on (what it counts there from now on). Either may be
 * null, not both.
 */
public record ContributionChange(String workKey, Contribution removed, Contribution added) {

    public ContributionChange {
        Objects.requireNonNull(workKey, "workKey");
        if (removed == null && added == null) {
            throw new IllegalArgumentException("a change to " + workKey + " removes or adds a contribution");
        }
        if ((removed != null && !removed.workKey().equals(workKey)) || (added != null && !added.workKey().equals(workKey))) {
            throw new IllegalArgumentException("a change to " + workKey + " concerns only that work");
        }
    }
}
