package io.reviewflow.scoring.works.service;

import io.reviewflow.contract.ReviewContract;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.scoring.works.WorkScorer;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The works service: {@code reviews.scored} to {@code works.scores}, the mean score of every work,
 * in two exactly-once loops with keyed state: {@link ContributionStage} (by review) and
 * {@link TallyStage} (by work), joined by {@code works.contributions}.
 */
public final class WorksService {

    public static final String NAME = "works";

    /** The verdict scale of the mean: the scoring service's option, which should have the same value. */
    public static final Map<String, String> OPTIONS = ScoringService.OPTIONS;

    private WorksService() {}

    /** Both loops, not started; the caller starts and stops them (the command line runs them as one service). */
    public static List<StageService<?>> create(StageSettings settings, VerdictScale scale) {
        return List.of(new StageService<>(new ContributionStage(), settings, ReviewContract.create(settings.kafka())),
                new StageService<>(new TallyStage(new WorkScorer(scale)), settings, ReviewContract.create(settings.kafka())));
    }

    public static int run(String[] args) {
        return run(args, System.getenv(), System.err);
    }

    static int run(String[] args, Map<String, String> environment, PrintStream err) {
        return ServiceMain.runStages(NAME, args, OPTIONS, (settings, extra, metrics) -> create(settings,
                VerdictScale.resolve(extra.getOrDefault(ScoringService.VERDICT_SCALE_OPTION, VerdictScale.DEFAULT_PRESET))),
                err, environment);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
