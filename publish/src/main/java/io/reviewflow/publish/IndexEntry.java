package io.reviewflow.publish;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One review on the reference site's index page.
 *
 * <p>The slug becomes a link target, where escaping alone is no defence ({@code javascript:…} survives
 * HTML escaping), so it must have the shape {@link Slugs} produces: lowercase ASCII letters and digits in
 * dash-separated words. The other text is untrusted and escaped when rendered.
 *
 * @param slug        the review's slug; the page is {@code <slug>.html}
 * @param title       the work's title
 * @param platform    where it is shown, or {@code null}
 * @param score       the display score, 0–100
 * @param verdict     the verdict label
 * @param publishedAt when the shown revision was published
 * @param work        the work's score over all its reviews (from {@code works.scores}), or {@code null}
 */
public record IndexEntry(String slug, String title, String platform, int score, String verdict, Instant publishedAt,
                         WorkSummary work) {

    /** What all reviews of the work add up to: the mean of their scores and how many there are. */
    public record WorkSummary(int mean, int reviews, String verdict) {
        public WorkSummary {
            if (mean < 0 || mean > 100 || reviews < 1) {
                throw new IllegalArgumentException("work summary out of range: mean " + mean + ", reviews " + reviews);
            }
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** An entry without a per-work score. */
    public IndexEntry(String slug, String title, String platform, int score, String verdict, Instant publishedAt) {
        this(slug, title, platform, score, verdict, publishedAt, null);
    }

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    public IndexEntry {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("not a slug (lowercase a-z, 0-9 and inner dashes only): " + slug);
        }
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score out of [0, 100]: " + score);
        }
    }
}
