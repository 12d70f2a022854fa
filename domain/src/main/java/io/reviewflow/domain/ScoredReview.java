package io.reviewflow.domain;

import java.util.Objects;

/** A review with its normalised score and verdict: what publish renders. */
public record ScoredReview(Review review, NormalisedScore score, Verdict verdict) {
    public ScoredReview {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(verdict, "verdict");
    }
}
