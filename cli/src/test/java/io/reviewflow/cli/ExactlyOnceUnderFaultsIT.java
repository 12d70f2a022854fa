package io.reviewflow.cli;

import io.reviewflow.contract.ReviewContract;
import static io.reviewflow.testkit.guarantees.ScenarioChecks.SEED;
import static io.reviewflow.testkit.guarantees.ScenarioChecks.SUBMISSIONS;
import static io.reviewflow.testkit.guarantees.ScenarioChecks.assertHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.Topics;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.StageListener;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.scoring.service.ScoringStage;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.TopicReader;
import io.reviewflow.testkit.guarantees.Expectation;
import io.reviewflow.testkit.guarantees.GuaranteeReport;
import io.reviewflow.testkit.guarantees.LoadDriver;
import io.reviewflow.testkit.guarantees.Milestones;
import io.reviewflow.testkit.guarantees.PlannedSubmission;
import io.reviewflow.testkit.guarantees.ScenarioChecks;
import io.reviewflow.testkit.guarantees.ServiceProcess;
import io.reviewflow.testkit.guarantees.Workload;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promise to writers and sites, under the faults production brings: every submission ends
 * as exactly one published event (for its latest revision) or exactly one rejection, in
 * per-review order, nothing lost and nothing doubled to a {@code read_committed} reader.
 *
 * <p>Each scenario drives a mixed load (valid, invalid, revisions, resends, stale revisions,
 * retractions; {@code -Dreviewflow.guarantees.submissions}, default 10,000) through the three
 * services, injects one fault mid-stream, lets the pipeline drain and reads every topic back.
 * Point it at an external cluster with {@code REVIEWFLOW_TEST_BOOTSTRAP_SERVERS}; the broker-restart
 * scenario needs a broker it controls and runs only on the embedded one.
 */
class ExactlyOnceUnderFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceUnderFaultsIT.class);
    /** How often the broker-restart scenario stops the broker; more makes a stress run of it. */
    private static final int BROKER_RESTARTS = Integer.getInteger("reviewflow.guarantees.brokerRestarts", 2);
    /** Feature levels for the restarted broker's data directory, e.g. {@code transaction.version=1}. */
    private static final String BROKER_FEATURES = System.getProperty("reviewflow.guarantees.brokerFeatures", "");
    /** The scale every scenario's scoring runs, and so the model's. */
    private static final VerdictScale SCALE = VerdictScale.defaultScale();
    /**
     * Kills in the kill scenario: one per 10,000 submissions, at least three, so a soak of 200,000
     * ({@code -Dreviewflow.guarantees.submissions=200000}) kills twenty times.
     */
    private static final int KILLS = Math.max(3, SUBMISSIONS / 10_000);

    @Test
    void aServiceKilledMidBatchAndRestartedLosesAndDoublesNothing(@TempDir Path logs) throws Exception {
        // Given the three services as separate processes, and a steady load
        KafkaSettings kafka = provisioned(TestKafka.bootstrapServers());
        Workload workload = Workload.generate(Workload.freshRunId("kill"), SUBMISSIONS, SEED);
        List<ServiceProcess> processes = new ArrayList<>();
        String[] mains = {IngestService.class.getName(), ScoringService.class.getName(), PublishService.class.getName()};
        for (int i = 0; i < 3; i++) {
            processes.add(startProcess(mains[i], i, kafka, logs));
        }
        try {
            for (ServiceProcess process : processes) {
                awaitLog(process, "started:");
            }
            // When ingest, scoring and publish in turn are SIGKILLed at seeded, varied points of the load
            // and restarted with the same instance id
            double[] killAt = killPoints(new Random(SEED), KILLS);
            LOG.warn("kills at {} of the load", Arrays.toString(killAt));
            Milestones milestones = new Milestones(workload.size(), killAt);
            LoadDriver writers = new LoadDriver(kafka.bootstrapServers());
            CompletableFuture<Integer> load = writers.start(workload, 1_000, milestones);
            for (int kill = 0; kill < KILLS; kill++) {
                int i = kill % 3;
                milestones.await(kill);
                processes.get(i).kill();
                LOG.warn("killed {} (SIGKILL) at {} of the load", mains[i], killAt[kill]);
                processes.set(i, startProcess(mains[i], i, kafka, logs));
                awaitLog(processes.get(i), "started:");
            }
            load.get(5, TimeUnit.MINUTES);
            assertTrue(writers.sentAwayFromHome() > workload.size() / 5,
                    "a share of the load arrives off its review's home partition: " + writers.sentAwayFromHome());

            // Then every submission ended exactly once
            assertHolds("service killed mid-batch (" + KILLS + " kills)", check(kafka, workload));

            // And SIGTERM stops each service cleanly within 10 seconds
            for (ServiceProcess process : processes) {
                long millis = process.terminate(10);
                assertTrue(millis < 10_000, process.log() + " took " + millis + " ms");
                assertTrue(Files.readString(process.log()).contains("stopped ("), "clean stop logged in " + process.log());
            }
        } finally {
            processes.forEach(ServiceProcess::close);
        }
    }

    /**
     * A zombie: scoring's process is SIGSTOPped for longer than its transaction timeout while a
     * replacement with the same instance id takes over, then SIGCONTed. It must stop (exit 1)
     * without fencing its successor, and the run must hold. The in-process twin, FenceRulesIT in
     * runtime, was seen to fail without the loop's successor check: the resumed instance replaced
     * its producer and carried on.
     */
    @Test
    void aServicePausedPastItsTransactionTimeoutWhileAReplacementTookOverStopsWithoutFencingIt(@TempDir Path logs)
            throws Exception {
        KafkaSettings kafka = provisioned(TestKafka.bootstrapServers());
        Workload workload = Workload.generate(Workload.freshRunId("paused"), SUBMISSIONS, SEED + 8);
        List<String> shortTimeout = List.of("--property", "transaction.timeout.ms=5000");
        List<ServiceProcess> processes = new ArrayList<>(List.of(
                startProcess("paused-ingest", IngestService.class.getName(), kafka, "paused", logs, List.of()),
                startProcess("paused-scoring-1", ScoringService.class.getName(), kafka, "paused", logs, shortTimeout),
                startProcess("paused-publish", PublishService.class.getName(), kafka, "paused", logs, List.of())));
        ServiceProcess paused = processes.get(1);
        try {
            for (ServiceProcess process : processes) {
                awaitLog(process, "started:");
            }
            Milestones milestones = new Milestones(workload.size(), 0.3);
            CompletableFuture<Integer> load = new LoadDriver(kafka.bootstrapServers()).start(workload, 1_000, milestones);
            milestones.await(0);

            // When scoring stands still past its 5 s transaction timeout, a replacement with its instance id starts, and it resumes
            paused.suspend();
            LOG.warn("scoring paused (SIGSTOP)");
            Thread.sleep(7_000);
            ServiceProcess successor = startProcess("paused-scoring-2", ScoringService.class.getName(), kafka, "paused", logs,
                    shortTimeout);
            processes.add(successor);
            awaitLog(successor, "started:");
            Thread.sleep(3_000);
            paused.resume();
            LOG.warn("scoring resumed (SIGCONT)");

            // Then the old one stops, fenced, exit 1, while the successor runs on, and every submission ends exactly once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (paused.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertFalse(paused.isAlive(), "the resumed zombie stopped; log: " + paused.log());
            assertEquals(1, paused.exitCode(), "a fenced instance exits 1; log: " + paused.log());
            assertTrue(Files.readString(paused.log()).contains("stopped: fenced"), "it says it was fenced: " + paused.log());
            load.get(5, TimeUnit.MINUTES);
            assertHolds("service paused past its transaction timeout and replaced", check(kafka, workload));
            assertTrue(successor.isAlive(), "the successor runs on; log: " + successor.log());
        } finally {
            processes.forEach(ServiceProcess::close);
        }
    }

    @Test
    void instancesJoiningAndLeavingMidStreamLoseAndDoubleNothing() throws Exception {
        KafkaSettings kafka = provisioned(TestKafka.bootstrapServers());
        Workload workload = Workload.generate(Workload.freshRunId("rebalance"), SUBMISSIONS, SEED + 1);
        try (Pipeline first = Pipeline.start(kafka, "rebalance-a", 3, SCALE)) {
            // When a second instance of every service joins at 30% and leaves at 70%
            Milestones milestones = new Milestones(workload.size(), 0.3, 0.7);
            CompletableFuture<Integer> load = new LoadDriver(kafka.bootstrapServers()).start(workload, 2_000, milestones);
            milestones.await(0);
            Pipeline second = Pipeline.start(kafka, "rebalance-b", 3, SCALE);
            LOG.warn("second instance of every service joined");
            milestones.await(1);
            second.close();
            LOG.warn("second instance of every service left");
            load.get(5, TimeUnit.MINUTES);

            assertHolds("instances join and leave", check(kafka, workload));
            assertStillRunning(first);
        }
    }

    @Test
    void theBrokerStoppedAndRestartedOnItsDataDirectoryLosesAndDoublesNothing(@TempDir Path data, @TempDir Path logs)
            throws Exception {
        assumeFalse("external".equals(TestKafka.kind()), "needs a broker this test can stop: runs on the embedded one");
        // Kafka 4.4.0 leaves a transaction hanging after a restart now and then, on transactions v1 (the
        // embedded broker's default) and v2 alike (RELIABILITY.md, "A hanging transaction after a broker
        // restart"); if it does, the remedy below must recover it without a loss.
        // -Dreviewflow.guarantees.brokerFeatures=transaction.version=2 runs this scenario on v2,
        // -Dreviewflow.guarantees.brokerRestarts=10 makes it a stress run.
        // Given a broker in a process of its own, as production runs one, on a fixed port and data directory
        int port = ServiceCommand.freePort();
        ServiceProcess broker = startBroker(port, data, logs, 0);
        KafkaSettings kafka = provisioned("127.0.0.1:" + port);
        Workload workload = Workload.generate(Workload.freshRunId("broker"), SUBMISSIONS, SEED + 2);
        try (Pipeline pipeline = Pipeline.start(kafka, "broker-restart", 3, SCALE)) {
            // When the broker is stopped (SIGTERM: its controlled shutdown) at 30% of the load, started
            // again 5 s later on the same data directory, and stopped and started once more 3 s after
            // that, while all three stages are mid-transaction catching up on the backlog
            Milestones milestones = new Milestones(workload.size(), 0.3);
            CompletableFuture<Integer> load = new LoadDriver(kafka.bootstrapServers()).start(workload, 2_000, milestones);
            milestones.await(0);
            for (int restart = 0; restart < BROKER_RESTARTS; restart++) {
                if (restart > 0) {
                    Thread.sleep(3_000);
                }
                long stopMillis = broker.terminate(60);
                LOG.warn("broker stopped in {} ms", stopMillis);
                Thread.sleep(5_000);
                broker = startBroker(port, data, logs, restart + 1);
                LOG.warn("broker restarted");
            }
            load.get(5, TimeUnit.MINUTES);

            // Then the services waited for it and nothing was lost or doubled
            GuaranteeReport report = check(kafka, workload);
            String scenario = "broker restarted";
            if (!report.holds()) {
                logTransactionState(kafka);
                keepEvidence(logs, data);
                // Kafka 4.4.0 can leave a transaction hanging across a restart (RELIABILITY.md). If that
                // is what stopped the pipeline, the operator's remedy must recover it without a loss:
                // end the hanging transactions with our command, and the guarantee must hold after all.
                // The run then reports its own outcome, never a plain pass.
                int ended = endHangingTransactions(kafka);
                if (ended > 0) {
                    scenario = "broker restarted: HANGING TRANSACTION, remedied by 'reviewflow transactions abort --all' ("
                            + ended + " ended)";
                    report = check(kafka, workload);
                }
            }
            assertHolds(scenario, report);
            assertStillRunning(pipeline);
        } finally {
            broker.close();
        }
    }

    /** What an operator does on the stage's alert: our command, which lists what it ended, one line each. */
    private static int endHangingTransactions(KafkaSettings kafka) {
        CommandLineTest.Run run = CommandLineTest.run("transactions", "abort", "--bootstrap-server", kafka.bootstrapServers(), "--all");
        LOG.warn("reviewflow transactions abort --all: exit {}\n{}{}", run.exitCode(), run.out(), run.err());
        return (int) run.out().lines().filter(line -> line.startsWith("aborted ")).count();
    }

    /**
     * Copies the broker logs and data directory out of the test's temporary directories, which
     * JUnit deletes, to {@code target/broker-restart-evidence}: what a Kafka bug report needs.
     */
    private static void keepEvidence(Path logs, Path data) {
        Path evidence = Path.of("target", "broker-restart-evidence-" + System.currentTimeMillis());
        try {
            for (Path from : List.of(logs, data)) {
                Path to = evidence.resolve(from.getFileName().toString());
                try (var paths = Files.walk(from)) {
                    for (Path path : (Iterable<Path>) paths::iterator) {
                        Path target = to.resolve(from.relativize(path).toString());
                        if (Files.isDirectory(path)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(path, target);
                        }
                    }
                }
            }
            LOG.warn("broker logs and data kept in {}", evidence.toAbsolutePath());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("could not keep the broker's logs and data: {}", e.toString());
        }
    }

    /** {@code reviewflow broker} in its own JVM, logging to broker-{@code start}.log; returns once it is ready. */
    private static ServiceProcess startBroker(int port, Path data, Path logs, int start) throws InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("broker", "--port", Integer.toString(port), "--data-dir", data.toString()));
        if (!BROKER_FEATURES.isBlank()) {
            for (String feature : BROKER_FEATURES.split(",")) {
                arguments.addAll(List.of("--feature", feature.strip()));
            }
        }
        ServiceProcess broker = ServiceProcess.start("broker-" + start, "io.reviewflow.cli.ReviewflowCli", List.of("-Xmx512m"),
                arguments, logs);
        try {
            broker.awaitLog("Kafka broker ready", Duration.ofSeconds(90));
            return broker;
        } catch (AssertionError e) {
            broker.close();
            throw e;
        }
    }

    @Test
    void aTransactionThatOutlivesItsTimeoutIsAbortedAndRedone() throws Exception {
        transactionOutlivesItsTimeout("transaction timed out", false);
    }

    @Test
    void aRecordThatTakesLongerThanTheTransactionTimeoutIsRedoneToo() throws Exception {
        // The stall inside the work rather than before the commit: the coordinator's abort then
        // surfaces on the sends or the offsets, and the abort that follows is fenced as well.
        transactionOutlivesItsTimeout("slow record outlived its transaction", true);
    }

    private void transactionOutlivesItsTimeout(String scenario, boolean stallWhileProcessing) throws Exception {
        KafkaSettings kafka = provisioned(TestKafka.bootstrapServers());
        String id = stallWhileProcessing ? "slow-record" : "timeout";
        Workload workload = Workload.generate(Workload.freshRunId(id), SUBMISSIONS, SEED + (stallWhileProcessing ? 7 : 3));
        // Given scoring with a 3 s transaction timeout, stalled once for longer than that
        StageSettings shortTimeout = new StageSettings(kafka, id, StageSettings.DEFAULT_MAX_POLL_RECORDS,
                StageSettings.DEFAULT_MAX_PARTITION_FETCH_BYTES, Duration.ofSeconds(3), Duration.ofMillis(200),
                StageSettings.DEFAULT_COMMIT_INTERVAL);
        AtomicBoolean stalled = new AtomicBoolean();
        Milestones milestones = new Milestones(workload.size(), 0.5);
        StageService<IngestedReview> scoring = ScoringService.create(shortTimeout, SCALE);
        scoring.addListener(new StageListener() {
            // Records processed in the open transaction: the stall must come after some were sent, or
            // the coordinator has no transaction yet whose timeout could run out.
            private int sinceCommit;

            @Override
            public void onCommitted(int consumed, int produced, long nanos) {
                sinceCommit = 0;
            }

            @Override
            public void onRecordProcessed(SourcePosition source, long nanos) {
                if (stallWhileProcessing && ++sinceCommit >= 5 && milestones.reached(0) && stalled.compareAndSet(false, true)) {
                    LOG.warn("stalling scoring on {}-{}@{} past its transaction's timeout", source.topic(), source.partition(),
                            source.offset());
                    sleep(Duration.ofSeconds(8));
                }
            }

            @Override
            public void beforeCommit(int records) {
                if (!stallWhileProcessing && milestones.reached(0) && stalled.compareAndSet(false, true)) {
                    LOG.warn("stalling a scoring transaction of {} records past its timeout", records);
                    sleep(Duration.ofSeconds(8));
                }
            }
        });
        try (Pipeline pipeline = Pipeline.start(kafka, 3, List.of(
                IngestService.create(StageSettings.defaults(kafka, id), IngestLimits.defaults()),
                scoring,
                PublishService.create(StageSettings.defaults(kafka, id))))) {
            CompletableFuture<Integer> load = new LoadDriver(kafka.bootstrapServers()).start(workload, 2_000, milestones);
            load.get(5, TimeUnit.MINUTES);

            // Then the broker aborted it, scoring redid the batch, and nothing was lost or doubled
            assertHolds(scenario, check(kafka, workload));
            assertTrue(stalled.get(), "the stall happened");
            assertTrue(scoring.counters().transactionsAborted() >= 1, "the timed-out transaction was aborted: " + scoring.counters());
            assertStillRunning(pipeline);
        }
    }

    @Test
    void anInstanceFencedByANewerOneWithItsTransactionalIdStopsInsteadOfFightingBack() throws Exception {
        // The other side of the timed-out transaction above: there a fence on a transaction older than
        // its timeout is the coordinator's abort and is redone; a fence on a young one is a newer
        // instance with the same id, and the old one must stop rather than fence it in turn.
        KafkaSettings kafka = provisioned(TestKafka.bootstrapServers());
        Workload workload = Workload.generate(Workload.freshRunId("zombie"), 200, SEED + 6);
        StageSettings settings = StageSettings.defaults(kafka, "zombie");
        CountDownLatch inTransaction = new CountDownLatch(1);
        CountDownLatch replaced = new CountDownLatch(1);
        // Given a scoring instance held inside a transaction, well within its 60 s timeout
        StageService<IngestedReview> old = ScoringService.create(settings, SCALE);
        old.addListener(new StageListener() {
            @Override
            public void beforeCommit(int records) {
                if (inTransaction.getCount() > 0) {
                    inTransaction.countDown();
                    try {
                        replaced.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        StageService<IngestedReview> newer = ScoringService.create(settings, SCALE);
        try (Pipeline pipeline = Pipeline.start(kafka, 3, List.of(
                IngestService.create(StageSettings.defaults(kafka, "zombie"), IngestLimits.defaults()), old))) {
            new LoadDriver(kafka.bootstrapServers()).start(workload, 2_000, new Milestones(workload.size(), 0.5))
                    .get(1, TimeUnit.MINUTES);
            assertTrue(inTransaction.await(60, TimeUnit.SECONDS), "scoring began a transaction");

            // When a second instance with the same instance id starts, which fences the first's producer
            CountDownLatch newerStarted = new CountDownLatch(1);
            newer.addListener(new StageListener() {
                @Override
                public void onStarted() {
                    newerStarted.countDown();
                }
            });
            newer.start();
            assertTrue(newerStarted.await(60, TimeUnit.SECONDS), "the newer instance started");
            replaced.countDown();

            // Then the old one stops on its commit, saying it was fenced, and the newer one keeps running
            java.util.concurrent.ExecutionException stopped = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> old.termination().get(60, TimeUnit.SECONDS));
            assertTrue(stopped.getCause().getMessage().startsWith("fenced:"), stopped.getCause().toString());
            assertTrue(old.counters().transactionsAborted() == 0, "not treated as a failed transaction: " + old.counters());
            assertTrue(!newer.termination().isDone(), "the newer instance is still running");
        } finally {
            newer.stop();
        }
    }

    @Test
    void poisonRecordsAreRejectedOneEachAndTheRestFlowsOn() throws Exception {
        KafkaSettings kafka = provisioned(TestKafka.bootstrapServers());
        // Given a workload with an oversized document among it, and poison written straight to the topic mid-stream
        Workload generated = Workload.generate(Workload.freshRunId("poison"), SUBMISSIONS, SEED + 4);
        PlannedSubmission oversized = withDocument(Workload.validSubmission(generated.reviewId("oversized"), Expectation.REJECTED,
                "DOCUMENT_TOO_LARGE", SEED), new byte[2 << 20]);
        Workload workload = generated.with(List.of(oversized));
        Map<String, byte[]> poison = poison(workload.reviewIdPrefix());
        // Outside the run's prefix: the model does not plan it, and its rejection is checked below.
        ReviewSubmission keyless = Workload.validSubmission("poison-null-key", Expectation.REJECTED, "INVALID_SUBMISSION", SEED + 5)
                .submission();
        try (Pipeline pipeline = Pipeline.start(kafka, "poison", 3, SCALE);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "max.request.size", Integer.toString(8 << 20)), new StringSerializer(), new ByteArraySerializer())) {
            Milestones milestones = new Milestones(workload.size(), 0.5);
            CompletableFuture<Integer> load = new LoadDriver(kafka.bootstrapServers()).start(workload, 2_000, milestones);
            milestones.await(0);
            for (Map.Entry<String, byte[]> p : poison.entrySet()) {
                producer.send(new ProducerRecord<>(Topics.SUBMITTED.name(), p.getKey(), p.getValue())).get();
            }
            producer.send(new ProducerRecord<>(Topics.SUBMITTED.name(), null, Topics.SUBMITTED.codec().encode(keyless))).get();
            load.get(5, TimeUnit.MINUTES);

            // Then the workload holds, and each poison record is exactly one rejection
            assertHolds("poison records", check(kafka, workload));
            List<TopicReader.Read<ReviewRejection>> rejections = TopicReader.readUntil(kafka.bootstrapServers(), Topics.REJECTED,
                    read -> poison.keySet().stream().allMatch(k -> read.stream().anyMatch(r -> k.equals(r.key())))
                            && read.stream().anyMatch(r -> isFor(r.value(), keyless)), PipelineFixture.WAIT);
            for (String key : poison.keySet()) {
                List<ReviewRejection> forKey = rejections.stream().filter(r -> key.equals(r.key())).map(TopicReader.Read::value).toList();
                assertEquals(1, forKey.size(), key + ": " + forKey);
                assertEquals("UNDECODABLE_RECORD", forKey.get(0).getReason(), key);
                assertEquals("ingest", forKey.get(0).getStage(), key);
            }
            List<ReviewRejection> forKeyless = rejections.stream().map(TopicReader.Read::value).filter(r -> isFor(r, keyless)).toList();
            assertEquals(1, forKeyless.size());
            assertEquals("INVALID_SUBMISSION", forKeyless.get(0).getReason());
            assertStillRunning(pipeline);
        }
    }

    @Test
    void aStageThatThrowsForOneRecordRejectsItAndTheRestFlowOn() throws Exception {
        KafkaSettings kafka = provisioned(TestKafka.bootstrapServers());
        // Given scoring that throws for reviews whose id contains "boom"
        Workload generated = Workload.generate(Workload.freshRunId("throws"), SUBMISSIONS, SEED + 6);
        List<PlannedSubmission> explosive = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            explosive.add(Workload.validSubmission(generated.reviewId("boom-" + i), Expectation.REJECTED, "PROCESSING_FAILED", SEED + i));
        }
        Workload workload = generated.with(explosive);
        Stage<IngestedReview> throwing = new ThrowingStage(new ScoringStage(new Scorer(SCALE), Clock.systemUTC()));
        try (Pipeline pipeline = Pipeline.start(kafka, 3, List.of(
                IngestService.create(StageSettings.defaults(kafka, "throws"), IngestLimits.defaults()),
                new StageService<>(throwing, StageSettings.defaults(kafka, "throws"), ReviewContract.create()),
                PublishService.create(StageSettings.defaults(kafka, "throws"))))) {
            new LoadDriver(kafka.bootstrapServers()).start(workload, 2_000, sent -> { }).get(5, TimeUnit.MINUTES);

            // Then those records are rejected by scoring, naming the cause, and everything else holds
            assertHolds("a stage throws", check(kafka, workload));
            List<ReviewRejection> failures = TopicReader.readAll(kafka.bootstrapServers(), Topics.REJECTED).stream()
                    .map(TopicReader.Read::value)
                    .filter(r -> r != null && r.getSubmission() != null
                            && r.getSubmission().getReviewId().startsWith(workload.reviewId("boom-")))
                    .toList();
            assertEquals(5, failures.size());
            for (ReviewRejection failure : failures) {
                assertEquals("scoring", failure.getStage());
                assertTrue(failure.getMessage().contains("IllegalStateException: boom"), failure.getMessage());
            }
            assertStillRunning(pipeline);
        }
    }

    private static GuaranteeReport check(KafkaSettings kafka, Workload workload) {
        return ScenarioChecks.check(kafka.bootstrapServers(), workload, new Scorer(SCALE)::score);
    }

    /** Per partition of the transactionally written topics: stable vs log end offsets, and open transactions. */
    private static void logTransactionState(KafkaSettings kafka) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka.adminProperties())) {
            for (TopicSpec<?> topic : List.of(Topics.INGESTED, Topics.SCORED, Topics.PUBLISHED)) {
                for (int p = 0; p < 3; p++) {
                    org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic.name(), p);
                    long stable = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                            new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                            .partitionResult(tp).get().offset();
                    long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                            .partitionResult(tp).get().offset();
                    LOG.warn("{}: last stable offset {}, log end {}, producers {}", tp, stable, end,
                            admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers());
                }
            }
            var transactions = admin.listTransactions().all().get();
            LOG.warn("transactions: {}", transactions);
            List<String> ids = transactions.stream().map(org.apache.kafka.clients.admin.TransactionListing::transactionalId).toList();
            admin.describeTransactions(ids).all().get().forEach((id, description) -> LOG.warn("transaction {}: {}", id, description));
            for (String group : List.of("reviewflow-ingest", "reviewflow-scoring", "reviewflow-publish")) {
                LOG.warn("group {}: {}; committed {}", group,
                        admin.describeConsumerGroups(List.of(group)).all().get().get(group),
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
            }
        } catch (Exception e) {
            LOG.warn("could not describe transaction state: {}", e.toString());
        }
    }

    private static void assertStillRunning(Pipeline pipeline) {
        for (StageService<?> service : pipeline.services()) {
            assertTrue(!service.termination().isDone(), service.name() + " stopped: " + service.termination());
        }
    }

    private static KafkaSettings provisioned(String bootstrapServers) {
        KafkaSettings kafka = KafkaSettings.of(bootstrapServers);
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, 3, Optional.empty());
        return kafka;
    }

    /**
     * {@code kills} points between 10 % and 90 % of the load, in order, each at least a little after the
     * last so a restarted service has started before the next kill; drawn from the seed, so a failing
     * run's kills can be replayed.
     */
    static double[] killPoints(Random random, int kills) {
        double[] points = new double[kills];
        double span = 0.8 / kills;
        for (int k = 0; k < kills; k++) {
            points[k] = 0.1 + span * k + random.nextDouble() * span * 0.8;
        }
        return points;
    }

    private static ServiceProcess startProcess(String mainClass, int index, KafkaSettings kafka, Path logs) {
        return startProcess("stage-" + index, mainClass, kafka, "killed", logs, List.of());
    }

    private static ServiceProcess startProcess(String name, String mainClass, KafkaSettings kafka, String instanceId, Path logs,
                                               List<String> extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--bootstrap-server", kafka.bootstrapServers(),
                "--instance-id", instanceId, "--partitions", "3", "--http-port", "off"));
        arguments.addAll(extraArguments);
        return ServiceProcess.start(name, mainClass, arguments, logs);
    }

    /** Waits until a child service has logged {@code text}, e.g. that its loop started. */
    private static void awaitLog(ServiceProcess process, String text) throws InterruptedException {
        process.awaitLog(text, Duration.ofSeconds(60));
    }

    /** Poison records keyed within the run, so a run against a cluster that has seen others counts only its own. */
    private static Map<String, byte[]> poison(String prefix) {
        Random random = new Random(SEED);
        byte[] randomBytes = new byte[512];
        random.nextBytes(randomBytes);
        byte[] hugeGarbage = new byte[5 << 20];
        random.nextBytes(hugeGarbage);
        byte[] wrongSchema = Topics.REJECTED.codec().encode(ReviewRejection.newBuilder()
                .setReason("X").setMessage("not a submission").setStage("test").setSourceTopic("t").setSourcePartition(0)
                .setSourceOffset(0).setRejectedAt(java.time.Instant.now()).build());
        Map<String, byte[]> poison = new java.util.LinkedHashMap<>();
        poison.put(prefix + "random-bytes", randomBytes);
        poison.put(prefix + "wrong-schema", wrongSchema);
        poison.put(prefix + "null-value", null);
        poison.put(prefix + "oversized-garbage", hugeGarbage);
        return poison;
    }

    private static PlannedSubmission withDocument(PlannedSubmission planned, byte[] document) {
        ReviewSubmission submission = ReviewSubmission.newBuilder(planned.submission()).setDocument(ByteBuffer.wrap(document)).build();
        return new PlannedSubmission(submission, planned.expectation(), planned.reason());
    }

    private static boolean isFor(ReviewRejection rejection, ReviewSubmission submission) {
        return rejection != null && rejection.getSubmission() != null
                && rejection.getSubmission().getSubmissionId().equals(submission.getSubmissionId());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Scoring that fails for one kind of record, as a bug would. */
    private record ThrowingStage(Stage<IngestedReview> delegate) implements Stage<IngestedReview> {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public TopicSpec<IngestedReview> input() {
            return delegate.input();
        }

        @Override
        public org.apache.avro.specific.SpecificRecord submissionOf(IngestedReview input) {
            return delegate.submissionOf(input);
        }

        @Override
        public void process(IngestedReview input, SourcePosition source, Emitter out) {
            if (input.getSubmission().getReviewId().contains("boom")) {
                throw new IllegalStateException("boom");
            }
            delegate.process(input, source, out);
        }
    }
}
