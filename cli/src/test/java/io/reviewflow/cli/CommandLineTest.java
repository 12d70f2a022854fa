package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees at the command line: one line per outcome, one line per failure, honest exit codes. */
class CommandLineTest {

    record Run(int exitCode, String out, String err, long millis) {}

    @Test
    void submitToAnUnreachableBrokerFailsInOneLineWithinSeconds() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = run("submit", "--bootstrap-server", "127.0.0.1:" + closedPort, "--writer", "w",
                Samples.path("the-perfection.txt").toString());

        assertEquals(3, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("reviewflow submit: cannot reach Kafka at 127.0.0.1:" + closedPort), run.err());
        // README: a command says so within 5 seconds (its timeout). Seen to fail with an 8 s timeout.
        assertTrue(run.millis() < 7_000, "took " + run.millis() + " ms");
    }

    @Test
    void submitOfAnUnreadableFileFailsBeforeConnecting(@TempDir Path dir) {
        Run run = run("submit", "--bootstrap-server", "127.0.0.1:1", "--writer", "w", dir.resolve("nope.txt").toString());

        assertEquals(2, run.exitCode());
        assertEquals("reviewflow submit: cannot read " + dir.resolve("nope.txt") + ": no such file", run.err().strip());
    }

    @Test
    void submitPrintsOneLinePerFileWithItsIds() {
        String bootstrap = TestKafka.bootstrapServers();
        io.reviewflow.runtime.TopicProvisioner.ensureTopics(io.reviewflow.runtime.KafkaSettings.of(bootstrap),
                io.reviewflow.contract.Topics.ALL, 3, java.util.Optional.empty());

        Run run = run("submit", "--bootstrap-server", bootstrap, "--writer", "cli-writer",
                Samples.path("the-perfection.txt").toString(), Samples.path("night-ferry.md").toString());

        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertEquals(2, lines.length, run.out());
        assertTrue(lines[0].matches("the-perfection\\.txt  submission [0-9a-f-]{36}  review cli-writer-the-perfection"), lines[0]);
        assertTrue(lines[1].matches("night-ferry\\.md  submission [0-9a-f-]{36}  review cli-writer-night-ferry"), lines[1]);
    }

    @Test
    void submitWithWaitReportsEachOutcomeAndExitsNonZeroOnARejection() {
        String bootstrap = TestKafka.bootstrapServers();
        try (PipelineFixture pipeline = new PipelineFixture("submit-wait-it")) {
            Run run = run("submit", "--bootstrap-server", bootstrap, "--writer", "wait-writer-" + System.nanoTime(), "--wait",
                    Samples.path("the-perfection.txt").toString(), Samples.path("missing-score.txt").toString());

            assertEquals(SubmitCommand.REJECTED, run.exitCode(), run.err() + run.out());
            String out = run.out();
            assertTrue(out.lines().anyMatch(l -> l.matches("the-perfection\\.txt  published  The Perfection  60% -> 60 CHILLIN  the-perfection-[0-9a-f]{8}")), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("missing-score.txt  rejected MISSING_SCORE by ingest: ")), out);
        }
    }

    @Test
    void submitTakesDirectoriesAndQuotedGlobs(@TempDir Path dir) throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        io.reviewflow.runtime.TopicProvisioner.ensureTopics(io.reviewflow.runtime.KafkaSettings.of(bootstrap),
                io.reviewflow.contract.Topics.ALL, 3, java.util.Optional.empty());
        Path reviews = Files.createDirectories(dir.resolve("reviews"));
        Files.copy(Samples.path("the-perfection.txt"), reviews.resolve("a.txt"));
        Files.copy(Samples.path("night-ferry.md"), reviews.resolve("b.md"));
        Files.writeString(reviews.resolve("notes.log"), "not a document");

        Run whole = run("submit", "--bootstrap-server", bootstrap, "--writer", "dir-writer", reviews.toString());
        Run globbed = run("submit", "--bootstrap-server", bootstrap, "--writer", "glob-writer", reviews + "/*.md");
        Run nothing = run("submit", "--bootstrap-server", bootstrap, "--writer", "glob-writer", reviews + "/*.json");

        assertEquals(0, whole.exitCode(), whole.err());
        assertEquals(List.of("a.txt", "b.md"), whole.out().lines().map(l -> l.substring(0, l.indexOf(' '))).toList());
        assertEquals(0, globbed.exitCode(), globbed.err());
        assertEquals(List.of("b.md"), globbed.out().lines().map(l -> l.substring(0, l.indexOf(' '))).toList());
        assertEquals(2, nothing.exitCode());
        assertEquals("reviewflow submit: no files match " + reviews + "/*.json", nothing.err().strip());
    }

    @Test
    void tailPrintsCommittedEventsAsJsonLines() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        io.reviewflow.runtime.TopicProvisioner.ensureTopics(io.reviewflow.runtime.KafkaSettings.of(bootstrap),
                io.reviewflow.contract.Topics.ALL, 3, java.util.Optional.empty());
        Run submitted = run("submit", "--bootstrap-server", bootstrap, "--writer", "tail-writer", Samples.path("night-ferry.md").toString());
        assertEquals(0, submitted.exitCode(), submitted.err());

        Run run = run("tail", "reviews.submitted", "--bootstrap-server", bootstrap, "--from-beginning", "--max-events", "1");

        assertEquals(0, run.exitCode(), run.err());
        com.fasterxml.jackson.databind.JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out().strip());
        assertEquals("reviews.submitted", line.get("topic").asText());
        assertTrue(line.get("value").get("submissionId").asText().length() > 0);
        assertTrue(line.get("value").get("document").isTextual(), "UTF-8 documents print as text");
    }

    @Test
    void tailOfAnUnknownTopicSaysWhichTopicsExist() {
        Run run = run("tail", "reviews.nope", "--bootstrap-server", "127.0.0.1:1");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown topic 'reviews.nope'; known: reviews.submitted"), run.err());
    }

    @Test
    void demoPrintsTheTableAndWritesThePages(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("site");

        Run run = run("demo", "--out", site.toString());

        assertEquals(0, run.exitCode(), run.err() + run.out());
        String table = run.out();
        assertTrue(table.lines().anyMatch(l -> l.matches("the-perfection\\.txt\\s+The Perfection\\s+60%\\s+60\\s+CHILLIN\\s+published")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("missing-score\\.txt\\s+rejected MISSING_SCORE: .+")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("score-out-of-range\\.txt\\s+rejected SCORE_OUT_OF_RANGE: .*12/10.*")), table);
        assertTrue(table.contains("Night Ferry") && table.contains("Paper Lanterns") && table.contains("The Quiet Orbit")
                && table.contains("The Long Thaw"), table);
        assertTrue(Files.exists(site.resolve("index.html")));
        long pages = StaticSite.pageNames(site).stream().filter(n -> !n.equals("index.html")).count();
        assertEquals(5, pages, StaticSite.pageNames(site).toString());
        // The event carries no page: the site assembles it, whole, from the event.
        String perfection = Files.readString(site.resolve(StaticSite.pageNames(site).stream()
                .filter(n -> n.startsWith("the-perfection-")).findFirst().orElseThrow()));
        assertTrue(perfection.startsWith("<!doctype html>"), perfection);
        assertTrue(perfection.contains("<title>The Perfection — review</title>"), perfection);
        assertTrue(perfection.contains("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\""), perfection);
        assertTrue(perfection.contains("Most of the acting is quite good."), perfection);
        assertEquals(perfection.indexOf("<style>"), perfection.lastIndexOf("<style>"), "the stylesheet once");
        assertTrue(perfection.indexOf("<style>") > 0, "the stylesheet inlined");
        String index = Files.readString(site.resolve("index.html"));
        assertTrue(index.contains("The Perfection"));
        assertTrue(index.contains("the only review of this work"), "per-work scores reach the site");
        assertFalse(run.err().contains("Exception"), run.err());
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        long start = System.nanoTime();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = ReviewflowCli.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), millis);
    }
}
