package io.reviewflow.publish;

import java.time.Instant;
import java.util.Objects;

/**
 * What publishing adds to a scored review: who and when, which revision, and the slug it is served under.
 *
 * @param reviewId    the review id, stable across revisions
 * @param writerId    the writer's id; untrusted text like the review itself, and escaped wherever it is shown
 * @param revision    the revision number of this version of the review
 * @param slug        the URL slug, normally {@link Slugs#slugFor(String, String)}
 * @param publishedAt when this revision was published
 */
public record PublicationInfo(String reviewId, String writerId, int revision, String slug, Instant publishedAt) {
    public PublicationInfo {
        Objects.requireNonNull(reviewId, "reviewId");
        Objects.requireNonNull(writerId, "writerId");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative: " + revision);
        }
    }
}
