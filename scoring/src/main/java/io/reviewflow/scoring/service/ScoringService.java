package io.reviewflow.scoring.service;

import io.reviewflow.contract.ReviewContract;
import io.reviewflow.avro.IngestedReview;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import java.time.Clock;
import java.util.Map;

/** The scoring service: {@code reviews.ingested} to {@code reviews.scored}, dead letters to {@code reviews.rejected}. */
public final class ScoringService {

    public static final String VERDICT_SCALE_OPTION = "verdict-scale";

    /** The service's own options (and REVIEWFLOW_* variables), beside the common ones; public for configuration checks. */
    public static final Map<String, String> OPTIONS = Map.of(VERDICT_SCALE_OPTION, "a preset ("
            + String.join(", ", VerdictScale.presetNames()) + ") or a JSON scale file; default " + VerdictScale.DEFAULT_PRESET);

    private ScoringService() {}

    public static StageService<IngestedReview> create(StageSettings settings, VerdictScale scale) {
        return new StageService<>(new ScoringStage(new Scorer(scale), Clock.systemUTC()), settings, ReviewContract.create(settings.kafka()));
    }

    /** Runs the service from the command line; a bad verdict scale stops start-up with a message naming the problem. */
    public static int run(String[] args) {
        return ServiceMain.run("scoring", args, OPTIONS,
                (settings, extra) -> create(settings,
                        VerdictScale.resolve(extra.getOrDefault(VERDICT_SCALE_OPTION, VerdictScale.DEFAULT_PRESET))),
                System.err);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
