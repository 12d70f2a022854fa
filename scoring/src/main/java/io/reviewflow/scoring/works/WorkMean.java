package io.reviewflow.scoring.works;

import java.time.Instant;

/**
 * The published score of a work: the mean of its reviews' exact scores, that mean rounded half up,
 * and the verdict of the rounded mean on the named scale.
 *
 * @param updatedAt when the review behind the latest change was scored
 */
public record WorkMean(String workKey, String title, String platform, double meanExact, int meanDisplay, int reviewCount,
                       String verdict, String scaleName, Instant updatedAt) {}
