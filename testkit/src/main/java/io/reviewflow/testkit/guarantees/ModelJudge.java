package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares what was read back with the model: a pure function, so every rule is in one place
 * and can be read without Kafka in the way. See {@link ModelChecker} for what each count means.
 */
final class ModelJudge {

    private final ReviewModel model;
    private final ReadBack read;
    private final Examples examples = new Examples();

    private ModelJudge(ReviewModel model, ReadBack read) {
        this.model = model;
        this.read = read;
    }

    static GuaranteeReport judge(ReviewModel model, ReadBack read) {
        return new ModelJudge(model, read).report();
    }

    private GuaranteeReport report() {
        Outcomes outcomes = outcomes();
        int intermediateDuplicates = repeated("reviews.ingested", read.ingestedBySubmission)
                + repeated("reviews.scored", read.scoredBySubmission);
        int reordered = 0;
        int afterTombstone = 0;
        for (Map.Entry<String, List<ReadBack.Published>> e : read.publishedByReview.entrySet()) {
            reordered += goesBackwards(e.getKey(), e.getValue()) ? 1 : 0;
            afterTombstone += continuesAfterTombstone(e.getKey(), e.getValue()) ? 1 : 0;
        }
        Set<String> reviews = new HashSet<>(model.stepsByReview().keySet());
        reviews.addAll(read.publishedByReview.keySet());
        int modelMismatches = 0;
        for (String reviewId : reviews) {
            modelMismatches += endsAsModelled(reviewId) ? 0 : 1;
        }
        return new GuaranteeReport(model.submissions().size(), outcomes.published, outcomes.rejected, outcomes.retracted,
                outcomes.resent, outcomes.lost, outcomes.duplicated, outcomes.wrong, reordered, afterTombstone,
                intermediateDuplicates, modelMismatches, examples.lines());
    }

    /** The counts of the promise per submission: each has exactly one outcome of the right kind. */
    private static final class Outcomes {
        int published;
        int rejected;
        int retracted;
        int resent;
        int lost;
        int duplicated;
        int wrong;
    }

    private Outcomes outcomes() {
        Outcomes counts = new Outcomes();
        Map<String, Integer> retractionsByReview = new HashMap<>();
        Set<String> known = new HashSet<>();
        for (ReviewModel.Modelled m : model.submissions()) {
            String id = m.submission().getSubmissionId();
            known.add(id);
            int events = read.publishedBySubmission.getOrDefault(id, 0);
            List<String> reasons = read.rejectionReasonsBySubmission.getOrDefault(id, List.of());
            String what = ReviewModel.describe(m.submission());
            switch (m.expectation()) {
                case DUPLICATE -> counts.resent++;
                case RETRACTED -> {
                    retractionsByReview.merge(m.submission().getReviewId(), 1, Integer::sum);
                    if (events + reasons.size() > 0) {
                        // Its tombstone is its outcome; anything naming its submission id is a second one.
                        counts.duplicated++;
                        examples.add("retraction with another outcome", events + " published, rejections " + reasons + " " + what);
                    }
                }
                case PUBLISHED, REJECTED -> {
                    int outcomes = events + reasons.size();
                    if (outcomes == 0) {
                        counts.lost++;
                        examples.add("lost", m.expectation() + " " + what);
                    } else if (outcomes > 1) {
                        counts.duplicated++;
                        examples.add("duplicated", events + " published, rejections " + reasons + " " + what);
                    } else if (m.expectation() == Expectation.PUBLISHED && events != 1) {
                        counts.wrong++;
                        examples.add("wrong", "expected published, got rejection " + reasons + " " + what);
                    } else if (m.expectation() == Expectation.REJECTED && !reasons.equals(List.of(m.reason()))) {
                        counts.wrong++;
                        examples.add("wrong", "expected rejection " + m.reason() + ", got "
                                + (events > 0 ? "published" : reasons) + " " + what);
                    } else if (m.expectation() == Expectation.REJECTED
                            && !read.handedBackBySubmission.get(id).equals(List.of(m.submission()))) {
                        // DESIGN.md: a rejection lets the writer get back exactly what they sent, whichever stage rejects.
                        counts.wrong++;
                        examples.add("wrong", "rejection " + m.reason() + " does not hand back what was sent ("
                                + handedBack(read.handedBackBySubmission.get(id)) + " for " + m.submission().getDocument().remaining()
                                + " bytes sent) " + what);
                    } else if (m.expectation() == Expectation.PUBLISHED) {
                        counts.published++;
                    } else {
                        counts.rejected++;
                    }
                }
            }
        }
        retractionsByReview.forEach((reviewId, expected) -> {
            int tombstones = read.tombstonesByReview.getOrDefault(reviewId, 0);
            if (tombstones == expected) {
                counts.retracted += tombstones;
            } else if (tombstones < expected) {
                counts.lost += expected - tombstones;
                examples.add("lost", "retraction of " + reviewId);
            } else {
                counts.duplicated += tombstones - expected;
                examples.add("duplicated", tombstones + " tombstones for " + expected + " retraction(s) of " + reviewId);
            }
        });
        for (Map<String, ?> outcomesById : List.of(read.publishedBySubmission, read.rejectionReasonsBySubmission)) {
            for (String id : outcomesById.keySet()) {
                if (!known.contains(id)) {
                    counts.wrong++;
                    examples.add("wrong", "an outcome for submission " + id + ", which this run never sent");
                }
            }
        }
        return counts;
    }

    private static String handedBack(List<ReviewSubmission> submissions) {
        return submissions.stream().map(s -> s.getDocument().remaining() + " bytes").toList() + " handed back";
    }

    private int repeated(String topic, Map<String, Integer> countsBySubmission) {
        int repeated = 0;
        for (Map.Entry<String, Integer> e : countsBySubmission.entrySet()) {
            if (e.getValue() > 1) {
                repeated++;
                examples.add("intermediate duplicate", "submission " + e.getKey() + " " + e.getValue() + " times on " + topic);
            }
        }
        return repeated;
    }

    /** Revisions only move forward, across tombstones too: a re-created review publishes a higher one. */
    private boolean goesBackwards(String reviewId, List<ReadBack.Published> sequence) {
        int last = 0;
        for (ReadBack.Published p : sequence) {
            if (p != null) {
                if (p.revision() <= last) {
                    examples.add("reordered", reviewId + " revisions " + revisions(sequence));
                    return true;
                }
                last = p.revision();
            }
        }
        return false;
    }

    /**
     * After its k-th tombstone a review may only be published again by a submission the model
     * places after its k-th retraction: a later accepted revision that re-creates it.
     */
    private boolean continuesAfterTombstone(String reviewId, List<ReadBack.Published> sequence) {
        List<ReviewModel.Step> steps = model.stepsByReview().getOrDefault(reviewId, List.of());
        int tombstones = 0;
        for (ReadBack.Published p : sequence) {
            if (p == null) {
                tombstones++;
            } else if (tombstones > 0 && indexOf(steps, p.submissionId()) < indexOfTombstone(steps, tombstones)) {
                examples.add("after tombstone", reviewId + " revisions " + revisions(sequence) + ", submission " + p.submissionId());
                return true;
            }
        }
        return false;
    }

    private static int indexOf(List<ReviewModel.Step> steps, String submissionId) {
        for (int i = 0; i < steps.size(); i++) {
            if (submissionId.equals(steps.get(i).submissionId())) {
                return i;
            }
        }
        return -1;
    }

    /** Where the model's {@code nth} tombstone is; past the end if it has fewer. */
    private static int indexOfTombstone(List<ReviewModel.Step> steps, int nth) {
        int seen = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).tombstone() && ++seen == nth) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The compacted state a site rebuilds from: the last value of the review, against the model's. */
    private boolean endsAsModelled(String reviewId) {
        List<ReadBack.Published> sequence = read.publishedByReview.getOrDefault(reviewId, List.of());
        boolean expectedPresent = !model.stepsByReview().getOrDefault(reviewId, List.of()).isEmpty();
        ScoredReview expected = model.liveByReview().get(reviewId);
        String expectedText = !expectedPresent ? "absent" : expected == null ? "a tombstone" : "live";
        if (sequence.isEmpty() || sequence.get(sequence.size() - 1) == null) {
            String actualText = sequence.isEmpty() ? "absent" : "a tombstone";
            if (!actualText.equals(expectedText)) {
                examples.add("model mismatch", reviewId + " ends " + actualText + ", the model says " + expectedText);
                return false;
            }
            return true;
        }
        ReadBack.Published actual = sequence.get(sequence.size() - 1);
        if (expected == null) {
            examples.add("model mismatch", reviewId + " ends live at revision " + actual.revision() + ", the model says " + expectedText);
            return false;
        }
        List<String> differences = differences(expected, actual);
        if (!differences.isEmpty()) {
            examples.add("model mismatch", reviewId + ": " + String.join("; ", differences));
            return false;
        }
        return true;
    }

    private static List<String> differences(ScoredReview expected, ReadBack.Published actual) {
        List<String> differences = new ArrayList<>();
        compare(differences, "submission id", expected.getSubmission().getSubmissionId(), actual.submissionId());
        compare(differences, "writer", expected.getSubmission().getWriterId(), actual.writerId());
        compare(differences, "revision", expected.getSubmission().getRevision(), actual.revision());
        compare(differences, "score display", expected.getScore().getDisplay(), actual.score().getDisplay());
        compare(differences, "score exact", expected.getScore().getExact(), actual.score().getExact());
        compare(differences, "verdict label", expected.getVerdict().getLabel(), actual.verdict().getLabel());
        if (differences.isEmpty()) {
            // The rest of what the model knows: raw score and scale, writer's label, the parsed document.
            compare(differences, "score", expected.getScore(), actual.score());
            compare(differences, "verdict", expected.getVerdict(), actual.verdict());
            if (!Objects.equals(expected.getReview(), actual.review())) {
                differences.add("review content differs from the model's parse of submission " + actual.submissionId());
            }
        }
        return differences;
    }

    private static void compare(List<String> differences, String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add(field + " " + actual + ", model " + expected);
        }
    }

    private static List<String> revisions(List<ReadBack.Published> sequence) {
        return sequence.stream().map(p -> p == null ? "tombstone" : Integer.toString(p.revision())).toList();
    }
}
