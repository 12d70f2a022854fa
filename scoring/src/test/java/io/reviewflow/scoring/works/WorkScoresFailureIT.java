package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.contract.Topics;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.testkit.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service stops loudly rather than run wrong: on a state directory it cannot make, and on a
 * record it cannot count. The bad record is deleted from {@code reviews.scored} afterwards (with
 * everything before it on its partition), so that no instance a later test starts meets it; the
 * instance here starts at the end of the topic, so it meets nothing older. (Test classes run one
 * at a time: an instance of another test running meanwhile would meet the record too.)
 */
class WorkScoresFailureIT {

    @TempDir
    Path stateDir;

    @Test
    void aReviewWithoutAScoreStopsTheServiceAndSaysWhichRecord() throws Exception {
        // Given a running service
        String bootstrap = TestKafka.bootstrapServers();
        KafkaSettings kafka = new KafkaSettings(bootstrap, KafkaSettings.DEFAULT_REQUEST_TIMEOUT,
                Map.of("auto.offset.reset", "latest"));
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, 3, Optional.empty());
        String p = "fail" + UUID.randomUUID().toString().substring(0, 8);
        WorkScoresService service = WorkScoresService.create(WorkScoresSettings.defaults(kafka, "failure-it")
                .withApplicationId("works-failure-it-" + p).withStateDir(stateDir), VerdictScale.preset("house"));
        service.start();
        RecordMetadata written = null;
        try {
            awaitRunning(service);

            // When a scored review without a score arrives
            ScoredReview broken = ScoredReviews.scored(p + "-broken", 1, p + " Broken", null, 50.0);
            broken.setScore(null);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                written = producer.send(new ProducerRecord<>(Topics.SCORED.name(), 0, p + "-broken",
                        Topics.SCORED.codec().encode(broken))).get();
            }

            // Then the service stops with an error naming the record and what is wrong with it
            ExecutionException stopped = assertThrows(ExecutionException.class,
                    () -> service.termination().get(60, TimeUnit.SECONDS));
            String message = WorkScoresService.oneLine(stopped.getCause());
            assertTrue(message.contains("topic=reviews.scored, partition=0, offset=" + written.offset()), message);
            assertTrue(message.contains("review " + p + "-broken on reviews.scored has no score"), message);
            assertEquals(KafkaStreams.State.ERROR, service.state());
        } finally {
            service.stop();
            if (written != null) {
                try (Admin admin = Admin.create(kafka.adminProperties())) {
                    admin.deleteRecords(Map.of(new TopicPartition(Topics.SCORED.name(), 0),
                            RecordsToDelete.beforeOffset(written.offset() + 1))).all().get();
                }
            }
        }
    }

    @Test
    void aStateDirectoryThatCannotBeMadeStopsStartUpWithAOneLineUsageError() throws Exception {
        // Given a file where the state directory's parent should be
        Path file = Files.writeString(stateDir.resolve("not-a-directory"), "");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // When the service is run with it
        int exit = WorkScoresService.run(new String[] {"--bootstrap-server", TestKafka.bootstrapServers(),
                "--state-dir", file.resolve("state").toString()}, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));

        // Then it does not start, and says why in one line
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ServiceMain.EXIT_USAGE, exit, message);
        assertTrue(message.startsWith("reviewflow works: cannot create state directory " + file.resolve("state")), message);
        assertEquals(1, message.strip().lines().count(), message);
    }

    private static void awaitRunning(WorkScoresService service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.state() != KafkaStreams.State.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "not running: " + service.state());
            Thread.sleep(20);
        }
    }
}
