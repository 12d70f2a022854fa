package io.reviewflow.runtime;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One step of the pipeline, as the shared transactional loop sees it: a typed input topic and a
 * function from each decoded record to what it emits. Implementations hold the Kafka-facing
 * mapping only; the work itself is plain domain code.
 *
 * @param <I> the input topic's value type
 */
public interface Stage<I extends SpecificRecord> {

    /** Short name used in rejections, logs, the consumer group and the transactional id: ingest, scoring, publish. */
    String name();

    TopicSpec<I> input();

    /**
     * What names the writer's original in an input record (in the review pipeline, the submission, or the
     * event that carries it and where it is), handed to the {@link RecordContract#deadLetter dead letter}
     * when the record fails and to the {@link RecordContract#logContext log context}; null if none.
     */
    SpecificRecord originalOf(I input);

    /**
     * Compacted topics holding this stage's per-key state, partitioned like its input, read and
     * written through the {@link Emitter}. State writes go into the same transaction as the
     * output and the consumed offsets, so state, output and position never disagree after a crash.
     * A stage with state sees a key only on the key's home partition (Java's default partitioner):
     * the loop forwards a record that arrived elsewhere before the stage sees it, so the decision
     * is made against the key's one state whichever partitioner the writer used.
     * Empty for a stateless stage.
     */
    default List<TopicSpec<?>> stateStores() {
        return List.of();
    }

    /**
     * Processes one decoded record. Domain problems are {@link Emitter#reject rejections}, not
     * exceptions; an exception thrown here dead-letters this record as PROCESSING_FAILED and the rest flow on.
     */
    void process(I input, SourcePosition source, Emitter out);
}
