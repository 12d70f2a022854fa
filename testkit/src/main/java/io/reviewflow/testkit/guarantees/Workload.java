package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.testkit.Samples;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A mixed load of submissions whose outcomes are known in advance: valid reviews in all three
 * formats (Markdown with and without front matter), invalid ones (rejected by ingest or by scoring), revisions, resends of the same
 * submission, stale revisions and retractions. Each review's submissions are in the order a
 * writer would send them; reviews are interleaved.
 */
public final class Workload {

    private static final String[] VALID = {"the-perfection.txt", "the-quiet-orbit.txt", "night-ferry.md", "paper-lanterns.json",
            "front-matter.md"};
    private static final String[] SCORES = {"60%", "7,5/10", "4/5", "★★★½", "B+", "thumbs up", "3.5 stars", "12 out of 20"};

    private final String runId;
    private final List<PlannedSubmission> planned;

    private Workload(String runId, List<PlannedSubmission> planned) {
        this.runId = runId;
        this.planned = List.copyOf(planned);
    }

    /**
     * A run id for {@code scenario} that no earlier run has used: the scenario's name and a random
     * suffix. Every review id of the run starts with it, so the suite can run again and again
     * against one cluster and read back only its own run.
     */
    public static String freshRunId(String scenario) {
        return scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The prefix of every review id in this run; readers filter the topics by it. */
    public String reviewIdPrefix() {
        return runId + "-";
    }

    /** A review id of this run, for submissions a scenario adds by hand. */
    public String reviewId(String suffix) {
        return reviewIdPrefix() + suffix;
    }

    /** This workload with {@code extra} submissions spread evenly through it. */
    public Workload with(List<PlannedSubmission> extra) {
        List<PlannedSubmission> all = new ArrayList<>(planned);
        for (int i = 0; i < extra.size(); i++) {
            int at = (int) ((long) all.size() * (i + 1) / (extra.size() + 1));
            all.add(at, extra.get(i));
        }
        return new Workload(runId, all);
    }

    /** This workload with {@code extra} submissions sent after all of it, in the order given. */
    public Workload followedBy(List<PlannedSubmission> extra) {
        List<PlannedSubmission> all = new ArrayList<>(planned);
        all.addAll(extra);
        return new Workload(runId, all);
    }

    /** A valid submission for a new review with this id, expected to end as {@code expectation}. */
    public static PlannedSubmission validSubmission(String reviewId, Expectation expectation, String reason, long seed) {
        PlannedSubmission valid = valid(reviewId, 1, ReviewAction.SUBMIT, new SplittableRandom(seed));
        return new PlannedSubmission(valid.submission(), expectation, reason);
    }

    public List<PlannedSubmission> submissions() {
        return planned;
    }

    public int size() {
        return planned.size();
    }

    /**
     * About {@code submissions} submissions over review ids prefixed {@code runId} (see
     * {@link #freshRunId}), from a seed so a failing run can be replayed: the run id changes
     * the ids, never what is sent.
     */
    public static Workload generate(String runId, int submissions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<PlannedSubmission>> perReview = new ArrayList<>();
        int count = 0;
        int review = 0;
        while (count < submissions) {
            List<PlannedSubmission> sequence = reviewSequence(runId + "-" + review++, random);
            perReview.add(sequence);
            count += sequence.size();
        }
        // Interleave reviews while keeping each review's own order, as many writers would.
        List<PlannedSubmission> all = new ArrayList<>(count);
        int[] next = new int[perReview.size()];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < perReview.size(); i++) {
            open.add(i);
        }
        while (!open.isEmpty()) {
            int pick = random.nextInt(Math.min(open.size(), 64));
            int r = open.get(pick);
            all.add(perReview.get(r).get(next[r]++));
            if (next[r] == perReview.get(r).size()) {
                open.remove(pick);
            }
        }
        return new Workload(runId, all);
    }

    private static List<PlannedSubmission> reviewSequence(String reviewId, SplittableRandom random) {
        List<PlannedSubmission> sequence = new ArrayList<>();
        double kind = random.nextDouble();
        if (kind < 0.02) {
            sequence.add(planned(reviewId, 1, ReviewAction.SUBMIT, "missing-score.txt", bytes("missing-score.txt"),
                    Expectation.REJECTED, "MISSING_SCORE"));
            return sequence;
        }
        if (kind < 0.04) {
            sequence.add(planned(reviewId, 1, ReviewAction.SUBMIT, "score-out-of-range.txt", bytes("score-out-of-range.txt"),
                    Expectation.REJECTED, "SCORE_OUT_OF_RANGE"));
            return sequence;
        }
        if (kind < 0.05) {
            sequence.add(planned(reviewId, 1, ReviewAction.SUBMIT, "empty.txt", new byte[0], Expectation.REJECTED, "EMPTY_DOCUMENT"));
            return sequence;
        }
        PlannedSubmission first = valid(reviewId, 1, ReviewAction.SUBMIT, random);
        sequence.add(first);
        if (random.nextDouble() < 0.05) {
            sequence.add(new PlannedSubmission(first.submission(), Expectation.DUPLICATE, null));
        }
        int revision = 1;
        if (random.nextDouble() < 0.2) {
            sequence.add(valid(reviewId, ++revision, ReviewAction.REVISE, random));
            if (random.nextDouble() < 0.25) {
                PlannedSubmission stale = valid(reviewId, 1, ReviewAction.REVISE, random);
                sequence.add(new PlannedSubmission(stale.submission(), Expectation.REJECTED, "STALE_REVISION"));
            }
        }
        if (random.nextDouble() < 0.05) {
            sequence.add(planned(reviewId, revision, ReviewAction.RETRACT, null, new byte[0], Expectation.RETRACTED, null));
        }
        return sequence;
    }

    private static PlannedSubmission valid(String reviewId, int revision, ReviewAction action, SplittableRandom random) {
        String name = VALID[random.nextInt(VALID.length)];
        String text = new String(bytes(name), StandardCharsets.UTF_8);
        String score = SCORES[random.nextInt(SCORES.length)];
        text = switch (name) {
            case "night-ferry.md" -> text.replaceFirst("(?m)^\\*\\*Rating:\\*\\*.*$", "**Rating:** " + score);
            case "paper-lanterns.json" -> text.replaceFirst("\"score\": \"[^\"]*\"", "\"score\": \"" + score + "\"");
            case "front-matter.md" -> text.replaceFirst("(?m)^rating:.*$", "rating: \"" + score + "\"");
            default -> text.replaceFirst("(?m)^(score|Rating):.*$", "score: " + score);
        };
        return planned(reviewId, revision, action, name, text.getBytes(StandardCharsets.UTF_8), Expectation.PUBLISHED, null);
    }

    private static PlannedSubmission planned(String reviewId, int revision, ReviewAction action, String source, byte[] document,
                                             Expectation expectation, String reason) {
        ReviewSubmission submission = ReviewSubmission.newBuilder()
                .setSubmissionId(UUID.randomUUID().toString())
                .setReviewId(reviewId)
                .setWriterId("guarantee-suite")
                .setAction(action)
                .setRevision(revision)
                .setFormat(null)
                .setDocument(ByteBuffer.wrap(document))
                .setSource(source)
                .setSubmittedAt(Instant.now())
                .build();
        return new PlannedSubmission(submission, expectation, reason);
    }

    private static final java.util.Map<String, byte[]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static byte[] bytes(String sample) {
        return CACHE.computeIfAbsent(sample, Samples::bytes);
    }
}
