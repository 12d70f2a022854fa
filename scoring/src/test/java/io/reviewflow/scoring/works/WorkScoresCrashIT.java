package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.domain.WorkKey;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.runtime.Topics;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.works.service.WorkRecords;
import io.reviewflow.scoring.works.service.WorksService;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.guarantees.ServiceProcess;
import io.reviewflow.testkit.guarantees.WorkScoresCheck;
import io.reviewflow.testkit.guarantees.WorkScoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work scores survive a crash and rebalances: the works service in a JVM of its own is
 * SIGKILLed in the middle of a stream of submits, revisions and retractions; a successor takes
 * over, a second instance joins, and the successor stops, each time with records still arriving,
 * so both loops' state must come back from its changelog, more than once. At the end
 * {@code works.scores} must hold exactly what a recomputation of the stream sent gives, with the
 * service's own logic: no review lost, none counted twice.
 */
class WorkScoresCrashIT {

    private static final int WORKS = 24;
    private static final int REVIEWS = 240;
    private static final int EVENTS = 3_000;
    private static final int CHUNK = 100;
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final WorkRecords RECORDS = new WorkRecords(new WorkScorer(VerdictScale.preset("house")));
    /** What works.scores must hold, recomputed with the service's own logic (the test kit's works model check). */
    private static final WorkScoring MODEL =
            new WorkScoring(RECORDS::contribution, RECORDS::emptyTally, RECORDS::add, RECORDS::scoreOf);
    /** Each loop's group and the topic it reads: caught up when both have committed their input's end. */
    private static final Map<String, String> INPUT_BY_GROUP = Map.of(
            "reviewflow-works-contributions", Topics.SCORED.name(),
            "reviewflow-works-tallies", Topics.WORK_CONTRIBUTIONS.name());

    @TempDir
    Path logs;

    @Test
    void killedAndRebalancedMidStreamItCountsEveryReviewExactlyOnce() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        KafkaSettings kafka = KafkaSettings.of(bootstrap);
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, PARTITIONS, Optional.empty());
        String p = "crash" + UUID.randomUUID().toString().substring(0, 8);
        List<Event> events = new ReviewStream(p, new Random(Long.getLong("reviewflow.seed", 20261126L))).events(EVENTS);

        try (WorkScoresTopics topics = new WorkScoresTopics(bootstrap);
             ServiceProcess killed = start(bootstrap, "killed", "crash-it")) {
            // Given an instance in its own JVM that has processed the first records of the stream
            GatedSender sender = new GatedSender(topics, events);
            ServiceProcess successor = null;
            ServiceProcess joiner = null;
            try {
                sender.start();
                sender.release(1);
                topics.awaitWorks(p, works -> {
                    assertTrue(killed.isAlive(), "the instance exited; log: " + killed.log());
                    return !works.isEmpty();
                }, WAIT);

                // When it is killed (SIGKILL: no commit, no goodbye) while records keep arriving
                sender.releaseAndAwait(6);
                assertTrue(killed.isAlive(), "the instance died before it was killed; log: " + killed.log());
                killed.kill();
                int sentAtKill = sender.sent();

                // and an instance with the same id takes over, records still arriving
                successor = start(bootstrap, "successor", "crash-it");
                sender.releaseAndAwait(14);
                awaitRunning(successor);

                // and a second instance joins (a rebalance shares the partitions out, with their state)
                joiner = start(bootstrap, "joiner", "crash-it-joiner");
                sender.releaseAndAwait(22);
                awaitRunning(joiner);

                // and the successor stops (a rebalance hands everything to the joiner), with the rest of the stream
                sender.release(Integer.MAX_VALUE);
                int sentAtLeave = sender.sent();
                successor.terminate(30);
                String stopped = Files.readString(successor.log());
                assertTrue(stopped.contains("works-contributions stopped (") && stopped.contains("works-tallies stopped ("),
                        "both loops stop cleanly on SIGTERM; log: " + successor.log());
                sender.join();
                sender.rethrow();
                awaitCaughtUp(kafka);

                // Then every work's score is what the stream sent says it must be: the latest record of
                // every review, recomputed from scratch with the service's own logic
                Map<String, WorkScore> expected = MODEL.recompute(latestByReview(events));
                assertEquals(List.of(), new WorkScoresCheck(bootstrap).awaitMatching(expected, p, WAIT));
                Map<String, WorkScore> actual = topics.awaitWorks(p, works -> true, WAIT);
                actual.forEach((key, score) -> assertTrue(score == null || WorkKey.of(score.getTitle(), score.getPlatform()).equals(key),
                        key + " is named by the title and platform it carries: " + score));
                assertTrue(sentAtKill < EVENTS && sentAtLeave < EVENTS, "the stream had ended: " + sentAtKill + ", " + sentAtLeave);
                assertTrue(expected.size() > WORKS / 2, "too few works left to prove much: " + expected.size());
                assertTrue(joiner.isAlive(), "the joiner stopped; log: " + joiner.log());
            } finally {
                sender.interrupt();
                for (ServiceProcess service : new ServiceProcess[] {successor, joiner}) {
                    if (service != null && service.isAlive()) {
                        // SIGTERM: the loops leave their groups, so the next test's instances need not wait out a session.
                        service.terminate(30);
                    }
                }
            }
        }
    }

    /** {@code reviewflow works} in a JVM of its own, as a deployment runs it. */
    private ServiceProcess start(String bootstrap, String name, String instanceId) {
        return ServiceProcess.start(name, WorksService.class.getName(),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                List.of("--bootstrap-server", bootstrap, "--instance-id", instanceId, "--http-port", "0",
                        "--partitions", Integer.toString(PARTITIONS),
                        // The killed instance's open transaction holds back read_committed readers, restores
                        // included, until the broker aborts it: after 3 s here. Its group membership holds
                        // back the rebalance until its session expires: after 6 s here, the broker's minimum.
                        "--property", "transaction.timeout.ms=3000",
                        "--property", "session.timeout.ms=6000", "--property", "heartbeat.interval.ms=1000"),
                logs);
    }

    /** Both loops have started; the rebalance that follows hands them their partitions and state. */
    private static void awaitRunning(ServiceProcess service) throws InterruptedException {
        service.awaitLog("works-contributions started", WAIT);
        service.awaitLog("works-tallies started", WAIT);
    }

    /** One record for reviews.scored, which goes to its review's partition. */
    private record Event(ScoredReview scored) {}

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
                revision[r]++;
                if (live[r] && random.nextInt(5) == 0) {
                    live[r] = false;
                    events.add(new Event(ScoredReviews.retraction(reviewId, revision[r])));
                    continue;
                }
                if (live[r] && random.nextInt(20) == 0) {
                    work[r] = random.nextInt(WORKS);
                }
                live[r] = true;
                int w = work[r];
                events.add(new Event(ScoredReviews.scored(reviewId, revision[r], typed(prefix + " Work " + w),
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
            topics.sendAsync(event.scored());
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

    /**
     * Waits until both loops' committed offsets reach the end of what they read, {@code reviews.scored}
     * and {@code works.contributions}: everything sent has been processed and its output committed.
     * A loop commits only with records, so a committed position may stop short of the end by the
     * commit markers of the transactions that wrote its input: behind only if a record lies between.
     */
    private static void awaitCaughtUp(KafkaSettings kafka) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<TopicPartition, Long> lag = Map.of();
        try (Admin admin = Admin.create(kafka.adminProperties());
             KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, Long> behind = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
                for (Map.Entry<String, String> loop : INPUT_BY_GROUP.entrySet()) {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(loop.getKey()).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        latest.put(new TopicPartition(loop.getValue(), partition), OffsetSpec.latest());
                    }
                    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                            .forEach((partition, end) -> {
                                OffsetAndMetadata at = committed.get(partition);
                                long position = at == null ? 0 : at.offset();
                                if (position < end.offset() && recordBetween(reader, partition, position, end.offset())) {
                                    behind.put(partition, end.offset() - position);
                                }
                            });
                }
                if (behind.isEmpty()) {
                    return;
                }
                lag = behind;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("work scores did not catch up within " + WAIT + "; behind: " + lag);
    }

    /** Whether a committed record lies in [from, end) of the partition, not only commit markers; true while unknown. */
    private static boolean recordBetween(KafkaConsumer<byte[], byte[]> reader, TopicPartition partition, long from, long end) {
        reader.assign(List.of(partition));
        reader.seek(partition, from);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (reader.position(partition) < end && System.nanoTime() < deadline) {
            if (!reader.poll(Duration.ofMillis(100)).isEmpty()) {
                return true;
            }
        }
        return reader.position(partition) < end;
    }
}
