package io.reviewflow.domain;

import java.util.Objects;

/**
 * A score on the common 0–100 scale.
 *
 * @param exact   {@code value / max × 100}, in [0, 100]
 * @param display {@code exact} rounded half up, in [0, 100]
 * @param scale   the scale the raw text was recognised as
 * @param raw     the raw text as written
 */
public record NormalisedScore(double exact, int display, ScoreScale scale, String raw) {
    public NormalisedScore {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(raw, "raw");
        if (!(exact >= 0 && exact <= 100)) {
            throw new IllegalArgumentException("exact score out of [0, 100]: " + exact);
        }
        if (display < 0 || display > 100) {
            throw new IllegalArgumentException("display score out of [0, 100]: " + display);
        }
    }
}
