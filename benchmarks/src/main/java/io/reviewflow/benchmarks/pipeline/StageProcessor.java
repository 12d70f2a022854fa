package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.contract.ReviewContract;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.runtime.DeadLetter;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.schemas.UndecodableRecordException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs a reviewflow {@link Stage} inside Kafka Streams: decodes the input with the stage's codec,
 * calls {@code process} with an {@link Emitter} that buffers what the stage emits for the record
 * (so a stage that throws emits nothing, as in StageService), then forwards each output to the sink
 * named after its topic and applies state writes to a changelogged key-value store named after the
 * stage's state topic. Dead letters are the services' own: {@link ReviewContract}'s.
 */
final class StageProcessor<I extends SpecificRecord> implements Processor<String, byte[], String, byte[]> {

    private static final Object DELETED = new Object();

    private final Stage<I> stage;
    private final ReviewContract contract;
    private ProcessorContext<String, byte[]> context;
    private final Map<String, KeyValueStore<String, byte[]>> stores = new HashMap<>();

    StageProcessor(Stage<I> stage, ReviewContract contract) {
        this.stage = stage;
        this.contract = contract;
    }

    /** Sink names are the stage's logical output topic names; the topology maps them to physical topics. */
    static String sinkFor(String logicalTopic) {
        return "sink:" + logicalTopic;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        for (TopicSpec<?> store : stage.stateStores()) {
            stores.put(store.name(), context.getStateStore(store.name()));
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        // Name the logical input topic in rejections, as the services would.
        SourcePosition source = new SourcePosition(stage.input().name(), meta.partition(), meta.offset(), record.key());
        I input;
        try {
            input = stage.input().codec().decode(record.value());
        } catch (UndecodableRecordException e) {
            forwardDeadLetter(record, Problem.of(RejectionReason.UNDECODABLE_RECORD, e.getMessage()), null, record.value(),
                    source);
            return;
        }
        SpecificRecord original;
        try {
            original = stage.originalOf(input);
        } catch (RuntimeException e) {
            original = null;
        }
        BufferingEmitter out = new BufferingEmitter(source);
        try {
            stage.process(input, source, out);
        } catch (RuntimeException e) {
            forwardDeadLetter(record, Problem.of(RejectionReason.PROCESSING_FAILED, stage.name() + " failed: " + e), original,
                    null, source);
            return;
        }
        out.stateWrites.forEach((store, writes) -> writes.forEach((key, value) ->
                stores.get(store).put(key, value == DELETED ? null : (byte[]) value)));
        for (Output o : out.outputs) {
            context.forward(record.withKey(o.key()).withValue(o.value()), sinkFor(o.topic()));
        }
    }

    private void forwardDeadLetter(Record<String, byte[]> record, Problem problem, SpecificRecord original, byte[] raw,
                                   SourcePosition source) {
        Output letter = deadLetter(problem, original, raw, source);
        context.forward(record.withKey(letter.key()).withValue(letter.value()), sinkFor(letter.topic()));
    }

    private Output deadLetter(Problem problem, SpecificRecord original, byte[] raw, SourcePosition source) {
        return encoded(contract.deadLetter(stage.name(), problem, original, raw, source));
    }

    private static <V extends SpecificRecord> Output encoded(DeadLetter<V> letter) {
        return new Output(letter.topic().name(), letter.key(), letter.topic().codec().encode(letter.value()));
    }

    private record Output(String topic, String key, byte[] value) {}

    private final class BufferingEmitter implements Emitter {
        private final SourcePosition source;
        private final List<Output> outputs = new ArrayList<>(2);
        /** store -> key -> encoded value or DELETED. */
        private final Map<String, Map<String, Object>> stateWrites = new HashMap<>(2);

        BufferingEmitter(SourcePosition source) {
            this.source = source;
        }

        @Override
        public <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
            outputs.add(new Output(topic.name(), key, value == null ? null : topic.codec().encode(value)));
        }

        @Override
        public void reject(Problem problem, SpecificRecord original) {
            outputs.add(deadLetter(problem, original, null, source));
        }

        @Override
        public <S extends SpecificRecord> S readState(TopicSpec<S> store, String key) {
            Object pending = stateWrites.getOrDefault(store.name(), Map.of()).get(key);
            byte[] bytes = pending == DELETED ? null : pending != null ? (byte[]) pending : storeOf(store).get(key);
            if (bytes == null) {
                return null;
            }
            try {
                return store.codec().decode(bytes);
            } catch (UndecodableRecordException e) {
                throw new IllegalStateException("state for '" + key + "' in " + store.name() + " cannot be read", e);
            }
        }

        @Override
        public <S extends SpecificRecord> void writeState(TopicSpec<S> store, String key, S value) {
            storeOf(store);
            stateWrites.computeIfAbsent(store.name(), s -> new LinkedHashMap<>())
                    .put(key, value == null ? DELETED : store.codec().encode(value));
        }

        private KeyValueStore<String, byte[]> storeOf(TopicSpec<?> store) {
            KeyValueStore<String, byte[]> kv = stores.get(store.name());
            if (kv == null) {
                throw new IllegalArgumentException(store.name() + " is not a state store of " + stage.name());
            }
            return kv;
        }
    }

    @Override
    public void close() {
        contract.close();
    }
}
