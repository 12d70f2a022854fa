package io.reviewflow.runtime;

import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.domain.Problem;
import java.nio.ByteBuffer;
import java.time.Clock;

/** Builds the dead letters written to {@code reviews.rejected}. */
final class RejectionFactory {
    private final String stage;
    private final Clock clock;

    RejectionFactory(String stage, Clock clock) {
        this.stage = stage;
        this.clock = clock;
    }

    ReviewRejection rejection(Problem problem, ReviewSubmission submission, byte[] rawValue, SourcePosition source) {
        return ReviewRejection.newBuilder()
                .setReason(problem.reason().name())
                .setMessage(problem.message())
                .setLine(problem.line())
                .setStage(stage)
                .setSubmission(submission)
                .setRawValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setRejectedAt(clock.instant())
                .build();
    }
}
