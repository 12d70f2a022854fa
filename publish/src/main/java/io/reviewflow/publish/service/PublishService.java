package io.reviewflow.publish.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.contract.ReviewContract;
import io.reviewflow.contract.Topics;
import io.reviewflow.publish.ReviewRenderer;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.ops.EndToEndLatency;
import java.time.Clock;
import java.util.Map;

/** The publish service: {@code reviews.scored} to {@code reviews.published} (compacted), dead letters to {@code reviews.rejected}. */
public final class PublishService {

    private PublishService() {}

    public static StageService<ScoredReview> create(StageSettings settings) {
        return new StageService<>(new PublishStage(new ReviewRenderer(), Clock.systemUTC()), settings, ReviewContract.create(settings.kafka()));
    }

    /**
     * The service with its end-to-end latency meter: publish is the stage where a submission's
     * journey ends, so {@code reviewflow_end_to_end_seconds} is measured here, at each commit.
     */
    public static StageService<ScoredReview> create(StageSettings settings, MeterRegistry metrics) {
        EndToEndLatency latency = new EndToEndLatency(metrics, Topics.PUBLISHED, Clock.systemUTC(), ReviewContract::submittedAt);
        return new StageService<>(latency.around(new PublishStage(new ReviewRenderer(), Clock.systemUTC())), settings,
                ReviewContract.create(settings.kafka()))
                .addListener(latency);
    }

    public static int run(String[] args) {
        return ServiceMain.run("publish", args, Map.of(), (settings, options, metrics) -> create(settings, metrics), System.err);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
