package io.reviewflow.testkit.guarantees;

import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review pipeline's load and judge: a {@link Workload} sent by the {@link LoadDriver} as writers
 * in many languages send it, and judged by the {@link ModelChecker} against the {@link ReviewModel}
 * (nothing lost, doubled, wrong, reordered or mismatched), on a mixed load of which a share arrived
 * off its review's home partition.
 */
public final class ReviewLoad implements Load {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewLoad.class);

    private final Workload workload;
    private final Function<Review, Outcome<AssessedReview>> scoring;
    private volatile LoadDriver driver;

    /** @param scoring what the pipeline's scoring stage does (its scorer with the scenario's scale) */
    public ReviewLoad(Workload workload, Function<Review, Outcome<AssessedReview>> scoring) {
        this.workload = workload;
        this.scoring = scoring;
    }

    public Workload workload() {
        return workload;
    }

    @Override
    public int size() {
        return workload.size();
    }

    @Override
    public String keyPrefix() {
        return workload.reviewIdPrefix();
    }

    @Override
    public CompletableFuture<Integer> start(String bootstrapServers, int perSecond, IntConsumer progress) {
        driver = new LoadDriver(bootstrapServers);
        return driver.start(workload, perSecond, progress);
    }

    @Override
    public Judgement judge(String bootstrapServers) {
        GuaranteeReport report = new ModelChecker(bootstrapServers)
                .awaitAndCheck(ReviewModel.of(workload, scoring), GuaranteeSuite.DRAIN, GuaranteeSuite.SETTLE);
        LOG.warn("guarantees: {}", report.summary());
        List<String> failures = new ArrayList<>();
        if (!report.holds()) {
            failures.add(report.toString());
        } else if (report.published() == 0 || report.rejected() == 0) {
            failures.add("not a mixed load: " + report.summary());
        }
        // Writers partition in many ways; ingest must forward what lands off its review's home partition.
        if (driver != null && driver.sentAwayFromHome() <= workload.size() / 5) {
            failures.add("too little of the load arrived off its review's home partition to prove the forwarding: "
                    + driver.sentAwayFromHome());
        }
        return new Judgement(report.summary(), failures);
    }
}
