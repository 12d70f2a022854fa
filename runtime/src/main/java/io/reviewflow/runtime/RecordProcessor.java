package io.reviewflow.runtime;

import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.schemas.UndecodableRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns one input record into what its transaction writes: the stage's output and state writes,
 * or a dead letter. Records arrive as bytes and are decoded here, so bytes that do not decode
 * become a dead letter instead of a consumer stuck in {@code poll}; a stage that throws for one
 * record dead-letters that record and the rest flow on.
 */
final class RecordProcessor<I extends SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(StageService.class);

    private final Stage<I> stage;
    private final RecordContract contract;
    private final KeyedStateStores stateStores;
    private final StageEvents events;

    RecordProcessor(Stage<I> stage, RecordContract contract, KeyedStateStores stateStores, StageEvents events) {
        this.stage = stage;
        this.contract = contract;
        this.stateStores = stateStores;
        this.events = events;
    }

    /** Never throws for a bad record: it becomes output or a dead letter. Every log line meanwhile names it. */
    List<OutgoingRecord> process(ConsumerRecord<String, byte[]> record) {
        List<OutgoingRecord> output = new ArrayList<>(2);
        SourcePosition source = new SourcePosition(record.topic(), record.partition(), record.offset(), record.key());
        long started = System.nanoTime();
        Map<String, String> logContext = contract.logContext(record.key(), null);
        logContext.forEach(MDC::put);
        try {
            processDecoded(record, source, output);
        } finally {
            logContext.keySet().forEach(MDC::remove);
        }
        long nanos = System.nanoTime() - started;
        events.notify(l -> l.onRecordProcessed(source, nanos));
        return output;
    }

    private void processDecoded(ConsumerRecord<String, byte[]> record, SourcePosition source, List<OutgoingRecord> output) {
        I input;
        try {
            input = stage.input().codec().decode(record.value());
        } catch (UndecodableRecordException e) {
            output.add(deadLetter(Problem.of(RejectionReason.UNDECODABLE_RECORD, e.getMessage()), null, record.value(), source));
            return;
        }
        SpecificRecord original = originalOf(input);
        Map<String, String> logContext = contract.logContext(record.key(), original);
        logContext.forEach(MDC::put);
        BufferingEmitter emitter = new BufferingEmitter(stage.name(), stateStores, source,
                (problem, rejected) -> deadLetter(problem, rejected, null, source));
        try {
            stage.process(input, source, emitter);
            output.addAll(emitter.records());
            stateStores.acceptRecord(source.partition(), emitter.stateWrites());
            emitter.stateWrites().forEach((store, writes) -> writes.forEach((key, value) -> output.add(new OutgoingRecord(
                    store, source.partition(), key, KeyedStateStores.isDeleted(value) ? null : value, null))));
        } catch (RuntimeException e) {
            // A bug or a bad record in our own code: reject this record, keep the rest flowing.
            LOG.warn("{}: processing failed at {}-{}@{}", stage.name(), source.topic(), source.partition(), source.offset(), e);
            Problem failed = Problem.of(RejectionReason.PROCESSING_FAILED, stage.name() + " failed: " + e);
            output.add(deadLetter(failed, original, null, source));
        } finally {
            logContext.keySet().forEach(MDC::remove);
        }
    }

    private OutgoingRecord deadLetter(Problem problem, SpecificRecord original, byte[] rawValue, SourcePosition source) {
        return OutgoingRecord.deadLetter(contract.deadLetter(stage.name(), problem, original, rawValue, source));
    }

    /** What a dead letter hands back to the writer; a stage that cannot say hands back nothing rather than failing twice. */
    private SpecificRecord originalOf(I input) {
        try {
            return stage.originalOf(input);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
