package io.reviewflow.schemas;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewLedger;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkContribution;
import io.reviewflow.avro.WorkContributionChange;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.avro.WorkTally;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The value schema of every topic, as generated from the {@code .avsc} sources of this build.
 * That includes internal topics (the works service's state and its
 * {@code works.contributions}, ingest's ledger changelog): their records outlive a deployment, so a new build must still read what
 * the old one wrote, which is exactly what releasing a schema guarantees.
 */
public final class TopicSchemas {

    public static final List<Schema> ALL = List.of(
            ReviewSubmission.getClassSchema(),
            IngestedReview.getClassSchema(),
            ScoredReview.getClassSchema(),
            PublishedReview.getClassSchema(),
            ReviewRejection.getClassSchema(),
            WorkScore.getClassSchema(),
            // Internal to the works service, not for other consumers.
            WorkContribution.getClassSchema(),
            WorkTally.getClassSchema(),
            WorkContributionChange.getClassSchema(),
            // Ingest's ledger changelog (reviewflow-ingest-state), replayed on every restart.
            ReviewLedger.getClassSchema());

    private TopicSchemas() {}
}
