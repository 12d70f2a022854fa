package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewLedger;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.schemas.AvroCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loop's home-partition rule on a real broker: a stage with per-key state sees every record of
 * a key on the partition Java's default partitioner gives it, whatever partition the writer chose,
 * and refuses to run when its input and its state stop being partitioned alike.
 */
class HomePartitionsIT {

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void homeIsThePartitionJavasDefaultPartitionerPicks() throws Exception {
        String topic = createTopic("home-default", 5);
        HomePartitions home = new HomePartitions(5);
        try (KafkaProducer<String, byte[]> producer = producer()) {
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
        String input = createTopic("home-in", 3);
        String output = createTopic("home-out", 1);
        Map<String, Integer> expectedHome = new HashMap<>();
        HomePartitions home = new HomePartitions(3);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 60; i++) {
                String key = "review-" + i;
                expectedHome.put(key, home.of(key));
                // Every partition in turn, as a random or CRC32 partitioner would spread them.
                producer.send(new ProducerRecord<>(input, i % 3, key, Topics.SUBMITTED.codec().encode(submission(key)))).get();
            }
        }

        SourceRecordingStage stage = new SourceRecordingStage(input, output);
        StageService<ReviewSubmission> service = new StageService<>(stage, settings("home-it"));
        service.start();
        try {
            List<ConsumerRecord<String, byte[]>> outputs = readAtLeast(output, 60, Duration.ofSeconds(60));
            assertEquals(60, outputs.size(), "one output per input, none twice");
            for (ConsumerRecord<String, byte[]> record : outputs) {
                ReviewSubmission seen = Topics.SUBMITTED.codec().decode(record.value());
                assertEquals("p" + expectedHome.get(record.key()), seen.getWriterId(),
                        record.key() + " was processed off its home partition");
            }
            assertTrue(service.counters().recordsForwarded() >= 30, "records away from home were forwarded: " + service.counters());
        } finally {
            service.stop();
        }
    }

    @Test
    void aStageRefusesToStartWhenItsStateIsPartitionedUnlikeItsInput() throws Exception {
        String input = createTopic("mismatch-in", 3);
        String output = createTopic("mismatch-out", 1);
        SourceRecordingStage stage = new SourceRecordingStage(input, output);
        admin.createTopics(List.of(new NewTopic(stage.state.name(), Optional.of(2), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);

        StageService<ReviewSubmission> service = new StageService<>(stage, settings("mismatch-it"));
        service.start();

        ExecutionException stopped = assertThrows(ExecutionException.class, () -> service.termination().get(60, TimeUnit.SECONDS));
        assertEquals(input + " has 3 partitions but its state topic " + stage.state.name() + " has 2: a review's state would"
                + " no longer be on the partition its submissions go to; restore " + input
                + "'s partition count (OPERATIONS.md, \"Partition counts\")", stopped.getCause().getMessage());
    }

    /** Seen to fail without the check on assignment: the stage went on, deciding keys away from their state. */
    @Test
    void aRunningStageStopsWhenPartitionsAreAddedToItsInput() throws Exception {
        String input = createTopic("grown-in", 2);
        String output = createTopic("grown-out", 1);
        SourceRecordingStage stage = new SourceRecordingStage(input, output);
        // The group sees new partitions when its leader refreshes metadata: every 5 min by default, every second here.
        StageSettings settings = StageSettings.defaults(new KafkaSettings(broker.bootstrapServers(),
                KafkaSettings.DEFAULT_REQUEST_TIMEOUT, Map.of("metadata.max.age.ms", "1000")), "grown-it");
        StageService<ReviewSubmission> service = new StageService<>(stage, settings);
        service.start();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(input, "before", Topics.SUBMITTED.codec().encode(submission("before")))).get();
            readAtLeast(output, 1, Duration.ofSeconds(60));

            admin.createPartitions(Map.of(input, NewPartitions.increaseTo(4))).all().get(30, TimeUnit.SECONDS);

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
        String input = createTopic("rehome-in", 2);
        String output = createTopic("rehome-out", 1);
        SourceRecordingStage stage = new SourceRecordingStage(input, output);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("review-" + i);
        }
        sendEach(input, keys, 2);
        StageService<ReviewSubmission> first = new StageService<>(stage, settings("rehome-it"));
        first.start();
        readAtLeast(output, keys.size(), Duration.ofSeconds(60));
        first.stop();

        admin.createPartitions(Map.of(input, NewPartitions.increaseTo(5))).all().get(30, TimeUnit.SECONDS);
        StageService<ReviewSubmission> refused = new StageService<>(stage, settings("rehome-it"));
        refused.start();
        assertThrows(ExecutionException.class, () -> refused.termination().get(60, TimeUnit.SECONDS));

        StateRehoming.Result result = StateRehoming.rehome(KafkaSettings.of(broker.bootstrapServers()), input,
                stage.state.name(), "reviewflow-" + stage.name());
        assertEquals(2, result.partitionsBefore());
        assertEquals(5, result.partitionsAfter());
        assertEquals(keys.size(), result.keys());
        assertTrue(result.moved() > 0, "some keys have a new home among 5 partitions: " + result);
        assertEquals(0, StateRehoming.rehome(KafkaSettings.of(broker.bootstrapServers()), input,
                stage.state.name(), "reviewflow-" + stage.name()).moved(), "a second run finds nothing to move");

        sendEach(input, keys, 5);
        StageService<ReviewSubmission> again = new StageService<>(stage, settings("rehome-it"));
        again.start();
        try {
            List<ConsumerRecord<String, byte[]>> outputs = readAtLeast(output, 2 * keys.size(), Duration.ofSeconds(60));
            HomePartitions home = new HomePartitions(5);
            for (ConsumerRecord<String, byte[]> record : outputs.subList(keys.size(), outputs.size())) {
                ReviewSubmission seen = Topics.SUBMITTED.codec().decode(record.value());
                assertEquals(2, seen.getRevision(), record.key() + " went on from its state");
                assertEquals("p" + home.of(record.key()), seen.getWriterId(), record.key() + " was processed at its new home");
            }
        } finally {
            again.stop();
        }
    }

    private static void sendEach(String topic, List<String> keys, int partitions) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < keys.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, keys.get(i),
                        Topics.SUBMITTED.codec().encode(submission(keys.get(i))))).get();
            }
        }
    }

    /**
     * A stateful stage that copies each submission to its output with the writer id replaced by the
     * partition it processed the submission on and the revision with how many times it saw the key.
     */
    private static final class SourceRecordingStage implements Stage<ReviewSubmission> {
        private final TopicSpec<ReviewSubmission> input;
        private final TopicSpec<ReviewSubmission> output;
        final TopicSpec<ReviewLedger> state;

        SourceRecordingStage(String input, String output) {
            this.input = new TopicSpec<>(input, Topics.SUBMITTED.codec(), Map.of());
            this.output = new TopicSpec<>(output, Topics.SUBMITTED.codec(), Map.of());
            this.state = new TopicSpec<>(input + "-state", AvroCodec.of(ReviewLedger.class), Map.of("cleanup.policy", "compact"));
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
        public ReviewSubmission submissionOf(ReviewSubmission in) {
            return in;
        }

        @Override
        public List<TopicSpec<?>> stateStores() {
            return List.of(state);
        }

        @Override
        public void process(ReviewSubmission in, SourcePosition source, Emitter out) {
            ReviewLedger ledger = Optional.ofNullable(out.readState(state, source.key()))
                    .orElse(new ReviewLedger(0, false, List.of()));
            List<String> seen = new ArrayList<>(ledger.getRecentSubmissionIds());
            seen.add(in.getSubmissionId());
            out.writeState(state, source.key(), new ReviewLedger(ledger.getLatestRevision() + 1, false, seen));
            out.send(output, source.key(), ReviewSubmission.newBuilder(in).setWriterId("p" + source.partition())
                    .setRevision(ledger.getLatestRevision() + 1).build());
        }
    }

    private static ReviewSubmission submission(String reviewId) {
        return new ReviewSubmission(UUID.randomUUID().toString(), reviewId, "writer", ReviewAction.SUBMIT, 1, null,
                ByteBuffer.wrap(new byte[] {'x'}), null, Instant.now());
    }

    private static StageSettings settings(String instanceId) {
        return StageSettings.defaults(KafkaSettings.of(broker.bootstrapServers()), instanceId);
    }

    private static String createTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);
        return name;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    private static List<ConsumerRecord<String, byte[]>> readAtLeast(String topic, int count, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("group.id", "reader-" + UUID.randomUUID());
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (read.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            // A little longer, so a duplicate that follows would be seen.
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        if (read.size() < count) {
            throw new AssertionError("read " + read.size() + " of " + count + " record(s) from " + topic + " in " + timeout);
        }
        return read;
    }
}
