package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.ReviewSubmission;

/** A submission the workload will send, with the outcome it must end as (and the rejection reason, if any). */
public record PlannedSubmission(ReviewSubmission submission, Expectation expectation, String reason) {}
