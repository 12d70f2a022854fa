package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.domain.RejectionReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The loop itself on a real broker: a failed transaction is aborted and its batch processed again
 * from the committed position, and bytes that do not decode become a dead letter while the rest
 * flow on. Outputs are read {@code read_committed}, as the next stage reads them.
 */
class StageLoopIT {

    /**
     * Seen to fail with the rewind left out of abort-and-rewind: the consumer went on past the
     * aborted batch, so its outputs never came.
     */
    @Test
    void aTransactionThatFailsIsAbortedAndItsBatchRedoneWithNothingTwice() throws Exception {
        String input = RealBroker.createTopic("redo-in", 1);
        // Small records only: an output over 8 KiB makes the broker refuse the batch, which fails the transaction.
        String output = "redo-out-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        RealBroker.admin().createTopics(List.of(new NewTopic(output, 1, (short) 1).configs(Map.of("max.message.bytes", "8192"))))
                .all().get();
        OversizedOnceStage stage = new OversizedOnceStage(input, output, "key-12");
        StageService<ReviewSubmission> service = new StageService<>(stage, StageSettings.defaults(RealBroker.kafka(), "redo-it"),
                TestContract.create());
        send(input, 25);
        service.start();
        try {
            List<ConsumerRecord<String, byte[]>> copies = RealBroker.readAtLeast(output, 25, Duration.ofSeconds(90));

            assertEquals(25, copies.size(), "each input once, none twice: " + keys(copies));
            assertEquals(25, keys(copies).size());
            assertTrue(service.counters().transactionsAborted() >= 1, "the failed transaction was aborted: " + service.counters());
            assertTrue(stage.oversized.containsKey("key-12"), "the poison record was met");
            assertFalse(service.termination().isDone(), "the loop goes on");
        } finally {
            service.stop();
        }
    }

    /** Seen to fail with the decode failure left to propagate: the loop stopped at the bad record. */
    @Test
    void bytesThatDoNotDecodeBecomeADeadLetterAndTheLoopGoesOn() throws Exception {
        String input = RealBroker.createTopic("undecodable-in", 1);
        String output = RealBroker.createTopic("undecodable-out", 1);
        String deadLetters = RealBroker.createTopic("undecodable-dead", 1);
        byte[] garbage = {0x13, 0x37, 0x00, 0x42};
        try (KafkaProducer<String, byte[]> producer = RealBroker.producer()) {
            producer.send(new ProducerRecord<>(input, "key-a", TestContract.SUBMITTED.codec().encode(SourceRecordingStage.submission("key-a")))).get();
            producer.send(new ProducerRecord<>(input, "garbage", garbage)).get();
            producer.send(new ProducerRecord<>(input, "key-b", TestContract.SUBMITTED.codec().encode(SourceRecordingStage.submission("key-b")))).get();
        }
        TestContract contract = TestContract.deadLettersTo(deadLetters);
        StageService<ReviewSubmission> service = new StageService<>(new SourceRecordingStage(input, output, false),
                StageSettings.defaults(RealBroker.kafka(), "undecodable-it"), contract);
        service.start();
        try {
            List<ConsumerRecord<String, byte[]>> copies = RealBroker.readAtLeast(output, 2, Duration.ofSeconds(60));
            List<ConsumerRecord<String, byte[]>> letters = RealBroker.readAtLeast(deadLetters, 1, Duration.ofSeconds(30));

            assertEquals(Set.of("key-a", "key-b"), keys(copies));
            assertEquals(1, letters.size());
            ReviewRejection rejection = contract.deadLetters().codec().decode(letters.get(0).value());
            assertEquals("garbage", letters.get(0).key());
            assertEquals(RejectionReason.UNDECODABLE_RECORD.name(), rejection.getReason());
            assertArrayEquals(garbage, ByteBuffer.wrap(new byte[garbage.length]).put(rejection.getRawValue()).array());
            assertEquals(input, rejection.getSourceTopic());
            assertEquals(1L, rejection.getSourceOffset());
            assertEquals(1, service.counters().rejections());
            assertFalse(service.termination().isDone(), "the loop goes on");
        } finally {
            service.stop();
        }
    }

    private static void send(String topic, int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = RealBroker.producer()) {
            for (int i = 0; i < count; i++) {
                String key = "key-" + i;
                producer.send(new ProducerRecord<>(topic, key, TestContract.SUBMITTED.codec().encode(SourceRecordingStage.submission(key)))).get();
            }
        }
    }

    private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    /** Copies submissions; the first time it meets {@code poison} the copy is too big for the output topic. */
    private static final class OversizedOnceStage implements Stage<ReviewSubmission> {
        private final TopicSpec<ReviewSubmission> input;
        private final TopicSpec<ReviewSubmission> output;
        private final String poison;
        final Map<String, Boolean> oversized = new ConcurrentHashMap<>();

        OversizedOnceStage(String input, String output, String poison) {
            this.input = new TopicSpec<>(input, TestContract.SUBMITTED.codec(), Map.of());
            this.output = new TopicSpec<>(output, TestContract.SUBMITTED.codec(), Map.of());
            this.poison = poison;
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
        public void process(ReviewSubmission in, SourcePosition source, Emitter out) {
            ReviewSubmission.Builder copy = ReviewSubmission.newBuilder(in);
            if (source.key().equals(poison) && oversized.putIfAbsent(poison, true) == null) {
                // Random bytes: the loop's producer compresses, and 64 KiB of anything regular would fit in 8 KiB.
                byte[] noise = new byte[64 * 1024];
                new java.util.Random(12).nextBytes(noise);
                copy.setDocument(ByteBuffer.wrap(noise));
            }
            out.send(output, source.key(), copy.build());
        }
    }
}
