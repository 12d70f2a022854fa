package io.reviewflow.publish.service;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.publish.ReviewRenderer;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import java.time.Clock;

/** The publish service: {@code reviews.scored} to {@code reviews.published} (compacted), dead letters to {@code reviews.rejected}. */
public final class PublishService {

    private PublishService() {}

    public static StageService<ScoredReview> create(StageSettings settings) {
        return new StageService<>(new PublishStage(new ReviewRenderer(), Clock.systemUTC()), settings);
    }

    public static int run(String[] args) {
        return ServiceMain.run("publish", args, PublishService::create);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
