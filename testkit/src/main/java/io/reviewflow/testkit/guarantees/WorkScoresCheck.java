package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.WorkScore;
import io.reviewflow.contract.Topics;
import io.reviewflow.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Holds the final state of {@code works.scores} (the last value per work, as a site rebuilds it
 * from the compacted topic, {@code read_committed}) against a recomputation ({@link WorkScoring}),
 * for the works whose keys start with a run's prefix. The title and platform are not compared: they
 * are as written in whichever review changed the work last, which depends on processing order; the
 * work key they name is.
 */
public final class WorkScoresCheck {

    private final String bootstrapServers;

    public WorkScoresCheck(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Reads {@code works.scores} until its works under {@code workKeyPrefix} are {@code expected}
     * (the service commits every few hundred milliseconds) or {@code timeout} passes; returns every
     * difference left, empty when they agree.
     */
    public List<String> awaitMatching(Map<String, WorkScore> expected, String workKeyPrefix, Duration timeout) {
        try {
            TopicReader.readUntil(bootstrapServers, Topics.WORK_SCORES,
                    read -> mismatches(expected, latest(read, workKeyPrefix)).isEmpty(), timeout);
            return List.of();
        } catch (AssertionError timedOut) {
            return mismatches(expected, latest(TopicReader.readAll(bootstrapServers, Topics.WORK_SCORES), workKeyPrefix));
        }
    }

    private static Map<String, WorkScore> latest(List<TopicReader.Read<WorkScore>> read, String workKeyPrefix) {
        Map<String, WorkScore> latest = new HashMap<>();
        for (TopicReader.Read<WorkScore> record : read) {
            if (record.key() != null && record.key().startsWith(workKeyPrefix)) {
                latest.put(record.key(), record.value()); // a tombstone leaves null: the work is gone
            }
        }
        return latest;
    }

    static List<String> mismatches(Map<String, WorkScore> expected, Map<String, WorkScore> actual) {
        List<String> problems = new ArrayList<>();
        actual.forEach((key, got) -> {
            if (got != null && !expected.containsKey(key)) {
                problems.add(key + ": published, but the model has no review of it: " + got);
            }
        });
        expected.forEach((key, want) -> {
            WorkScore got = actual.get(key);
            if (got == null) {
                problems.add(key + ": expected " + describe(want) + ", found none");
            } else if (!key.equals(got.getWorkKey()) || got.getReviewCount() != want.getReviewCount()
                    || got.getMeanDisplay() != want.getMeanDisplay() || got.getMeanExact() != want.getMeanExact()
                    || !Objects.equals(got.getVerdict(), want.getVerdict()) || !Objects.equals(got.getScaleName(), want.getScaleName())) {
                problems.add(key + ": expected " + describe(want) + ", found " + describe(got));
            }
        });
        return problems;
    }

    private static String describe(WorkScore score) {
        return score.getWorkKey() + " " + score.getReviewCount() + " review(s), mean " + score.getMeanExact() + " ("
                + score.getMeanDisplay() + ", " + score.getVerdict() + " on " + score.getScaleName() + ")";
    }
}
