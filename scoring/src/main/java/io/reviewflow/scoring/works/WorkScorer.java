package io.reviewflow.scoring.works;

import io.reviewflow.scoring.VerdictScale;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The per-work score as plain functions: how a review's new revision changes the works it touches,
 * applying such a change to a work's tally, and the score of a tally. Immutable and thread-safe.
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
     * What replacing a review's {@code previous} contribution (null if it counted nowhere) by its
     * {@code next} one (null for a retraction) does to the works: nothing when they are the same (a
     * resend), one change when the review stays on its work, two when it moves to another.
     */
    public static List<ContributionChange> changes(Contribution previous, Contribution next) {
        if (Objects.equals(previous, next)) {
            return List.of();
        }
        if (previous == null) {
            return List.of(new ContributionChange(next.workKey(), null, next));
        }
        if (next == null) {
            return List.of(new ContributionChange(previous.workKey(), previous, null));
        }
        if (previous.workKey().equals(next.workKey())) {
            return List.of(new ContributionChange(next.workKey(), previous, next));
        }
        return List.of(new ContributionChange(previous.workKey(), previous, null),
                new ContributionChange(next.workKey(), null, next));
    }

    /**
     * The work's tally after {@code change}; {@code tally} is null for a work not counted yet, and
     * null comes back when no review is left, which removes the work.
     *
     * @throws IllegalStateException when the change removes a review the tally does not count
     */
    public Tally apply(Tally tally, ContributionChange change) {
        Tally current = tally == null ? emptyTally() : tally;
        if (change.removed() != null) {
            if (current.reviewCount() < 1) {
                throw new IllegalStateException("work " + change.workKey() + " counts no review to remove");
            }
            current = remove(change.removed(), current);
        }
        if (change.added() != null) {
            current = add(change.added(), current == null ? emptyTally() : current);
        }
        return current;
    }

    /** The tally of a work before any review. */
    public static Tally emptyTally() {
        return new Tally("", "", null, 0, 0L);
    }

    /** The tally with one more review; title and platform as written in that review. */
    public Tally add(Contribution contribution, Tally tally) {
        return new Tally(contribution.workKey(), contribution.title(), contribution.platform(),
                Math.addExact(tally.reviewCount(), 1),
                Math.addExact(tally.exactSumNanoPoints(), nanoPoints(contribution.scoreExact())));
    }

    /**
     * The tally without one review it counted, or {@code null} when none is left, which removes
     * the work. The title stays that of the review last added: it names the same work either way.
     */
    public Tally remove(Contribution contribution, Tally tally) {
        int count = tally.reviewCount() - 1;
        if (count <= 0) {
            return null;
        }
        return new Tally(tally.workKey(), tally.title(), tally.platform(), count,
                Math.subtractExact(tally.exactSumNanoPoints(), nanoPoints(contribution.scoreExact())));
    }

    /** The published score of a tally that counts at least one review. */
    public WorkMean scoreOf(Tally tally, Instant updatedAt) {
        int count = tally.reviewCount();
        if (count < 1) {
            throw new IllegalArgumentException("work " + tally.workKey() + " counts no reviews");
        }
        long sum = tally.exactSumNanoPoints();
        double meanExact = BigDecimal.valueOf(sum, NANO_POINT_DIGITS)
                .divide(BigDecimal.valueOf(count), MathContext.DECIMAL64).doubleValue();
        int meanDisplay = displayed(sum, count);
        return new WorkMean(tally.workKey(), tally.title(), tally.platform(), meanExact, meanDisplay, count,
                scale.labelFor(meanDisplay), scale.name(), updatedAt);
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
