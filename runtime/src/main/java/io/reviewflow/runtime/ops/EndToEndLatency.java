package io.reviewflow.runtime.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reviewflow.domain.Problem;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.StageListener;
import io.reviewflow.runtime.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code reviewflow_end_to_end_seconds} (a histogram): from a writer's submission (the time the
 * original a record carries was submitted, {@link Stage#originalOf}) to the commit of the
 * transaction that publishes it, for the last stage.
 *
 * <p>Two halves, both on the loop thread: {@link #around} wraps the stage so that each record it
 * sends to the publication topic leaves its submission time behind, and the listener half turns
 * those into latencies when the transaction commits, or drops them when it aborts (the batch is
 * processed again and measured then). So a latency is recorded once per publication that became
 * visible to readers, and nothing is added to the loop itself. Retractions count too: a tombstone
 * reaching sites is a publication. The writer's clock starts the measurement, so hosts need
 * synchronised clocks; a negative difference counts as zero.
 */
public final class EndToEndLatency implements StageListener {

    /** {@code reviewflow_end_to_end_seconds}. */
    public static final String END_TO_END = "reviewflow.end.to.end";

    private final Timer timer;
    private final TopicSpec<?> publication;
    private final Clock clock;
    private final Function<SpecificRecord, Instant> submittedAt;
    private final List<Instant> pending = new ArrayList<>();

    /**
     * @param publication the topic whose records count as published (reviews.published)
     * @param submittedAt when an original was submitted, by its writer's clock; null if it does not say
     */
    public EndToEndLatency(MeterRegistry registry, TopicSpec<?> publication, Clock clock,
                           Function<SpecificRecord, Instant> submittedAt) {
        this.publication = publication;
        this.clock = clock;
        this.submittedAt = submittedAt;
        // Percentiles come from the buckets, with histogram_quantile(0.99, ...) in Prometheus: buckets add
        // up across instances, client-side quantiles do not, and the Prometheus registry exports a
        // timer as one or the other. Denser where the pipeline normally is (under ten seconds).
        this.timer = Timer.builder(END_TO_END)
                .description("Submission to committed publication")
                .serviceLevelObjectives(seconds(0.025), seconds(0.05), seconds(0.1), seconds(0.25), seconds(0.5),
                        seconds(0.75), seconds(1), seconds(1.5), seconds(2), seconds(3), seconds(5), seconds(7.5),
                        seconds(10), seconds(15), seconds(30), seconds(60), seconds(120), seconds(300), seconds(600))
                .register(registry);
    }

    /** The stage, unchanged except that its publications are noted for this meter. */
    public <I extends SpecificRecord> Stage<I> around(Stage<I> stage) {
        return new Noted<>(stage);
    }

    @Override
    public void onCommitted(int consumed, int produced, long nanos) {
        Instant now = clock.instant();
        for (Instant submittedAt : pending) {
            Duration latency = Duration.between(submittedAt, now);
            timer.record(latency.isNegative() ? Duration.ZERO : latency);
        }
        pending.clear();
    }

    @Override
    public void onAborted(Exception cause) {
        pending.clear();
    }

    @Override
    public void onStopped(Throwable failure) {
        pending.clear();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private final class Noted<I extends SpecificRecord> implements Stage<I> {
        private final Stage<I> stage;

        Noted(Stage<I> stage) {
            this.stage = stage;
        }

        @Override
        public String name() {
            return stage.name();
        }

        @Override
        public TopicSpec<I> input() {
            return stage.input();
        }

        @Override
        public SpecificRecord originalOf(I input) {
            return stage.originalOf(input);
        }

        @Override
        public List<TopicSpec<?>> stateStores() {
            return stage.stateStores();
        }

        @Override
        public void process(I input, SourcePosition source, Emitter out) {
            PublicationWatch watch = new PublicationWatch(out);
            stage.process(input, source, watch);
            // Only when the stage returned: if it threw, the loop discards its output and rejects the record.
            if (watch.published) {
                SpecificRecord original = stage.originalOf(input);
                Instant submitted = original == null ? null : submittedAt.apply(original);
                if (submitted != null) {
                    pending.add(submitted);
                }
            }
        }
    }

    /** Passes everything through and notes whether the record was published. */
    private final class PublicationWatch implements Emitter {
        private final Emitter out;
        private boolean published;

        PublicationWatch(Emitter out) {
            this.out = out;
        }

        @Override
        public <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
            out.send(topic, key, value);
            published |= topic.name().equals(publication.name());
        }

        @Override
        public void reject(Problem problem, SpecificRecord original) {
            out.reject(problem, original);
        }

        @Override
        public <S extends SpecificRecord> S readState(TopicSpec<S> store, String key) {
            return out.readState(store, key);
        }

        @Override
        public <S extends SpecificRecord> void writeState(TopicSpec<S> store, String key, S value) {
            out.writeState(store, key, value);
        }
    }
}
