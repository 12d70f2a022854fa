package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewSubmission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The loop's home-partition rule on a real broker: a stage with per-key state sees every record of
 * a key on the partition Java's default partitioner gives it, whatever partition the writer chose,
 * and refuses to run when its input and its state stop being partitioned alike.
 */
class HomePartitionsIT {

    @Test
    void homeIsThePartitionJavasDefaultPartitionerPicks() throws Exception {
        String topic = RealBroker.createTopic("home-default", 5);
        HomePartitions home = new HomePartitions(5);
        try (KafkaProducer<String, byte[]> producer = RealBroker.producer()) {
            for (int i = 0; i < 200; i++) {
                String key = "review-" + i + "-" + UUID.randomUUID();
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic, key, new byte[] {1})).get();
                assertEquals(sent.partition(), home.of(key), "home partition of " + key);
            }
        }
    }

    /** Seen to fail with forwarding switched off: records were processed on the partition they were written to. */
    @Test
    void aStageWithStateSeesEveryRecordOnItsKeysHomePartition() throws Exception {
        String input = RealBroker.createTopic("home-in", 3);
        String output = RealBroker.createTopic("home-out", 1);
        List<String> keys = keys(60);
        // Every partition in turn, as a random or CRC32 partitioner would spread them.
        sendEach(input, keys, 3);
        HomePartitions home = new HomePartitions(3);

        SourceRecordingStage stage = new SourceRecordingStage(input, output, true);
        StageService<ReviewSubmission> service = new StageService<>(stage, StageSettings.defaults(RealBroker.kafka(), "home-it"), TestContract.create());
        service.start();
        try {
            List<ConsumerRecord<String, byte[]>> outputs = RealBroker.readAtLeast(output, 60, Duration.ofSeconds(60));
            assertEquals(60, outputs.size(), "one output per input, none twice");
            for (ConsumerRecord<String, byte[]> record : outputs) {
                ReviewSubmission seen = TestContract.SUBMITTED.codec().decode(record.value());
                assertEquals("p" + home.of(record.key()), seen.getWriterId(),
                        record.key() + " was processed off its home partition");
            }
            assertTrue(service.counters().recordsForwarded() >= 30, "records away from home were forwarded: " + service.counters());
        } finally {
            service.stop();
        }
    }

    @Test
    void aStageRefusesToStartWhenItsStateIsPartitionedUnlikeItsInput() throws Exception {
        String input = RealBroker.createTopic("mismatch-in", 3);
        String output = RealBroker.createTopic("mismatch-out", 1);
        SourceRecordingStage stage = new SourceRecordingStage(input, output, true);
        RealBroker.createTopicNamed(stage.state.name(), 2);

        StageService<ReviewSubmission> service = new StageService<>(stage, StageSettings.defaults(RealBroker.kafka(), "mismatch-it"), TestContract.create());
        service.start();

        ExecutionException stopped = assertThrows(ExecutionException.class, () -> service.termination().get(60, TimeUnit.SECONDS));
        assertEquals(input + " has 3 partitions but its state topic " + stage.state.name() + " has 2: a review's state would"
                + " no longer be on the partition its submissions go to; with every instance stopped, move the state with"
                + " 'reviewflow rehome-state' (OPERATIONS.md, \"Partition counts\")", stopped.getCause().getMessage());
    }

    /** Seen to fail without the check on assignment: the stage went on, deciding keys away from their state. */
    @Test
    void aRunningStageStopsWhenPartitionsAreAddedToItsInput() throws Exception {
        String input = RealBroker.createTopic("grown-in", 2);
        String output = RealBroker.createTopic("grown-out", 1);
        SourceRecordingStage stage = new SourceRecordingStage(input, output, true);
        // The group sees new partitions when its leader refreshes metadata: every 5 min by default, every second here.
        StageSettings settings = StageSettings.defaults(new KafkaSettings(RealBroker.bootstrapServers(),
                KafkaSettings.DEFAULT_REQUEST_TIMEOUT, Map.of("metadata.max.age.ms", "1000")), "grown-it");
        StageService<ReviewSubmission> service = new StageService<>(stage, settings, TestContract.create());
        service.start();
        try (KafkaProducer<String, byte[]> producer = RealBroker.producer()) {
            producer.send(new ProducerRecord<>(input, "before", TestContract.SUBMITTED.codec().encode(SourceRecordingStage.submission("before")))).get();
            RealBroker.readAtLeast(output, 1, Duration.ofSeconds(60));

            RealBroker.admin().createPartitions(Map.of(input, NewPartitions.increaseTo(4))).all().get(30, TimeUnit.SECONDS);

            ExecutionException stopped = assertThrows(ExecutionException.class,
                    () -> service.termination().get(60, TimeUnit.SECONDS));
            assertTrue(stopped.getCause().getMessage().startsWith(input + " has 4 partitions but its state topic "
                    + stage.state.name() + " has 2"), stopped.getCause().getMessage());
        } finally {
            service.stop();
        }
    }

    /**
     * The remedy for added partitions: with the stage stopped, its state moves to the keys' new homes,
     * and the stage starts and goes on from that state. Seen to fail with the moves left out of the
     * rehoming transaction: every key counted from 1 again.
     */
    @Test
    void afterPartitionsAreAddedRehomingTheStateLetsTheStageGoOnFromIt() throws Exception {
        String input = RealBroker.createTopic("rehome-in", 2);
        String output = RealBroker.createTopic("rehome-out", 1);
        SourceRecordingStage stage = new SourceRecordingStage(input, output, true);
        List<String> keys = keys(40);
        sendEach(input, keys, 2);
        StageService<ReviewSubmission> first = new StageService<>(stage, StageSettings.defaults(RealBroker.kafka(), "rehome-it"), TestContract.create());
        first.start();
        RealBroker.readAtLeast(output, keys.size(), Duration.ofSeconds(60));
        first.stop();

        RealBroker.admin().createPartitions(Map.of(input, NewPartitions.increaseTo(5))).all().get(30, TimeUnit.SECONDS);
        StageService<ReviewSubmission> refused = new StageService<>(stage, StageSettings.defaults(RealBroker.kafka(), "rehome-it"), TestContract.create());
        refused.start();
        assertThrows(ExecutionException.class, () -> refused.termination().get(60, TimeUnit.SECONDS));

        StateRehoming.Result result = StateRehoming.rehome(RealBroker.kafka(), input,
                stage.state, "reviewflow-" + stage.name());
        assertEquals(2, result.partitionsBefore());
        assertEquals(5, result.partitionsAfter());
        assertEquals(keys.size(), result.keys());
        assertTrue(result.moved() > 0, "some keys have a new home among 5 partitions: " + result);
        assertEquals(0, StateRehoming.rehome(RealBroker.kafka(), input,
                stage.state, "reviewflow-" + stage.name()).moved(), "a second run finds nothing to move");

        sendEach(input, keys, 5);
        StageService<ReviewSubmission> again = new StageService<>(stage, StageSettings.defaults(RealBroker.kafka(), "rehome-it"), TestContract.create());
        again.start();
        try {
            List<ConsumerRecord<String, byte[]>> outputs = RealBroker.readAtLeast(output, 2 * keys.size(), Duration.ofSeconds(60));
            HomePartitions home = new HomePartitions(5);
            for (ConsumerRecord<String, byte[]> record : outputs.subList(keys.size(), outputs.size())) {
                ReviewSubmission seen = TestContract.SUBMITTED.codec().decode(record.value());
                assertEquals(2, seen.getRevision(), record.key() + " went on from its state");
                assertEquals("p" + home.of(record.key()), seen.getWriterId(), record.key() + " was processed at its new home");
            }
        } finally {
            again.stop();
        }
    }

    private static List<String> keys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("review-" + i);
        }
        return keys;
    }

    private static void sendEach(String topic, List<String> keys, int partitions) throws Exception {
        try (KafkaProducer<String, byte[]> producer = RealBroker.producer()) {
            for (int i = 0; i < keys.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, keys.get(i),
                        TestContract.SUBMITTED.codec().encode(SourceRecordingStage.submission(keys.get(i))))).get();
            }
        }
    }
}
