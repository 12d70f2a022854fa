package io.reviewflow.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.runtime.TestContract;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** Latency is measured per publication, when its transaction commits, and never for an abort or a rejection. */
class EndToEndLatencyTest {

    private static final Instant SUBMITTED = Instant.parse("2026-01-01T10:00:00Z");
    private static final SourcePosition SOURCE = new SourcePosition("reviews.submitted", 0, 1, "r");

    @Test
    void onlyCommittedPublicationsAreMeasuredFromTheirSubmission() {
        // Given the last stage, observed, and a clock 2.5 s after the writer submitted
        PrometheusMeterRegistry registry = StageMetricsTest.registry();
        EndToEndLatency latency = new EndToEndLatency(registry, TestContract.PUBLISHED,
                Clock.fixed(SUBMITTED.plusMillis(2_500), ZoneOffset.UTC),
                original -> ((ReviewSubmission) original).getSubmittedAt());
        Stage<ReviewSubmission> stage = latency.around(new PublishOrReject());
        Timer timer = registry.get(EndToEndLatency.END_TO_END).timer();

        // When one record is published and one rejected, and nothing has committed yet
        stage.process(submission("good"), SOURCE, new Discard());
        stage.process(submission(""), SOURCE, new Discard());

        // Then nothing is measured until the commit, and then only the publication
        assertEquals(0, timer.count());
        latency.onCommitted(2, 2, 1);
        assertEquals(1, timer.count());
        assertEquals(2.5, timer.totalTime(TimeUnit.MILLISECONDS) / 1000, 1e-9);

        // When a batch aborts, its publications are forgotten: it will be processed and measured again
        stage.process(submission("good"), SOURCE, new Discard());
        latency.onAborted(new KafkaException("gone"));
        latency.onCommitted(0, 0, 1);
        assertEquals(1, timer.count());

        // And the scrape shows the buckets Prometheus computes percentiles from
        String text = registry.scrape();
        assertEquals(1.0, StageMetricsTest.value(text, "reviewflow_end_to_end_seconds_count{stage=\"publish\"}"), text);
        assertEquals(1.0, StageMetricsTest.value(text, "reviewflow_end_to_end_seconds_bucket{stage=\"publish\",le=\"5.0\"}"), text);
        assertEquals(0.0, StageMetricsTest.value(text, "reviewflow_end_to_end_seconds_bucket{stage=\"publish\",le=\"1.0\"}"), text);
    }

    private static ReviewSubmission submission(String document) {
        return ReviewSubmission.newBuilder().setSubmissionId("s").setReviewId("r").setWriterId("w")
                .setDocument(ByteBuffer.wrap(document.getBytes())).setSubmittedAt(SUBMITTED).build();
    }

    /** Publishes (a tombstone will do) when the document has text, rejects it otherwise. */
    private static final class PublishOrReject implements Stage<ReviewSubmission> {
        @Override
        public String name() {
            return "publish";
        }

        @Override
        public TopicSpec<ReviewSubmission> input() {
            return TestContract.SUBMITTED;
        }

        @Override
        public ReviewSubmission originalOf(ReviewSubmission input) {
            return input;
        }

        @Override
        public void process(ReviewSubmission input, SourcePosition source, Emitter out) {
            if (input.getDocument().remaining() > 0) {
                out.send(TestContract.PUBLISHED, input.getReviewId(), null);
            } else {
                out.reject(Problem.of(RejectionReason.INVALID_SUBMISSION, "empty"), input);
            }
        }
    }

    private static final class Discard implements Emitter {
        @Override
        public <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {}

        @Override
        public void reject(Problem problem, SpecificRecord original) {}

        @Override
        public <S extends SpecificRecord> S readState(TopicSpec<S> store, String key) {
            return null;
        }

        @Override
        public <S extends SpecificRecord> void writeState(TopicSpec<S> store, String key, S value) {}
    }
}
