package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.contract.Topics;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-Java clients of {@code examples/python} against the running pipeline on the real test
 * broker: what {@code writer.py} submits is decoded and processed by the Java services, and
 * {@code reader.py} decodes what they publish and reject exactly as Java reads it.
 *
 * <p>Needs Debian's {@code python3} with {@code python3-confluent-kafka} and {@code python3-avro}
 * ({@code .ci/run} installs them). Without them the test fails, never skips silently, unless
 * {@code -Dreviewflow.python.tests=skip} opts out. The interpreter is {@code -Dreviewflow.python},
 * else {@code /usr/bin/python3} (where Debian's packages are importable), else {@code python3}.
 *
 * <p>Seen to fail first with writer.py writing python-avro's own fingerprint of the schema
 * ({@code reviewflow_avro.python_avro_fingerprint}) instead of the manifest's: ingest rejected every
 * Python submission as UNDECODABLE_RECORD and nothing was published.
 */
class PythonClientsIT {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern DELIVERED = Pattern.compile("to reviews\\.submitted \\[(\\d+)\\] at offset (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String python;
    /** Why the Python clients cannot run here, when the run opted out of needing them; else null. */
    private static String skipped;
    private static Path examples;
    private static PipelineFixture fixture;
    private static int partitions;

    @BeforeAll
    static void start() throws Exception {
        python = pythonWithClientModules();
        if (python == null) {
            return;
        }
        examples = Samples.directory().getParent().resolve("examples").resolve("python");
        assertTrue(Files.isRegularFile(examples.resolve("writer.py")), "no writer.py in " + examples);
        fixture = new PipelineFixture("python-it");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", fixture.kafka.bootstrapServers()))) {
            partitions = admin.describeTopics(List.of(Topics.SUBMITTED.name())).allTopicNames().get()
                    .get(Topics.SUBMITTED.name()).partitions().size();
        }
    }

    @BeforeEach
    void runOnlyWithPython() {
        // An assumption here, not in @BeforeAll, so an opted-out run reports each test as skipped.
        Assumptions.assumeTrue(skipped == null, skipped);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aReviewSubmittedResentRevisedAndRetractedFromPythonIsPublishedOnceInOrder(@TempDir Path dir) throws IOException {
        // Given revision 1 of a review from Python, on the partition librdkafka's default partitioner
        // picks, which for this review id is not the one Java's murmur2 would pick
        String reviewId = reviewIdOffJavasPartition();
        Path perfection = Samples.path("the-perfection.txt");
        Written first = write("--writer", "python-it", "--review-id", reviewId, perfection.toString());
        assertEquals(crc32Partition(reviewId), first.partition(), "librdkafka's default partitioner (CRC32 of the key)");
        assertNotEquals(murmur2Partition(reviewId), first.partition(), "the review id was chosen off Java's partition");
        assertEquals(60, publishedFor(reviewId, 1).get(0).getScore().getDisplay());

        // When the same submission is resent, revision 2 scores it 8/10, and it is then retracted
        write("--writer", "python-it", "--review-id", reviewId, "--submission-id", first.submissionId(), perfection.toString());
        Path revised = dir.resolve("the-perfection.txt");
        Files.writeString(revised, Files.readString(perfection).replaceFirst("(?m)^score:.*$", "score: 8/10"));
        Written second = write("--writer", "python-it", "--review-id", reviewId, "--action", "REVISE", "--revision", "2",
                revised.toString());
        write("--writer", "python-it", "--review-id", reviewId, "--action", "RETRACT");

        // Then Java reads revision 1, revision 2 and a tombstone: nothing for the resend
        List<PublishedReview> java = publishedFor(reviewId, 3);
        assertEquals(3, java.size(), "r1, r2, tombstone: " + java);
        assertEquals(first.submissionId(), java.get(0).getSubmissionId());
        assertEquals(second.submissionId(), java.get(1).getSubmissionId());
        assertEquals(80, java.get(1).getScore().getDisplay());
        assertEquals("BINGE IT", java.get(1).getVerdict().getLabel());
        assertNull(java.get(2), "the retraction is a tombstone");

        // And reader.py reads the same three events
        List<JsonNode> read = read("--review-id", reviewId, "--max-events", "3");
        assertSameEvent(java.get(0), read.get(0));
        assertSameEvent(java.get(1), read.get(1));
        assertEquals("retracted", read.get(2).path("event").asText(), read.get(2).toString());
        assertEquals(reviewId, read.get(2).path("reviewId").asText());
    }

    @Test
    void aReviewWrittenFromPythonIsRetractedWithJavasPartitioner() {
        // Given revisions 1 and 2 from Python, on librdkafka's partition for the review id
        String reviewId = reviewIdOffJavasPartition();
        String perfection = Samples.path("the-perfection.txt").toString();
        Written first = write("--writer", "python-it", "--review-id", reviewId, perfection);
        Written second = write("--writer", "python-it", "--review-id", reviewId, "--action", "REVISE", "--revision", "2", perfection);

        // When the review is retracted as `reviewflow submit --action RETRACT` does it, which lands on
        // murmur2's partition, not the one the revisions arrived on
        fixture.send(Submissions.of("it-editor", reviewId, null, new byte[0], ReviewAction.RETRACT, 1, Instant.now()));

        // Then the retraction still withdraws the review: which partition a submission arrives on changes
        // nothing (ingest forwards it to the review's home partition; without that it is NOTHING_TO_RETRACT)
        List<PublishedReview> java = publishedFor(reviewId, 3);
        assertEquals(3, java.size(), "r1, r2, tombstone: " + java);
        assertEquals(List.of(first.submissionId(), second.submissionId()),
                java.subList(0, 2).stream().map(PublishedReview::getSubmissionId).toList());
        assertNull(java.get(2), "the retraction is a tombstone");
    }

    @Test
    void samplesFromPythonArePublishedOrRejectedAndReaderPyDecodesBothTopics() {
        // Given a Markdown review and one without a score, written from Python
        String ferryId = "py-ferry-" + UUID.randomUUID();
        String missingId = "py-missing-" + UUID.randomUUID();
        Written ferry = write("--writer", "python-it", "--review-id", ferryId, Samples.path("night-ferry.md").toString());
        Written missing = write("--writer", "python-it", "--review-id", missingId, Samples.path("missing-score.txt").toString());

        // When the pipeline has handled them, Java sees one published and one rejected as MISSING_SCORE
        PublishedReview published = publishedFor(ferryId, 1).get(0);
        ReviewRejection rejection = fixture.rejectionsFor(missing.submissionId(), 1).get(0);
        assertEquals(ferry.submissionId(), published.getSubmissionId());
        assertEquals("MISSING_SCORE", rejection.getReason());
        // The rejection hands back the submission exactly as Python encoded it
        assertEquals(missingId, rejection.getSubmission().getReviewId());
        assertEquals(DocumentFormat.TEXT, rejection.getSubmission().getFormat());
        assertEquals("missing-score.txt", rejection.getSubmission().getSource());
        assertEquals(ByteBuffer.wrap(Samples.bytes("missing-score.txt")), rejection.getSubmission().getDocument());

        // Then reader.py decodes the same events from reviews.published and reviews.rejected
        assertSameEvent(published, read("--review-id", ferryId, "--max-events", "1").get(0));
        JsonNode rejected = read("--topic", "reviews.rejected", "--review-id", missingId, "--max-events", "1").get(0);
        assertEquals("rejected", rejected.path("event").asText(), rejected.toString());
        assertEquals("MISSING_SCORE", rejected.path("reason").asText());
        assertEquals(rejection.getMessage(), rejected.path("message").asText());
        assertEquals(rejection.getStage(), rejected.path("stage").asText());
        assertEquals(missing.submissionId(), rejected.path("submissionId").asText());
        assertTrue(rejected.path("writerSchema").asText().startsWith("ReviewRejection/"), rejected.toString());
    }

    /** Java's view of what was published for the review; on a timeout, says what was rejected for it instead. */
    private static List<PublishedReview> publishedFor(String reviewId, int atLeast) {
        try {
            return fixture.publishedFor(reviewId, atLeast);
        } catch (AssertionError e) {
            List<String> rejected = TopicReader.readAll(fixture.kafka.bootstrapServers(), Topics.REJECTED).stream()
                    .filter(r -> reviewId.equals(r.key()) && r.value() != null)
                    .map(r -> r.value().getReason() + " (" + r.value().getMessage() + ")").toList();
            throw new AssertionError(e.getMessage() + "; rejected for " + reviewId + ": " + rejected, e);
        }
    }

    private static void assertSameEvent(PublishedReview java, JsonNode python) {
        assertEquals("published", python.path("event").asText(), python.toString());
        assertEquals(java.getReviewId(), python.path("reviewId").asText());
        assertEquals(java.getSubmissionId(), python.path("submissionId").asText());
        assertEquals(java.getRevision(), python.path("revision").asInt());
        assertEquals(java.getScore().getDisplay(), python.path("score").asInt());
        assertEquals(java.getVerdict().getLabel(), python.path("verdict").asText());
        assertEquals(java.getSlug(), python.path("slug").asText());
        assertEquals(java.getReview().getTitle(), python.path("title").asText());
        assertTrue(python.path("writerSchema").asText().startsWith("PublishedReview/"), python.toString());
    }

    /** A review id for which librdkafka's partition (CRC32) and Java's (murmur2) differ. */
    private static String reviewIdOffJavasPartition() {
        while (true) {
            String id = "py-lifecycle-" + UUID.randomUUID();
            if (crc32Partition(id) != murmur2Partition(id)) {
                return id;
            }
        }
    }

    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    private static int murmur2Partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private record Written(String submissionId, int partition) {}

    private static Written write(String... args) {
        Run run = runPython("writer.py", args);
        Matcher delivered = DELIVERED.matcher(run.stderr());
        if (run.exitCode() != 0 || !delivered.find()) {
            fail("writer.py " + String.join(" ", args) + " exited " + run.exitCode() + ": " + run.stderr());
        }
        return new Written(run.stdout().strip(), Integer.parseInt(delivered.group(1)));
    }

    private static List<JsonNode> read(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--timeout", Long.toString(PipelineFixture.WAIT.toSeconds())));
        Run run = runPython("reader.py", all.toArray(String[]::new));
        if (run.exitCode() != 0) {
            fail("reader.py " + String.join(" ", all) + " exited " + run.exitCode() + ": " + run.stderr()
                    + "\nstdout: " + run.stdout());
        }
        try {
            List<JsonNode> events = new ArrayList<>();
            for (String line : run.stdout().strip().split("\n")) {
                events.add(JSON.readTree(line));
            }
            return events;
        } catch (IOException e) {
            throw new AssertionError("reader.py printed something other than JSON lines: " + run.stdout(), e);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run runPython(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(python, examples.resolve(script).toString(),
                "--bootstrap-server", fixture.kafka.bootstrapServers()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("python-it-", ".out");
            Path err = Files.createTempFile("python-it-", ".err");
            try {
                // Output to files, not pipes: a full pipe would stall the process while we wait for it.
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    fail(script + " did not finish within " + PROCESS_TIMEOUT + ": " + Files.readString(err));
                }
                return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + script, e);
        }
    }

    /** The interpreter to use; fails when it cannot import the client modules, or returns null when the run opted out. */
    private static String pythonWithClientModules() throws InterruptedException {
        String configured = System.getProperty("reviewflow.python");
        String candidate = configured != null ? configured
                : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        String problem;
        try {
            Process probe = new ProcessBuilder(candidate, "-c", "import confluent_kafka, avro")
                    .redirectErrorStream(true).start();
            // An import error is a few lines: it fits the pipe, so waiting before reading cannot stall.
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                problem = candidate + " did not answer within 30 s";
            } else {
                String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                problem = probe.exitValue() == 0 ? null
                        : candidate + " cannot import confluent_kafka and avro (" + output.lines().reduce((a, b) -> b).orElse("") + ")";
            }
        } catch (IOException e) {
            problem = "no Python interpreter " + candidate + " (" + e.getMessage() + ")";
        }
        if (problem != null) {
            if ("skip".equals(System.getProperty("reviewflow.python.tests"))) {
                skipped = "skipped on request (-Dreviewflow.python.tests=skip): " + problem;
                return null;
            }
            fail("PythonClientsIT runs examples/python against the pipeline, but " + problem
                    + ". Install Debian's python3-confluent-kafka and python3-avro (.ci/run does), point"
                    + " -Dreviewflow.python at an interpreter that has them, or opt out with -Dreviewflow.python.tests=skip");
        }
        return candidate;
    }
}
