package io.reviewflow.scoring.works;

import java.util.Objects;

/**
 * The running count and fixed-point sum of one work's reviews, from which its score is computed.
 * Title and platform are as written in the review last added.
 *
 * @param exactSumNanoPoints the counted exact scores summed in billionths of a point
 */
public record Tally(String workKey, String title, String platform, int reviewCount, long exactSumNanoPoints) {

    public Tally {
        Objects.requireNonNull(workKey, "workKey");
        Objects.requireNonNull(title, "title");
    }
}
