package io.reviewflow.runtime;

import io.reviewflow.domain.Problem;
import io.reviewflow.schemas.UndecodableRecordException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Buffers what a stage emits for one record, so a stage that throws halfway emits nothing. */
final class BufferingEmitter implements Emitter {

    private static final Logger LOG = LoggerFactory.getLogger(StageService.class);
    /** Outputs above this are rejected rather than sent: one oversized record must not abort every batch. */
    static final int MAX_OUTPUT_RECORD_BYTES = 7 << 20;

    private final String stage;
    private final KeyedStateStores stateStores;
    private final SourcePosition source;
    private final BiFunction<Problem, SpecificRecord, OutgoingRecord> deadLetters;
    private final List<OutgoingRecord> records = new ArrayList<>(2);
    /** store name -> key -> encoded state (or the deleted marker) written by this record. */
    private final Map<String, Map<String, byte[]>> stateWrites = new HashMap<>(2);

    /** @param deadLetters the dead letter for a rejection of this record, given the problem and the original */
    BufferingEmitter(String stage, KeyedStateStores stateStores, SourcePosition source,
                     BiFunction<Problem, SpecificRecord, OutgoingRecord> deadLetters) {
        this.stage = stage;
        this.stateStores = stateStores;
        this.source = source;
        this.deadLetters = deadLetters;
    }

    List<OutgoingRecord> records() {
        return records;
    }

    Map<String, Map<String, byte[]>> stateWrites() {
        return stateWrites;
    }

    @Override
    public <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
        byte[] bytes = value == null ? null : topic.codec().encode(value);
        if (bytes != null && bytes.length > MAX_OUTPUT_RECORD_BYTES) {
            throw new IllegalArgumentException("output for " + topic.name() + " is " + bytes.length
                    + " bytes, over the " + MAX_OUTPUT_RECORD_BYTES + "-byte record limit");
        }
        records.add(new OutgoingRecord(topic.name(), null, key, bytes, null));
    }

    @Override
    public void reject(Problem problem, SpecificRecord original) {
        // DEBUG only: the message may quote the document.
        LOG.debug("{}: rejecting {}: {}", stage, problem.reason(), problem.message());
        records.add(deadLetters.apply(problem, original));
    }

    @Override
    public <S extends SpecificRecord> S readState(TopicSpec<S> store, String key) {
        requireStore(store);
        byte[] bytes = stateStores.read(store.name(), source.partition(), key, stateWrites);
        if (bytes == null) {
            return null;
        }
        try {
            return store.codec().decode(bytes);
        } catch (UndecodableRecordException e) {
            // Our own changelog, written by our own codec: unreadable state is a bug, not input.
            throw new IllegalStateException("state for '" + key + "' in " + store.name() + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public <S extends SpecificRecord> void writeState(TopicSpec<S> store, String key, S value) {
        requireStore(store);
        stateWrites.computeIfAbsent(store.name(), s -> new LinkedHashMap<>())
                .put(key, value == null ? KeyedStateStores.deletedMarker() : store.codec().encode(value));
    }

    private void requireStore(TopicSpec<?> store) {
        if (!stateStores.stores().contains(store)) {
            throw new IllegalArgumentException(store.name() + " is not a state store of " + stage);
        }
    }
}
