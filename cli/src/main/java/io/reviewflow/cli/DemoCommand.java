package io.reviewflow.cli;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicReader;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.scoring.works.service.WorksService;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on an embedded broker, submit the bundled samples, print what became "
                + "of each and write the rendered pages.")
final class DemoCommand implements Callable<Integer> {

    private static final String SAMPLES = "/io/reviewflow/cli/samples/";
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(90);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "site", paramLabel = "DIR", description = "Where to write the pages (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--verdict-scale", defaultValue = "house", paramLabel = "NAME|FILE",
            description = "Verdict scale: house, aggregator, fresh-rotten or a JSON file (default ${DEFAULT-VALUE}).")
    String verdictScale;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter console = spec.commandLine().getOut();
        VerdictScale scale = VerdictScale.resolve(verdictScale);
        long started = System.nanoTime();
        console.println("Starting an embedded Kafka broker (KRaft, 127.0.0.1)...");
        console.flush();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral())) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            console.println("Broker at " + broker.bootstrapServers() + "; starting ingest, scoring, publish and works...");
            console.flush();
            try (Pipeline pipeline = Pipeline.start(kafka, "demo", partitions, scale);
                 Pipeline works = Pipeline.start(kafka, partitions, WorksService.create(StageSettings.defaults(kafka, "demo"), scale))) {
                Map<String, String> documentBySubmission = submitSamples(kafka, console);
                Map<String, OutcomeTracker.Outcome> outcomes =
                        OutcomeTracker.await(kafka, documentBySubmission.keySet(), OUTCOME_TIMEOUT);
                long publishedCount = outcomes.values().stream().filter(OutcomeTracker.Outcome::isPublished).count();
                // Wait for the per-work scores first, so the site's index can show them.
                List<String[]> workRows = workRows(kafka, publishedCount);
                int pages;
                try (StaticSite site = new StaticSite(kafka, out)) {
                    pages = site.catchUp(Duration.ofSeconds(30));
                }
                console.println();
                printTable(console, documentBySubmission, outcomes);
                console.println();
                console.println("WORK SCORES (works.scores: mean of the latest revision of every review of a work)");
                printRows(console, workRows);
                console.println();
                console.printf("%d page(s) written; open %s%n", pages, this.out.toAbsolutePath().normalize().resolve(StaticSite.INDEX));
                console.printf("Done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
                console.flush();
                if (outcomes.size() != documentBySubmission.size()) {
                    throw new UserFacingException((documentBySubmission.size() - outcomes.size())
                            + " sample(s) had no outcome within " + OUTCOME_TIMEOUT.toSeconds() + " s", UserFacingException.TIMED_OUT);
                }
            }
        }
        return 0;
    }

    /** The per-work aggregate on works.scores as table rows, once every published review is counted in it. */
    private static List<String[]> workRows(KafkaSettings kafka, long publishedReviews) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"WORK", "PLATFORM", "REVIEWS", "MEAN", "VERDICT"});
        List<TopicReader.Read<WorkScore>> read;
        try {
            read = TopicReader.readUntil(kafka, Topics.WORK_SCORES, r -> latestByWork(r).values().stream()
                    .mapToLong(WorkScore::getReviewCount).sum() >= publishedReviews, Duration.ofSeconds(60));
        } catch (io.reviewflow.runtime.KafkaUnavailableException e) {
            rows.add(new String[] {"(not ready: " + e.getMessage() + ")", "", "", "", ""});
            return rows;
        }
        latestByWork(read).values().forEach(w -> rows.add(new String[] {w.getTitle(),
                w.getPlatform() == null ? "" : w.getPlatform(), Integer.toString(w.getReviewCount()),
                Integer.toString(w.getMeanDisplay()), w.getVerdict()}));
        return rows;
    }

    private static Map<String, WorkScore> latestByWork(List<TopicReader.Read<WorkScore>> read) {
        Map<String, WorkScore> latest = new java.util.TreeMap<>();
        for (TopicReader.Read<WorkScore> r : read) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }

    private Map<String, String> submitSamples(KafkaSettings kafka, PrintWriter out) {
        Map<String, String> documentBySubmission = new LinkedHashMap<>();
        Instant now = Instant.now();
        try (SubmissionSender sender = SubmissionSender.connect(kafka)) {
            for (String name : sampleNames()) {
                ReviewSubmission submission = Submissions.of("demo", null, name, sample(name), ReviewAction.SUBMIT, 1, now);
                sender.send(submission);
                documentBySubmission.put(submission.getSubmissionId(), name);
            }
        }
        out.println("Submitted " + documentBySubmission.size() + " sample documents; waiting for each to be published or rejected...");
        out.flush();
        return documentBySubmission;
    }

    static void printTable(PrintWriter out, Map<String, String> documentBySubmission, Map<String, OutcomeTracker.Outcome> outcomes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DOCUMENT", "TITLE", "RAW SCORE", "SCORE", "VERDICT", "OUTCOME"});
        documentBySubmission.forEach((submissionId, document) -> {
            OutcomeTracker.Outcome outcome = outcomes.get(submissionId);
            if (outcome == null) {
                rows.add(new String[] {document, "", "", "", "", "NO OUTCOME (timed out)"});
            } else if (outcome.isPublished()) {
                PublishedReview p = outcome.published();
                rows.add(new String[] {document, p.getReview().getTitle(), p.getReview().getRawScore(),
                        Integer.toString(p.getScore().getDisplay()), p.getVerdict().getLabel(),
                        p.getVerdict().getLabelMismatch() ? "published (writer said " + p.getVerdict().getWriterLabel() + ")" : "published"});
            } else {
                ReviewRejection r = outcome.rejection();
                rows.add(new String[] {document, "", "", "", "", "rejected " + r.getReason() + ": " + r.getMessage()});
            }
        });
        printRows(out, rows);
    }

    /** Columns padded to their widest cell; the last column is left ragged. */
    private static void printRows(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static List<String> sampleNames() {
        return new String(sample("index.txt"), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    static byte[] sample(String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLES + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled sample " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
