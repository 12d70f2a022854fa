package io.reviewflow.testkit.guarantees;

/** What one submission must end as, known when the workload is generated. */
public enum Expectation {
    /** Exactly one event on reviews.published naming its submission id. */
    PUBLISHED,
    /** Exactly one record on reviews.rejected naming its submission id. */
    REJECTED,
    /** Exactly one tombstone for its review on reviews.published. */
    RETRACTED,
    /** A resend of an earlier submission: no outcome of its own (the original's counts). */
    DUPLICATE
}
