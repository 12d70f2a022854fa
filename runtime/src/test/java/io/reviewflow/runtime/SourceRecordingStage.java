package io.reviewflow.runtime;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewLedger;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.schemas.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A stage for the loop's own tests: copies each submission to its output with the writer id
 * replaced by the partition it was processed on and, when it keeps state, the revision replaced by
 * how many times it has seen the key.
 */
final class SourceRecordingStage implements Stage<ReviewSubmission> {
    private final TopicSpec<ReviewSubmission> input;
    private final TopicSpec<ReviewSubmission> output;
    final TopicSpec<ReviewLedger> state;

    /** @param withState whether it keeps a ledger per key (changelogged to {@code input + "-state"}) */
    SourceRecordingStage(String input, String output, boolean withState) {
        this.input = new TopicSpec<>(input, TestContract.SUBMITTED.codec(), Map.of());
        this.output = new TopicSpec<>(output, TestContract.SUBMITTED.codec(), Map.of());
        this.state = withState
                ? new TopicSpec<>(input + "-state", AvroCodec.of(ReviewLedger.class), Map.of("cleanup.policy", "compact"))
                : null;
    }

    static ReviewSubmission submission(String reviewId) {
        return new ReviewSubmission(UUID.randomUUID().toString(), reviewId, "writer", ReviewAction.SUBMIT, 1, null,
                ByteBuffer.wrap(new byte[] {'x'}), null, Instant.now());
    }

    @Override
    public String name() {
        return input.name();
    }

    @Override
    public TopicSpec<ReviewSubmission> input() {
        return input;
    }

    @Override
    public ReviewSubmission originalOf(ReviewSubmission in) {
        return in;
    }

    @Override
    public List<TopicSpec<?>> stateStores() {
        return state == null ? List.of() : List.of(state);
    }

    @Override
    public void process(ReviewSubmission in, SourcePosition source, Emitter out) {
        ReviewSubmission.Builder copy = ReviewSubmission.newBuilder(in).setWriterId("p" + source.partition());
        if (state != null) {
            ReviewLedger ledger = Optional.ofNullable(out.readState(state, source.key()))
                    .orElse(new ReviewLedger(0, false, List.of()));
            List<String> seen = new ArrayList<>(ledger.getRecentSubmissionIds());
            seen.add(in.getSubmissionId());
            out.writeState(state, source.key(), new ReviewLedger(ledger.getLatestRevision() + 1, false, seen));
            copy.setRevision(ledger.getLatestRevision() + 1);
        }
        out.send(output, source.key(), copy.build());
    }
}
