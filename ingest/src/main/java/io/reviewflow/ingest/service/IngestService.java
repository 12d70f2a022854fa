package io.reviewflow.ingest.service;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import java.time.Clock;

/** The ingest service: {@code reviews.submitted} to {@code reviews.ingested}, dead letters to {@code reviews.rejected}. */
public final class IngestService {

    private IngestService() {}

    public static StageService<ReviewSubmission> create(StageSettings settings, IngestLimits limits) {
        return new StageService<>(new IngestStage(new DocumentParser(limits), Clock.systemUTC()), settings);
    }

    public static int run(String[] args) {
        return ServiceMain.run("ingest", args, settings -> create(settings, IngestLimits.defaults()));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
