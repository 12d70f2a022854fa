package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.contract.Topics;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.guarantees.WorkScoresCheck;
import io.reviewflow.testkit.guarantees.WorkScoring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work scores survive a crash and rebalances: an instance in a JVM of its own is SIGKILLed
 * in the middle of a stream of submits, revisions and retractions; a successor with empty local
 * state takes over, a second instance joins, and the successor leaves, each time with records
 * still arriving, so every store must come back from its changelog, more than once. At the end
 * {@code works.scores} must hold exactly what a recomputation of the stream sent gives, with the
 * service's own {@link WorkScorer}: no review lost, none counted twice.
 */
class WorkScoresCrashIT {

    private static final int WORKS = 24;
    private static final int REVIEWS = 240;
    private static final int EVENTS = 3_000;
    private static final int CHUNK = 100;
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final VerdictScale HOUSE = VerdictScale.preset("house");
    private static final WorkScorer SCORER = new WorkScorer(HOUSE);
    /** What works.scores must hold, recomputed with the service's own logic (the test kit's works model check). */
    private static final WorkScoring MODEL =
            new WorkScoring(SCORER::contributionOf, WorkScorer::emptyTally, SCORER::add, SCORER::scoreOf);

    @TempDir
    Path temp;

    @Test
    void killedAndRebalancedMidStreamItCountsEveryReviewExactlyOnce() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        KafkaSettings kafka = KafkaSettings.of(bootstrap);
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, PARTITIONS, Optional.empty());
        String p = "crash" + UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "works-crash-it-" + p;
        String instanceId = "crash-it";
        List<Event> events = new ReviewStream(p, new Random(Long.getLong("reviewflow.seed", 20261126L))).events(EVENTS);

        try (WorkScoresTopics topics = new WorkScoresTopics(bootstrap)) {
            // Given an instance in its own JVM that has processed the first records of the stream
            Path childLog = temp.resolve("child.log");
            Process child = startChild(bootstrap, applicationId, instanceId, temp.resolve("state-killed"), childLog);
            GatedSender sender = new GatedSender(topics, events);
            WorkScoresService successor = null;
            WorkScoresService joiner = null;
            try {
                sender.start();
                sender.release(1);
                topics.awaitWorks(p, works -> {
                    if (!child.isAlive()) {
                        throw new AssertionError("the instance exited with " + child.exitValue() + ":\n" + readQuietly(childLog));
                    }
                    return !works.isEmpty();
                }, WAIT);

                // When it is killed (SIGKILL: no commit, no goodbye) while records keep arriving
                sender.releaseAndAwait(6);
                assertTrue(child.isAlive(), "the instance died before it was killed:\n" + readQuietly(childLog));
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                int sentAtKill = sender.sent();

                // and an instance with the same id but a fresh state directory takes over, records still arriving
                successor = WorkScoresService.create(WorkScoresSettings.defaults(kafka, instanceId)
                        .withApplicationId(applicationId).withStateDir(temp.resolve("state-successor")), HOUSE);
                successor.start();
                sender.releaseAndAwait(14);
                awaitRunning(successor);

                // and a second instance joins (a rebalance shares the partitions out, with their state)
                joiner = WorkScoresService.create(WorkScoresSettings.defaults(kafka, "crash-it-joiner")
                        .withApplicationId(applicationId).withStateDir(temp.resolve("state-joiner")), HOUSE);
                joiner.start();
                sender.releaseAndAwait(22);
                awaitRunning(joiner);

                // and the successor leaves (a rebalance hands everything to the joiner), with the rest of the stream
                sender.release(Integer.MAX_VALUE);
                int sentAtLeave = sender.sent();
                successor.stop();
                assertFalse(successor.termination().isCompletedExceptionally(), "the successor failed");
                sender.join();
                sender.rethrow();
                awaitCaughtUp(kafka, applicationId);

                // Then every work's score is what the stream sent says it must be: the latest record of
                // every review, recomputed from scratch with the service's own WorkScorer
                Map<String, WorkScore> expected = MODEL.recompute(latestByReview(events));
                assertEquals(List.of(), new WorkScoresCheck(bootstrap).awaitMatching(expected, p, WAIT));
                Map<String, WorkScore> actual = topics.awaitWorks(p, works -> true, WAIT);
                actual.forEach((key, score) -> assertTrue(score == null || WorkKey.of(score.getTitle(), score.getPlatform()).equals(key),
                        key + " is named by the title and platform it carries: " + score));
                assertTrue(sentAtKill < EVENTS && sentAtLeave < EVENTS, "the stream had ended: " + sentAtKill + ", " + sentAtLeave);
                assertTrue(expected.size() > WORKS / 2, "too few works left to prove much: " + expected.size());
                assertFalse(joiner.termination().isDone(), "the joiner stopped");
            } finally {
                sender.interrupt();
                child.destroyForcibly();
                for (WorkScoresService service : Arrays.asList(successor, joiner)) {
                    if (service != null) {
                        service.stop();
                    }
                }
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void awaitRunning(WorkScoresService service) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (service.state() != KafkaStreams.State.RUNNING) {
            assertFalse(service.termination().isDone(), service.settings().instanceId() + " stopped");
            assertTrue(System.nanoTime() < deadline, service.settings().instanceId() + " is not running: " + service.state());
            Thread.sleep(20);
        }
    }

    /** One record for reviews.scored and the partition it goes to (fixed per review, as hashing the key would). */
    private record Event(int partition, ScoredReview scored) {}

    /**
     * A seeded stream over {@value #REVIEWS} reviews of {@value #WORKS} works: submits, revisions
     * (some moving the review to another work) and retractions, titles typed in several ways, and
     * each work's reviews spread over every partition.
     */
    private static final class ReviewStream {
        private final String prefix;
        private final Random random;
        private final int[] revision = new int[REVIEWS];
        private final boolean[] live = new boolean[REVIEWS];
        private final int[] work = new int[REVIEWS];

        ReviewStream(String prefix, Random random) {
            this.prefix = prefix;
            this.random = random;
            for (int r = 0; r < REVIEWS; r++) {
                work[r] = r % WORKS;
            }
        }

        List<Event> events(int count) {
            List<Event> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int r = random.nextInt(REVIEWS);
                String reviewId = prefix + "-r" + r;
                // Review r is the (r / WORKS)-th review of its first work: consecutive ones of a work alternate partitions.
                int partition = (r / WORKS) % PARTITIONS;
                revision[r]++;
                if (live[r] && random.nextInt(5) == 0) {
                    live[r] = false;
                    events.add(new Event(partition, ScoredReviews.retraction(reviewId, revision[r])));
                    continue;
                }
                if (live[r] && random.nextInt(20) == 0) {
                    work[r] = random.nextInt(WORKS);
                }
                live[r] = true;
                int w = work[r];
                events.add(new Event(partition, ScoredReviews.scored(reviewId, revision[r], typed(prefix + " Work " + w),
                        w % 4 == 0 ? null : "Platform " + w % 3, score())));
            }
            return events;
        }

        /** Halves mostly, and thirds, whose doubles are not exact. */
        private double score() {
            return random.nextInt(10) < 7 ? random.nextInt(201) / 2.0 : random.nextInt(4) * 100.0 / 3;
        }

        private String typed(String title) {
            return switch (random.nextInt(4)) {
                case 0 -> title.toUpperCase(Locale.ROOT);
                case 1 -> title.replace(" ", "  ");
                case 2 -> "‘" + title + "’";
                default -> title;
            };
        }
    }

    /** The model: the latest record sent for every review, as reviews.scored ends. */
    private static Map<String, ScoredReview> latestByReview(List<Event> events) {
        Map<String, ScoredReview> latest = new HashMap<>();
        events.forEach(event -> latest.put(event.scored().getSubmission().getReviewId(), event.scored()));
        return latest;
    }

    private static void send(WorkScoresTopics topics, List<Event> events) {
        for (Event event : events) {
            topics.sendAsync(event.partition(), event.scored());
        }
        topics.flush();
    }

    /**
     * Sends the stream a chunk at a time, a pause between chunks as reviews trickle in, but never
     * past the chunks the test has released: so each crash and rebalance happens mid-stream.
     */
    private static final class GatedSender extends Thread {
        private final WorkScoresTopics topics;
        private final List<Event> events;
        private final AtomicInteger sent = new AtomicInteger();
        private int released;
        private volatile Throwable failure;

        GatedSender(WorkScoresTopics topics, List<Event> events) {
            super("gated-sender");
            this.topics = topics;
            this.events = events;
        }

        @Override
        public void run() {
            try {
                for (int chunk = 0; chunk * CHUNK < events.size(); chunk++) {
                    synchronized (this) {
                        while (chunk >= released) {
                            wait();
                        }
                    }
                    List<Event> next = events.subList(chunk * CHUNK, Math.min(events.size(), (chunk + 1) * CHUNK));
                    send(topics, next);
                    sent.addAndGet(next.size());
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                // The test is over.
            } catch (Throwable e) {
                failure = e;
            }
        }

        synchronized void release(int chunks) {
            released = chunks;
            notifyAll();
        }

        void releaseAndAwait(int chunks) throws InterruptedException {
            release(chunks);
            while (sent.get() < Math.min(events.size(), chunks * CHUNK)) {
                assertTrue(isAlive(), "the sender stopped: " + failure);
                Thread.sleep(10);
            }
        }

        int sent() {
            return sent.get();
        }

        void rethrow() {
            if (failure != null) {
                throw new AssertionError("sending failed", failure);
            }
        }
    }

    /** Starts {@link WorkScoresService#main} in a JVM of its own, as a deployment would. */
    private static Process startChild(String bootstrap, String applicationId, String instanceId, Path stateDir, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                WorkScoresService.class.getName(),
                "--bootstrap-server", bootstrap, "--instance-id", instanceId, "--application-id", applicationId,
                "--state-dir", stateDir.toString(), "--verdict-scale", "house", "--partitions", Integer.toString(PARTITIONS),
                // The killed instance's open transaction holds back read_committed readers, restores
                // included, until the broker aborts it: after 3 s here instead of Streams' 10 s.
                "--property", "transaction.timeout.ms=3000");
        builder.environment().keySet().removeIf(name -> name.startsWith("REVIEWFLOW_"));
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until the application's committed offsets reach the end of every partition it reads,
     * {@code reviews.scored} and its own repartition topic: everything sent has been processed and
     * its output committed.
     */
    private static void awaitCaughtUp(KafkaSettings kafka, String applicationId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<TopicPartition, Long> lag = Map.of();
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    latest.put(new TopicPartition(Topics.SCORED.name(), partition), OffsetSpec.latest());
                    latest.put(new TopicPartition(applicationId + "-" + WorkScoresTopology.BY_WORK + "-repartition", partition),
                            OffsetSpec.latest());
                }
                Map<TopicPartition, Long> behind = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                        .forEach((partition, end) -> {
                            OffsetAndMetadata at = committed.get(partition);
                            long position = at == null ? 0 : at.offset();
                            if (position < end.offset()) {
                                behind.put(partition, end.offset() - position);
                            }
                        });
                if (behind.isEmpty()) {
                    return;
                }
                lag = behind;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("work scores did not catch up within " + WAIT + "; behind: " + lag);
    }
}
