package io.reviewflow.testkit.guarantees;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.ScoredReview;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every fault scenario ends, whatever it broke: the workload's model checked against every topic
 * read back, the verdict asserted, and the figures printed on a {@code RELIABILITY} line that the
 * build log keeps for RELIABILITY.md.
 */
public final class ScenarioChecks {

    /** Submissions per scenario: {@code -Dreviewflow.guarantees.submissions} for a soak. */
    public static final int SUBMISSIONS = Integer.getInteger("reviewflow.guarantees.submissions", 10_000);
    /** The seed of every scenario's workload: {@code -Dreviewflow.seed} replays another. */
    public static final long SEED = Long.getLong("reviewflow.seed", 20261126L);
    /** How long every submission may take to reach its outcome once the fault is over. */
    public static final Duration DRAIN = Duration.ofMinutes(4);
    /** How long the checker reads on once every outcome is in, to catch a late duplicate. */
    public static final Duration SETTLE = Duration.ofSeconds(
            Long.getLong("reviewflow.guarantees.settleSeconds", ModelChecker.DEFAULT_SETTLE.toSeconds()));

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioChecks.class);

    private ScenarioChecks() {}

    /** @param scoring what the pipeline's scoring stage does (its scorer with the scenario's scale) */
    public static GuaranteeReport check(String bootstrapServers, Workload workload,
                                        Function<Review, Outcome<ScoredReview>> scoring) {
        ReviewModel model = ReviewModel.of(workload, scoring);
        GuaranteeReport report = new ModelChecker(bootstrapServers).awaitAndCheck(model, DRAIN, SETTLE);
        LOG.warn("guarantees: {}", report.summary());
        return report;
    }

    /** Fails unless the report holds, nothing was lost or doubled, and the load was mixed (some published, some rejected). */
    public static void assertHolds(String scenario, GuaranteeReport report) {
        if (!report.holds() || report.lost() != 0 || report.duplicated() != 0) {
            throw new AssertionError(scenario + ": " + report);
        }
        if (report.published() == 0 || report.rejected() == 0) {
            throw new AssertionError(scenario + ": not a mixed load: " + report.summary());
        }
        System.out.println("RELIABILITY " + scenario + ": " + report.summary());
    }
}
