package io.reviewflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.contract.SubmissionArchive.SubmissionUnavailableException;
import io.reviewflow.runtime.KafkaSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Submissions read back by position from a real broker, and every way that can fail said in words. */
class KafkaSubmissionArchiveIT {

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    /** Seen to fail when the archive returned the first record its fetch brought instead of the one at the offset. */
    @Test
    void theSubmissionAtAPositionIsReadBackWholeAndItsNeighboursFromTheSameFetch() throws Exception {
        String topic = topic();
        List<ReviewSubmission> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(submission("review-" + i, "document " + i + " \u00e9\u00e8"));
        }
        List<Long> offsets = send(topic, sent.stream().map(Topics.SUBMITTED.codec()::encode).toList());

        try (SubmissionArchive archive = new KafkaSubmissionArchive(KafkaSettings.of(broker.bootstrapServers()), topic)) {
            assertEquals(sent.get(3), archive.read(new SubmissionPosition(0, offsets.get(3))));
            assertEquals(sent.get(4), archive.read(new SubmissionPosition(0, offsets.get(4))));
            assertEquals(sent.get(1), archive.read(new SubmissionPosition(0, offsets.get(1))));
        }
    }

    @Test
    void aSubmissionRetentionDeletedIsSaidToBeGone() throws Exception {
        String topic = topic();
        List<Long> offsets = send(topic, List.of(Topics.SUBMITTED.codec().encode(submission("r-1", "a")),
                Topics.SUBMITTED.codec().encode(submission("r-2", "b"))));
        admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(offsets.get(1)))).all().get();

        try (SubmissionArchive archive = new KafkaSubmissionArchive(KafkaSettings.of(broker.bootstrapServers()), topic)) {
            SubmissionUnavailableException gone = assertThrows(SubmissionUnavailableException.class,
                    () -> archive.read(new SubmissionPosition(0, offsets.get(0))));
            assertEquals(topic + "-0 no longer holds offset " + offsets.get(0) + " (retention)", gone.getMessage());
        }
    }

    @Test
    void bytesThatAreNotASubmissionAreNotHandedBack() throws Exception {
        String topic = topic();
        List<Long> offsets = send(topic, List.of("not avro".getBytes(StandardCharsets.UTF_8)));

        try (SubmissionArchive archive = new KafkaSubmissionArchive(KafkaSettings.of(broker.bootstrapServers()), topic)) {
            SubmissionUnavailableException wrong = assertThrows(SubmissionUnavailableException.class,
                    () -> archive.read(new SubmissionPosition(0, offsets.get(0))));
            assertTrue(wrong.getMessage().startsWith(topic + "-0 at offset " + offsets.get(0) + " is not a submission"),
                    wrong.getMessage());
        }
    }

    @Test
    void aPositionPastTheEndIsNotWaitedOnForever() throws Exception {
        String topic = topic();
        send(topic, List.of(Topics.SUBMITTED.codec().encode(submission("r-1", "a"))));

        try (SubmissionArchive archive = new KafkaSubmissionArchive(KafkaSettings.of(broker.bootstrapServers()), topic)) {
            SubmissionUnavailableException never = assertThrows(SubmissionUnavailableException.class,
                    () -> archive.read(new SubmissionPosition(0, 1_000L)));
            assertEquals(topic + "-0 has no offset 1000 (beyond its end)", never.getMessage());
        }
    }

    private static String topic() throws Exception {
        String name = "submitted-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty()))).all().get();
        return name;
    }

    private static List<Long> send(String topic, List<byte[]> values) throws Exception {
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                offsets.add(producer.send(new ProducerRecord<>(topic, 0, "key", value)).get().offset());
            }
        }
        return offsets;
    }

    private static ReviewSubmission submission(String reviewId, String document) {
        return new ReviewSubmission("submission-of-" + reviewId, reviewId, "writer", ReviewAction.SUBMIT, 1, null,
                ByteBuffer.wrap(document.getBytes(StandardCharsets.UTF_8)), null, Instant.parse("2026-01-01T10:00:00Z"));
    }
}
