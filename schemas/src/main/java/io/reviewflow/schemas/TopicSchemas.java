package io.reviewflow.schemas;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import java.util.List;
import org.apache.avro.Schema;

/** The value schema of every topic, as generated from the {@code .avsc} sources of this build. */
public final class TopicSchemas {

    public static final List<Schema> ALL = List.of(
            ReviewSubmission.getClassSchema(),
            IngestedReview.getClassSchema(),
            ScoredReview.getClassSchema(),
            PublishedReview.getClassSchema(),
            ReviewRejection.getClassSchema());

    private TopicSchemas() {}
}
