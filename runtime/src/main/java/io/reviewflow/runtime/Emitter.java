package io.reviewflow.runtime;

import io.reviewflow.domain.Problem;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where a stage puts what it makes of one input record. Everything emitted for a record is
 * written in the same transaction as the consumed offset, or not at all.
 */
public interface Emitter {

    /** Writes {@code value} under {@code key}; a {@code null} value is a tombstone. */
    <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value);

    /**
     * Dead-letters the record with the reason its writer can act on, handing back {@code original}
     * (what {@link Stage#originalOf} returns); the {@link RecordContract} says where it goes.
     */
    void reject(Problem problem, SpecificRecord original);

    /**
     * The current state under {@code key} in one of the stage's {@link Stage#stateStores() state
     * stores}, including what earlier records of this batch wrote; null when there is none.
     */
    <S extends SpecificRecord> S readState(TopicSpec<S> store, String key);

    /** Replaces the state under {@code key}; null deletes it. Kept only if this record's processing succeeds. */
    <S extends SpecificRecord> void writeState(TopicSpec<S> store, String key, S value);
}
