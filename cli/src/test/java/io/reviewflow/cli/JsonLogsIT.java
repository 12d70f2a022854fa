package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TestKafka;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest command in its own JVM, as a container runs it, with {@code --log-format json}:
 * logging is set up once per process, so only a fresh process shows what production gets.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "never-in-logs-7f3a";
    /** A sentence of the document, which no line above DEBUG may quote. */
    private static final String DOCUMENT_TEXT = "pleasant, slow and kind";

    @Test
    void everyLineIsJsonAndLinesAboutARecordNameItButNeverQuoteIt(@TempDir Path dir) throws Exception {
        // Given the ingest command with JSON logs at DEBUG and a secret among its Kafka properties
        KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());
        Path log = dir.resolve("ingest.log");
        Process process = start(log, "ingest", "--bootstrap-server", kafka.bootstrapServers(), "--instance-id", "json-logs-it",
                "--http-port", "0", "--log-format", "json", "--log-level", "debug",
                "--property", "ssl.truststore.password=" + SECRET);
        ReviewSubmission submission;
        try {
            awaitLine(log, process, line -> line.contains("running against"));

            // When it rejects a document
            submission = Submissions.of("json-logs-it", "json-logs-" + UUID.randomUUID(), "missing-score.txt",
                    Samples.bytes("missing-score.txt"), ReviewAction.SUBMIT, 1, Instant.now());
            try (SubmissionSender sender = SubmissionSender.connect(kafka)) {
                sender.send(submission);
            }
            awaitLine(log, process, line -> line.contains(submission.getSubmissionId()) && line.contains("rejecting MISSING_SCORE"));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        // Then every line is one JSON object in the Elastic Common Schema
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode event = JSON.readTree(line);
                assertTrue(event.isObject() && event.has("@timestamp") && event.has("log.level") && event.has("message"), line);
                assertEquals("ingest", event.path("service.name").asText(), line);
                events.add(event);
            }
        }
        // And the line about the record carries its ids as fields
        JsonNode rejecting = events.stream().filter(e -> e.get("message").asText().startsWith("ingest: rejecting MISSING_SCORE")
                && submission.getSubmissionId().equals(e.path("submissionId").asText())).findFirst().orElse(null);
        assertNotNull(rejecting, "a DEBUG line about the rejection, with its ids");
        assertEquals("DEBUG", rejecting.get("log.level").asText());
        assertEquals(submission.getReviewId(), rejecting.path("reviewId").asText());
        // And the settings are logged with the secret hidden, the review text never above DEBUG
        assertTrue(events.stream().anyMatch(e -> e.get("message").asText().contains("kafka.ssl.truststore.password=[hidden]")), log.toString());
        for (JsonNode event : events) {
            assertFalse(event.toString().contains(SECRET), event.toString());
            if (!Set.of("DEBUG", "TRACE").contains(event.get("log.level").asText())) {
                assertFalse(event.toString().contains(DOCUMENT_TEXT), event.toString());
            }
        }
        // And SIGTERM stopped the loop through the shutdown hook, not halfway through a batch
        assertTrue(events.stream().anyMatch(e -> e.get("message").asText().startsWith("ingest stopped (")), log.toString());
    }

    /** Runs the launcher's main in a new JVM with the launcher's own log4j2.xml (the test kit's log4j2-test.xml would win). */
    private static Process start(Path log, String... args) throws IOException {
        URL config = JsonLogsIT.class.getClassLoader().getResource("log4j2.xml");
        assertNotNull(config, "the cli module's log4j2.xml");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + config, "-cp", System.getProperty("java.class.path"),
                ReviewflowCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The child takes its settings from the command line alone.
        builder.environment().keySet().removeIf(name -> name.startsWith("REVIEWFLOW_") && !name.startsWith("REVIEWFLOW_TEST_"));
        return builder.start();
    }

    private static void awaitLine(Path log, Process process, Predicate<String> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(condition)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("ingest exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such line within " + WAIT + ":\n" + Files.readString(log));
    }
}
