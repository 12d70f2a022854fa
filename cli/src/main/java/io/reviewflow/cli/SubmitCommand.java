package io.reviewflow.cli;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.runtime.KafkaSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit review documents to reviews.submitted; prints one line per file with its ids.")
final class SubmitCommand implements Callable<Integer> {

    /**
     * What the broker takes in one record, less room for the envelope. Larger documents fail here;
     * anything under it reaches ingest, which rejects documents over its own, smaller limit with a reason.
     */
    static final long MAX_FILE_BYTES = 1_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "Kafka to submit to.")
    String bootstrapServer;

    @Option(names = "--writer", required = true, paramLabel = "ID", description = "The writer's id.")
    String writer;

    @Option(names = "--review-id", paramLabel = "ID",
            description = "Review id (default: derived from writer and file name); required for --action retract.")
    String reviewId;

    @Option(names = "--action", defaultValue = "SUBMIT", description = "SUBMIT, REVISE or RETRACT (default ${DEFAULT-VALUE}).")
    ReviewAction action;

    @Option(names = "--revision", defaultValue = "1", description = "Revision number; higher supersedes (default ${DEFAULT-VALUE}).")
    int revision;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Any Kafka client property (repeatable).")
    Map<String, String> properties = Map.of();

    @Option(names = "--wait", description = "Wait for each submission to be published or rejected and print the outcome; "
            + "exits 5 if any was rejected.")
    boolean waitForOutcome;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "With --wait: how long to wait for the outcomes (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Documents: house text (.txt), Markdown (.md) or JSON (.json); "
            + "a directory means every such document in it, and a quoted glob ('reviews/*.md') is expanded.")
    List<String> files = List.of();

    @Override
    public Integer call() {
        List<ReviewSubmission> submissions = prepare();
        PrintWriter out = spec.commandLine().getOut();
        try (SubmissionSender sender = SubmissionSender.connect(
                new KafkaSettings(bootstrapServer, SubmissionSender.TIMEOUT, properties))) {
            ProgressBar progress = ProgressBar.forCount("submitting", submissions.size());
            for (ReviewSubmission submission : submissions) {
                sender.send(submission);
                out.printf("%s  submission %s  review %s%n",
                        submission.getSource() == null ? "(retraction)" : submission.getSource(),
                        submission.getSubmissionId(), submission.getReviewId());
                out.flush();
                progress.advance();
            }
            progress.done();
        }
        return waitForOutcome ? report(submissions, out) : 0;
    }

    /** Prints each outcome on one line; any rejection (or missing outcome) makes the exit code non-zero. */
    private int report(List<ReviewSubmission> submissions, PrintWriter out) {
        KafkaSettings kafka = new KafkaSettings(bootstrapServer, SubmissionSender.TIMEOUT, properties);
        Map<String, ReviewSubmission> byId = new java.util.LinkedHashMap<>();
        submissions.forEach(s -> byId.put(s.getSubmissionId(), s));
        // Each outcome is printed as it arrives, so a long batch shows progress and early rejections at once.
        Map<String, OutcomeTracker.Outcome> outcomes = OutcomeTracker.awaitAll(kafka, submissions.stream()
                .map(s -> new OutcomeTracker.Awaited(s.getSubmissionId(), s.getReviewId(), s.getAction() == ReviewAction.RETRACT,
                        s.getSubmittedAt().toEpochMilli()))
                .toList(), java.time.Duration.ofSeconds(timeoutSeconds), (id, outcome) -> {
                    out.println(describe(byId.get(id), outcome));
                    out.flush();
                });
        int exit = 0;
        for (ReviewSubmission submission : submissions) {
            OutcomeTracker.Outcome outcome = outcomes.get(submission.getSubmissionId());
            if (outcome == null) {
                out.printf("%s  no outcome within %d s%n", nameOf(submission), timeoutSeconds);
                exit = Math.max(exit, UserFacingException.TIMED_OUT);
            } else if (!outcome.isPublished() && !outcome.isRetracted()) {
                exit = Math.max(exit, REJECTED);
            }
        }
        out.flush();
        return exit;
    }

    private static String nameOf(ReviewSubmission submission) {
        return submission.getSource() == null ? "(retraction of " + submission.getReviewId() + ")" : submission.getSource();
    }

    private static String describe(ReviewSubmission submission, OutcomeTracker.Outcome outcome) {
        String name = nameOf(submission);
        if (outcome.isRetracted()) {
            return name + "  retracted";
        }
        if (outcome.isPublished()) {
            var p = outcome.published();
            return String.format("%s  published  %s  %s -> %d %s  %s", name, p.getReview().getTitle(), p.getReview().getRawScore(),
                    p.getScore().getDisplay(), p.getVerdict().getLabel(), p.getSlug());
        }
        var r = outcome.rejection();
        return String.format("%s  rejected %s by %s: %s", name, r.getReason(), r.getStage(), r.getMessage());
    }

    /** Exit code of {@code submit --wait} when a submission was rejected. */
    static final int REJECTED = 5;

    /** Reads every file first: one unreadable file fails the command before anything is sent. */
    private List<ReviewSubmission> prepare() {
        if (revision < 1) {
            throw new UserFacingException("--revision must be 1 or more", UserFacingException.UNREADABLE_INPUT);
        }
        Instant now = Instant.now();
        List<ReviewSubmission> submissions = new ArrayList<>();
        if (action == ReviewAction.RETRACT) {
            if (reviewId == null || !files.isEmpty()) {
                throw new UserFacingException("--action RETRACT takes --review-id and no files", UserFacingException.UNREADABLE_INPUT);
            }
            submissions.add(Submissions.of(writer, reviewId, null, new byte[0], action, revision, now));
            return submissions;
        }
        if (files.isEmpty()) {
            throw new UserFacingException("no files to submit", UserFacingException.UNREADABLE_INPUT);
        }
        if (reviewId != null && files.size() > 1) {
            throw new UserFacingException("--review-id names one review: give one file", UserFacingException.UNREADABLE_INPUT);
        }
        List<Path> documents = DocumentPaths.expand(files);
        if (reviewId != null && documents.size() > 1) {
            throw new UserFacingException("--review-id names one review: give one file", UserFacingException.UNREADABLE_INPUT);
        }
        for (Path file : documents) {
            submissions.add(Submissions.of(writer, reviewId, file.getFileName().toString(), read(file), action, revision, now));
        }
        return submissions;
    }

    private static byte[] read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new UserFacingException("cannot read " + file + ": it is a directory", UserFacingException.UNREADABLE_INPUT);
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new UserFacingException("cannot submit " + file + ": " + size + " bytes is over the "
                        + MAX_FILE_BYTES + "-byte limit of a submission", UserFacingException.UNREADABLE_INPUT);
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserFacingException("cannot read " + file + ": no such file", UserFacingException.UNREADABLE_INPUT, e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserFacingException("cannot read " + file + ": permission denied", UserFacingException.UNREADABLE_INPUT, e);
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + file + ": " + OneLine.of(e), UserFacingException.UNREADABLE_INPUT, e);
        }
    }
}
