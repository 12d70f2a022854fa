package io.reviewflow.scoring.works;

import io.reviewflow.domain.WorkKey;
import io.reviewflow.scoring.VerdictScale;
import java.util.Objects;

/**
 * What the latest revision of one review counts for its work: the work it names and its exact score.
 * Title and platform are as the review wrote them; the work key is what groups them.
 */
public record Contribution(String workKey, String title, String platform, double scoreExact) {

    public Contribution {
        Objects.requireNonNull(workKey, "workKey");
        Objects.requireNonNull(title, "title");
        if (!(scoreExact >= VerdictScale.MIN_SCORE && scoreExact <= VerdictScale.MAX_SCORE)) {
            throw new IllegalArgumentException("score " + scoreExact + " of " + title + " is outside 0–100");
        }
    }

    /** The contribution of a review of {@code title} on {@code platform} (null for none) with this exact score. */
    public static Contribution of(String title, String platform, double scoreExact) {
        return new Contribution(WorkKey.of(title, platform), title, platform, scoreExact);
    }
}
