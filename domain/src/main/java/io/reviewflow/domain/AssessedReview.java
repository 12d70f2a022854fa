package io.reviewflow.domain;

import java.util.Objects;

/** A review with its normalised score and verdict: what publish renders. */
public record AssessedReview(Review review, NormalisedScore score, ComputedVerdict verdict) {
    public AssessedReview {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(verdict, "verdict");
    }
}
