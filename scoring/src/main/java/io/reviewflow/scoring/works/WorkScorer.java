package io.reviewflow.scoring.works;

import io.reviewflow.avro.ReviewContent;
import io.reviewflow.avro.Score;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkContribution;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.avro.WorkTally;
import io.reviewflow.scoring.VerdictScale;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * The per-work score as plain functions, free of Kafka: what one review contributes to its work,
 * adding and removing contributions to a work's tally, and the score of a tally. Immutable and
 * thread-safe.
 *
 * <p>Sums are kept in fixed point, in billionths of a point ({@link #NANO_POINTS_PER_POINT}), not
 * as a double: a work sees its reviews added and removed again on every revision and retraction,
 * and a double sum drifts with each round trip (adding and removing 2/3 leaves a remainder), until
 * a mean of exactly 60.5 shows as 60. In fixed point removing a review takes away exactly what
 * adding it put in, for ever.
 */
public final class WorkScorer {

    static final int NANO_POINT_DIGITS = 9;
    static final long NANO_POINTS_PER_POINT = 1_000_000_000L;
    private static final BigInteger NANO_POINTS = BigInteger.valueOf(NANO_POINTS_PER_POINT);

    private final VerdictScale scale;

    public WorkScorer(VerdictScale scale) {
        this.scale = Objects.requireNonNull(scale, "scale");
    }

    public VerdictScale scale() {
        return scale;
    }

    /**
     * What the latest revision of a review contributes to its work, or {@code null} for a retraction
     * (scoring passes one on as a record without a review; a tombstone, which scoring never
     * writes, would mean the same).
     *
     * @throws IllegalArgumentException for a review without a score in 0–100: scoring never writes
     *         one, and counting it (or skipping it) would make every later score of the work wrong
     */
    public WorkContribution contributionOf(String reviewId, ScoredReview scored) {
        ReviewContent review = scored == null ? null : scored.getReview();
        if (review == null) {
            return null;
        }
        Score score = scored.getScore();
        if (score == null) {
            throw new IllegalArgumentException("review " + reviewId + " on reviews.scored has no score");
        }
        double exact = score.getExact();
        if (!(exact >= VerdictScale.MIN_SCORE && exact <= VerdictScale.MAX_SCORE)) {
            throw new IllegalArgumentException("review " + reviewId + " has score " + exact + ", outside 0–100");
        }
        return new WorkContribution(WorkKey.of(review.getTitle(), review.getPlatform()),
                review.getTitle(), review.getPlatform(), exact);
    }

    /** The tally of a work before any review: the starting point Kafka Streams adds to. */
    public static WorkTally emptyTally() {
        return new WorkTally("", "", null, 0, 0L);
    }

    /** The tally with one more review; title and platform as written in that review. */
    public WorkTally add(WorkContribution contribution, WorkTally tally) {
        return new WorkTally(contribution.getWorkKey(), contribution.getTitle(), contribution.getPlatform(),
                Math.addExact(tally.getReviewCount(), 1),
                Math.addExact(tally.getExactSumNanoPoints(), nanoPoints(contribution.getScoreExact())));
    }

    /**
     * The tally without one review it counted, or {@code null} when none is left, which removes
     * the work. The title stays that of the review last added: it names the same work either way.
     */
    public WorkTally remove(WorkContribution contribution, WorkTally tally) {
        int count = tally.getReviewCount() - 1;
        if (count <= 0) {
            return null;
        }
        return new WorkTally(tally.getWorkKey(), tally.getTitle(), tally.getPlatform(), count,
                Math.subtractExact(tally.getExactSumNanoPoints(), nanoPoints(contribution.getScoreExact())));
    }

    /** The published score of a tally that counts at least one review. */
    public WorkScore scoreOf(WorkTally tally, Instant updatedAt) {
        int count = tally.getReviewCount();
        if (count < 1) {
            throw new IllegalArgumentException("work " + tally.getWorkKey() + " counts no reviews");
        }
        long sum = tally.getExactSumNanoPoints();
        double meanExact = BigDecimal.valueOf(sum, NANO_POINT_DIGITS)
                .divide(BigDecimal.valueOf(count), MathContext.DECIMAL64).doubleValue();
        int meanDisplay = displayed(sum, count);
        return WorkScore.newBuilder()
                .setWorkKey(tally.getWorkKey()).setTitle(tally.getTitle()).setPlatform(tally.getPlatform())
                .setMeanExact(meanExact).setMeanDisplay(meanDisplay).setReviewCount(count)
                .setVerdict(scale.labelFor(meanDisplay)).setScaleName(scale.name())
                .setUpdatedAt(updatedAt)
                .build();
    }

    /**
     * A score in nano-points. Exact scores are doubles, so 4.125/5, exactly 82.5, arrives as
     * 82.49999999999999; to the nearest nano-point it is 82.5 again.
     */
    static long nanoPoints(double exact) {
        return new BigDecimal(exact).setScale(NANO_POINT_DIGITS, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    /**
     * The mean rounded half up, in exact integer arithmetic. Each score is off by at most half a
     * nano-point after {@link #nanoPoints}, and so is the mean: three reviews of 1/3 (33.333333333
     * each) and one of 46 average 36.49999999975, which is 36.5 in the writers' terms. So a mean
     * within half a nano-point below the half rounds up; no score a writer types is that close.
     */
    static int displayed(long sumNanoPoints, int count) {
        BigInteger twiceCount = BigInteger.valueOf(2L * count);
        // floor((sum + count * (1e9 + 1) / 2) / (count * 1e9)), all doubled to stay in integers
        BigInteger numerator = BigInteger.valueOf(sumNanoPoints).shiftLeft(1)
                .add(BigInteger.valueOf(count).multiply(NANO_POINTS.add(BigInteger.ONE)));
        return numerator.divide(twiceCount.multiply(NANO_POINTS)).intValueExact();
    }
}
