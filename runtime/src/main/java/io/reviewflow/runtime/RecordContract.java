package io.reviewflow.runtime;

import io.reviewflow.domain.Problem;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the loop needs of the contract its records follow, and nothing more: the topics a service
 * creates when absent, how a record the stage cannot use becomes a dead letter, and what names a
 * record in log lines. Everything else about the records is the stage's own business.
 */
public interface RecordContract extends AutoCloseable {

    /** The topics a service on this contract creates at start-up when they are absent. */
    List<TopicSpec<?>> topics();

    /**
     * The dead letter that takes an input record's place: for bytes that did not decode, a record
     * whose processing threw, or a stage's {@link Emitter#reject rejection}. Must not throw.
     *
     * @param stage    the stage's name
     * @param original what the input carries for its writer ({@link Stage#originalOf}); null if it had none or did not decode
     * @param rawValue the input's bytes when they did not decode, null otherwise
     */
    DeadLetter<?> deadLetter(String stage, Problem problem, SpecificRecord original, byte[] rawValue, SourcePosition source);

    /**
     * Log context (MDC entries) for the record being processed: called with its key before it is
     * decoded ({@code original} null), then again with its original once it is.
     */
    default Map<String, String> logContext(String key, SpecificRecord original) {
        return Map.of();
    }

    /** Releases what the contract holds (a connection to read originals back); called when the loop stops. Must not throw. */
    default void close() {}
}
