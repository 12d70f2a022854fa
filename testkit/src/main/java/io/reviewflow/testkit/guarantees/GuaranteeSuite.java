package io.reviewflow.testkit.guarantees;

import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.broker.ChildJvm;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.StageListener;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.testkit.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults production brings, run against any pipeline on our loop, in the manner of decaton's
 * {@code ProcessorTestSuite}: the pipeline plugs in as a {@link PipelineUnderTest} (its topics, its
 * services, its {@link Load} and judge), and each scenario here drives a seeded load through it,
 * injects one fault mid-stream, lets it drain and requires the judge's {@link Judgement} to hold,
 * printing a {@code RELIABILITY <scenario>: …} line for RELIABILITY.md. On a failure it describes
 * the pipeline's transactions and groups in the log and keeps every process's log (and a broker's
 * data) under {@code target/guarantee-evidence}, which the test's temporary directories are not.
 *
 * <pre>{@code
 * GuaranteeSuite suite = new GuaranteeSuite(new ReviewPipeline(scale), KafkaSettings.of(TestKafka.bootstrapServers()));
 * suite.serviceProcessesKilledAndRestarted(logs);
 * suite.transactionOutlivingItsTimeout("scoring", false);
 * }</pre>
 *
 * <p>Each scenario has its own seed (the base seed plus a fixed offset, or the run id's hash on a
 * cluster), so a failing scenario replays alone. Knobs: {@code -Dreviewflow.guarantees.submissions}
 * (a soak), {@code -Dreviewflow.seed}, {@code -Dreviewflow.guarantees.settleSeconds},
 * {@code -Dreviewflow.guarantees.brokerRestarts} and {@code -Dreviewflow.guarantees.brokerFeatures}.
 */
public final class GuaranteeSuite {

    /** Records per scenario: {@code -Dreviewflow.guarantees.submissions} for a soak. */
    public static final int SUBMISSIONS = Integer.getInteger("reviewflow.guarantees.submissions", 10_000);
    /** The base seed of every scenario's load: {@code -Dreviewflow.seed} replays another. */
    public static final long SEED = Long.getLong("reviewflow.seed", 20261126L);
    /** How long every record may take to reach its outcome once the fault is over. */
    public static final Duration DRAIN = Duration.ofMinutes(4);
    /** How long a judge reads on once every outcome is in, to catch a late duplicate. */
    public static final Duration SETTLE = Duration.ofSeconds(
            Long.getLong("reviewflow.guarantees.settleSeconds", ModelChecker.DEFAULT_SETTLE.toSeconds()));
    /** Partitions of every topic: more than one, so a rebalance moves work and a record can land off home. */
    public static final int PARTITIONS = 3;
    /**
     * Kills in the kill scenario: one per 10,000 records, at least three, so a soak of 200,000
     * ({@code -Dreviewflow.guarantees.submissions=200000}) kills twenty times.
     */
    static final int KILLS = Math.max(3, SUBMISSIONS / 10_000);
    /** How often the broker-restart scenario stops the broker; more makes a stress run of it. */
    private static final int BROKER_RESTARTS = Integer.getInteger("reviewflow.guarantees.brokerRestarts", 2);
    /** Feature levels for the restarted broker's data directory, e.g. {@code transaction.version=1}. */
    private static final String BROKER_FEATURES = System.getProperty("reviewflow.guarantees.brokerFeatures", "");
    /** Longer than a broker's session with the controller (broker.session.timeout.ms, 9 s), short of replica lag (30 s). */
    private static final Duration NODE_PAUSE = Duration.ofSeconds(15);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(GuaranteeSuite.class);

    private final PipelineUnderTest pipeline;
    private final KafkaSettings kafka;

    /** The suite for {@code pipeline} on the brokers of {@code kafka}; creates the pipeline's topics there. */
    public GuaranteeSuite(PipelineUnderTest pipeline, KafkaSettings kafka) {
        this.pipeline = pipeline;
        this.kafka = kafka;
        pipeline.provision(kafka, PARTITIONS);
    }

    /** What a scenario does to the pipeline or its brokers once the load has reached its milestone. */
    @FunctionalInterface
    public interface Fault {
        void inject(PipelineInstance instance) throws Exception;
    }

    /** What a scenario checks besides the verdict, with the instance still running. */
    @FunctionalInterface
    public interface Check {
        void verify(PipelineInstance instance) throws Exception;
    }

    // ---- Services as processes -------------------------------------------------------------------------------------

    /**
     * Every service in a process of its own; the services in turn are SIGKILLed at seeded points of the
     * load between 10 % and 90 % ({@link #KILLS} times) and restarted with the same instance id. Then the
     * verdict, and SIGTERM stops each within 10 s, logging its clean stop.
     */
    public void serviceProcessesKilledAndRestarted(Path logs) throws Exception {
        keepingLogs("service killed mid-batch", () -> killAndRestart(logs), logs);
    }

    private void killAndRestart(Path logs) throws Exception {
        Load load = pipeline.load("kill", SEED, SUBMISSIONS);
        List<PipelineUnderTest.Service> services = pipeline.services();
        List<ChildJvm> processes = new ArrayList<>();
        try {
            for (PipelineUnderTest.Service service : services) {
                processes.add(startProcess(service, "killed", service.name(), logs, List.of()));
            }
            for (ChildJvm process : processes) {
                process.awaitLogLine("started:", STARTUP);
            }
            double[] killAt = killPoints(new Random(SEED), KILLS);
            LOG.warn("kills at {} of the load", Arrays.toString(killAt));
            Milestones milestones = new Milestones(load.size(), killAt);
            CompletableFuture<?> sending = load.start(kafka.bootstrapServers(), 1_000, milestones);
            for (int kill = 0; kill < KILLS; kill++) {
                int i = kill % services.size();
                milestones.await(kill);
                processes.get(i).kill();
                LOG.warn("killed {} (SIGKILL) at {} of the load", services.get(i).name(), killAt[kill]);
                processes.set(i, startProcess(services.get(i), "killed", services.get(i).name(), logs, List.of()));
                processes.get(i).awaitLogLine("started:", STARTUP);
            }
            sending.get(LOAD_TIMEOUT.toMinutes(), TimeUnit.MINUTES);

            assertHolds("service killed mid-batch (" + KILLS + " kills)", load.judge(kafka.bootstrapServers()), kafka);

            for (ChildJvm process : processes) {
                long millis = process.terminate(10);
                require(millis < 10_000, process.log() + " took " + millis + " ms to stop on SIGTERM");
                require(Files.readString(process.log()).contains("stopped ("), "clean stop logged in " + process.log());
            }
        } finally {
            processes.forEach(ChildJvm::close);
        }
    }

    /**
     * A zombie: every service in a process of its own, {@code service} with a 5 s transaction timeout.
     * At 30 % of the load it is SIGSTOPped past that timeout while a replacement with its instance id
     * takes over, then SIGCONTed: it must stop, fenced, exit 1, without harming its successor.
     */
    public void serviceProcessPausedPastItsTransactionTimeout(String service, Path logs) throws Exception {
        keepingLogs("service paused", () -> pauseAndReplace(service, logs), logs);
    }

    private void pauseAndReplace(String service, Path logs) throws Exception {
        Load load = pipeline.load("paused", SEED + 8, SUBMISSIONS);
        List<String> shortTimeout = List.of("--property", "transaction.timeout.ms=5000");
        List<ChildJvm> processes = new ArrayList<>();
        PipelineUnderTest.Service pausedService = service(pipeline, service);
        ChildJvm paused = null;
        try {
            for (PipelineUnderTest.Service each : pipeline.services()) {
                boolean isPaused = each.name().equals(service);
                ChildJvm process = startProcess(each, "paused", "paused-" + each.name() + (isPaused ? "-1" : ""), logs,
                        isPaused ? shortTimeout : List.of());
                processes.add(process);
                if (isPaused) {
                    paused = process;
                }
            }
            for (ChildJvm process : processes) {
                process.awaitLogLine("started:", STARTUP);
            }
            Milestones milestones = new Milestones(load.size(), 0.3);
            CompletableFuture<?> sending = load.start(kafka.bootstrapServers(), 1_000, milestones);
            milestones.await(0);

            paused.suspend();
            LOG.warn("{} paused (SIGSTOP)", service);
            Thread.sleep(7_000);
            ChildJvm successor = startProcess(pausedService, "paused", "paused-" + service + "-2", logs, shortTimeout);
            processes.add(successor);
            successor.awaitLogLine("started:", STARTUP);
            Thread.sleep(3_000);
            paused.resume();
            LOG.warn("{} resumed (SIGCONT)", service);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (paused.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            require(!paused.isAlive(), "the resumed zombie stopped; log: " + paused.log());
            require(paused.exitCode() == 1, "a fenced instance exits 1, not " + paused.exitCode() + "; log: " + paused.log());
            require(Files.readString(paused.log()).contains("stopped: fenced"), "it says it was fenced: " + paused.log());
            sending.get(LOAD_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
            assertHolds("service paused past its transaction timeout and replaced", load.judge(kafka.bootstrapServers()), kafka);
            require(successor.isAlive(), "the successor runs on; log: " + successor.log());
        } finally {
            processes.forEach(ChildJvm::close);
        }
    }

    // ---- Services in this JVM --------------------------------------------------------------------------------------

    /** A second instance of every service joins at 30 % of the load and leaves at 70 %: two rebalances per stage. */
    public void instancesJoiningAndLeaving() throws Exception {
        Load load = pipeline.load("rebalance", SEED + 1, SUBMISSIONS);
        try (PipelineInstance first = startInstance(pipeline, kafka, "rebalance-a")) {
            Milestones milestones = new Milestones(load.size(), 0.3, 0.7);
            CompletableFuture<?> sending = load.start(kafka.bootstrapServers(), 2_000, milestones);
            milestones.await(0);
            try (PipelineInstance second = startInstance(pipeline, kafka, "rebalance-b")) {
                LOG.warn("second instance of every service joined");
                milestones.await(1);
            }
            LOG.warn("second instance of every service left");
            sending.get(LOAD_TIMEOUT.toMinutes(), TimeUnit.MINUTES);

            assertHolds("instances join and leave", load.judge(kafka.bootstrapServers()), kafka);
            first.assertRunning();
        }
    }

    /**
     * The stage {@code stage} runs with a 3 s transaction timeout and is stalled once for 8 s at 50 % of
     * the load: before a commit, or ({@code stallWhileProcessing}) inside the processing of a record five
     * records into a transaction, where the coordinator's abort surfaces on the sends or the offsets. The
     * broker aborts the transaction; the stage must redo it, losing and doubling nothing.
     */
    public void transactionOutlivingItsTimeout(String stage, boolean stallWhileProcessing) throws Exception {
        String runId = stallWhileProcessing ? "slow-record" : "timeout";
        String scenario = stallWhileProcessing ? "slow record outlived its transaction" : "transaction timed out";
        Load load = pipeline.load(runId, SEED + (stallWhileProcessing ? 7 : 3), SUBMISSIONS);
        StageSettings shortTimeout = new StageSettings(kafka, runId, StageSettings.DEFAULT_MAX_POLL_RECORDS,
                StageSettings.DEFAULT_MAX_PARTITION_FETCH_BYTES, Duration.ofSeconds(3), Duration.ofMillis(200),
                StageSettings.DEFAULT_COMMIT_INTERVAL);
        AtomicBoolean stalled = new AtomicBoolean();
        Milestones milestones = new Milestones(load.size(), 0.5);
        List<StageService<?>> stages = new ArrayList<>();
        for (PipelineUnderTest.Service service : pipeline.services()) {
            List<StageService<?>> created = service.stages().apply(StageSettings.defaults(kafka, runId));
            if (created.stream().anyMatch(s -> s.name().equals(stage))) {
                created = service.stages().apply(shortTimeout);
            }
            stages.addAll(created);
        }
        StageService<?> stalling = stages.stream().filter(s -> s.name().equals(stage)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + stage));
        stalling.addListener(new StageListener() {
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
                    LOG.warn("stalling {} on {}-{}@{} past its transaction's timeout", stage, source.topic(), source.partition(),
                            source.offset());
                    sleep(Duration.ofSeconds(8));
                }
            }

            @Override
            public void beforeCommit(int records) {
                if (!stallWhileProcessing && milestones.reached(0) && stalled.compareAndSet(false, true)) {
                    LOG.warn("stalling a {} transaction of {} records past its timeout", stage, records);
                    sleep(Duration.ofSeconds(8));
                }
            }
        });
        try (PipelineInstance instance = PipelineInstance.started(stages)) {
            load.start(kafka.bootstrapServers(), 2_000, milestones).get(LOAD_TIMEOUT.toMinutes(), TimeUnit.MINUTES);

            assertHolds(scenario, load.judge(kafka.bootstrapServers()), kafka);
            require(stalled.get(), "the stall happened");
            require(stalling.counters().transactionsAborted() >= 1, "the timed-out transaction was aborted: " + stalling.counters());
            instance.assertRunning();
        }
    }

    /**
     * Poison written straight to the pipeline's input mid-stream, keyed within the run: random bytes, a
     * record of another schema, a null value and 5 MiB of garbage. The load holds, and each is exactly one
     * {@code UNDECODABLE_RECORD} rejection from the first stage. {@code alsoInject} and {@code alsoCheck}
     * add the pipeline's own (a record valid in form that its first stage must reject, say).
     */
    public void poisonRecords(Load load, Fault alsoInject, Check alsoCheck) throws Exception {
        Map<String, byte[]> poison = poison(load.keyPrefix());
        TopicSpec<?> input = pipeline.flowTopics().get(0);
        underLoad("poison records", load, "poison", 2_000, 0.5, instance -> {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "max.request.size", Integer.toString(8 << 20)), new StringSerializer(), new ByteArraySerializer())) {
                for (Map.Entry<String, byte[]> p : poison.entrySet()) {
                    producer.send(new ProducerRecord<>(input.name(), p.getKey(), p.getValue())).get();
                }
            }
            alsoInject.inject(instance);
        }, instance -> {
            String firstStage = instance.stages().get(0).name();
            List<TopicReader.Read<ReviewRejection>> rejections = TopicReader.readUntil(kafka.bootstrapServers(), Topics.REJECTED,
                    read -> poison.keySet().stream().allMatch(k -> read.stream().anyMatch(r -> k.equals(r.key()))),
                    Duration.ofSeconds(60));
            for (String key : poison.keySet()) {
                List<ReviewRejection> forKey = rejections.stream().filter(r -> key.equals(r.key())).map(TopicReader.Read::value).toList();
                require(forKey.size() == 1, key + ": one rejection, not " + forKey);
                require("UNDECODABLE_RECORD".equals(forKey.get(0).getReason()), key + ": " + forKey.get(0));
                require(firstStage.equals(forKey.get(0).getStage()), key + ": rejected by " + firstStage + ": " + forKey.get(0));
            }
            alsoCheck.verify(instance);
        });
    }

    /**
     * The frame of every in-process scenario: one instance {@code instanceId} of the pipeline, {@code load}
     * sent at {@code perSecond}, {@code fault} injected once {@code at} of it is sent, then the verdict,
     * {@code check}, and every stage still running. For a scenario of the pipeline's own, such as a stage
     * that throws ({@link PipelineUnderTest#with}).
     */
    public void underLoad(String scenario, Load load, String instanceId, int perSecond, double at, Fault fault, Check check)
            throws Exception {
        underLoad(kafka, scenario, load, instanceId, perSecond, at, fault, check);
    }

    private void underLoad(KafkaSettings on, String scenario, Load load, String instanceId, int perSecond, double at,
                           Fault fault, Check check) throws Exception {
        try (PipelineInstance instance = startInstance(pipeline, on, instanceId)) {
            Milestones milestones = new Milestones(load.size(), at);
            CompletableFuture<?> sending = load.start(on.bootstrapServers(), perSecond, milestones);
            milestones.await(0);
            fault.inject(instance);
            sending.get(LOAD_TIMEOUT.toMinutes(), TimeUnit.MINUTES);

            assertHolds(scenario, load.judge(on.bootstrapServers()), on);
            check.verify(instance);
            instance.assertRunning();
        }
    }

    // ---- Brokers ---------------------------------------------------------------------------------------------------

    /**
     * A broker of the scenario's own, in its own process on a fixed port and data directory, is stopped
     * (SIGTERM: its controlled shutdown) at 30 % of the load, started again 5 s later, and stopped and
     * started once more 3 s after that ({@code -Dreviewflow.guarantees.brokerRestarts}), while every stage
     * is mid-transaction catching up on the backlog. Kafka can leave a transaction hanging across a restart
     * (RELIABILITY.md): if the verdict fails, the operator's remedy {@code endHangingTransactions} (returning
     * how many it ended) must recover it without a loss, and the scenario's line says so, never a plain pass.
     *
     * @param brokerCommand main class and arguments that run a broker before {@code --port} and {@code --data-dir}
     */
    public void brokerStoppedAndRestarted(List<String> brokerCommand, Path data, Path logs,
                                          ToIntFunction<KafkaSettings> endHangingTransactions) throws Exception {
        keepingLogs("broker restarted", () -> restartBroker(brokerCommand, data, logs, endHangingTransactions), logs, data);
    }

    private void restartBroker(List<String> brokerCommand, Path data, Path logs, ToIntFunction<KafkaSettings> endHangingTransactions)
            throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        ChildJvm broker = startBroker(brokerCommand, port, data, logs, 0);
        try {
            KafkaSettings own = KafkaSettings.of("127.0.0.1:" + port);
            pipeline.provision(own, PARTITIONS);
            Load load = pipeline.load("broker", SEED + 2, SUBMISSIONS);
            try (PipelineInstance instance = startInstance(pipeline, own, "broker-restart")) {
                Milestones milestones = new Milestones(load.size(), 0.3);
                CompletableFuture<?> sending = load.start(own.bootstrapServers(), 2_000, milestones);
                milestones.await(0);
                for (int restart = 0; restart < BROKER_RESTARTS; restart++) {
                    if (restart > 0) {
                        Thread.sleep(3_000);
                    }
                    long stopMillis = broker.terminate(60);
                    LOG.warn("broker stopped in {} ms", stopMillis);
                    Thread.sleep(5_000);
                    broker = startBroker(brokerCommand, port, data, logs, restart + 1);
                    LOG.warn("broker restarted");
                }
                sending.get(LOAD_TIMEOUT.toMinutes(), TimeUnit.MINUTES);

                Judgement verdict = load.judge(own.bootstrapServers());
                String scenario = "broker restarted";
                if (!verdict.holds()) {
                    // What a Kafka bug report needs, whether or not the remedy works.
                    describeTransactions(own);
                    keepLogs(scenario, logs, data);
                    int ended = endHangingTransactions.applyAsInt(own);
                    if (ended > 0) {
                        scenario = "broker restarted: HANGING TRANSACTION, remedied by 'reviewflow transactions abort --all' ("
                                + ended + " ended)";
                        verdict = load.judge(own.bootstrapServers());
                    }
                }
                assertHolds(scenario, verdict, own);
                instance.assertRunning();
            }
        } finally {
            broker.close();
        }
    }

    /** Cluster: at 30 % of the load the leader of the busiest pipeline partition is SIGKILLed and started again 5 s later. */
    public void leaderOfTheBusiestPartitionKilled(BrokerCluster cluster) throws Exception {
        onCluster(cluster, "cluster-leader", "cluster: leader of the busiest partition killed", 2_000, 0.3, instance -> {
            TopicPartition busiest = busiestPartition(cluster);
            int leader = cluster.leaderOf(busiest);
            cluster.kill(leader);
            LOG.warn("killed node {} (SIGKILL), leader of the busiest partition {}", leader, busiest);
            Thread.sleep(5_000);
            cluster.restart(leader);
        });
    }

    /** Cluster: at 30 % the node coordinating {@code stage}'s transactions is SIGKILLed and started again 5 s later. */
    public void transactionCoordinatorKilled(BrokerCluster cluster, String stage) throws Exception {
        onCluster(cluster, "cluster-coordinator", "cluster: transaction coordinator of " + stage + " killed", 2_000, 0.3,
                instance -> {
                    String transactionalId = instance.stage(stage).transactionalId();
                    int coordinator = cluster.coordinatorOf(transactionalId);
                    cluster.kill(coordinator);
                    LOG.warn("killed node {} (SIGKILL), transaction coordinator of {}", coordinator, transactionalId);
                    Thread.sleep(5_000);
                    cluster.restart(coordinator);
                });
    }

    /** Cluster: from 20 % of a slower load, so it spans the whole upgrade, each node in turn is stopped (SIGTERM), restarted and awaited in sync. */
    public void rollingRestart(BrokerCluster cluster) throws Exception {
        onCluster(cluster, "cluster-rolling", "cluster: rolling restart", 500, 0.2, instance -> {
            for (int node : List.copyOf(cluster.nodeIds())) {
                cluster.stop(node);
                LOG.warn("node {} stopped (SIGTERM) for its upgrade", node);
                cluster.restart(node);
                cluster.awaitInSync();
                LOG.warn("node {} back and in sync", node);
            }
        });
    }

    /** Cluster: at 30 % the busiest partition's leader is SIGSTOPped for 15 s, past its session with the controllers, then SIGCONTed. */
    public void nodePausedPastItsSession(BrokerCluster cluster) throws Exception {
        onCluster(cluster, "cluster-paused", "cluster: node paused past its session", 1_000, 0.3, instance -> {
            int leader = cluster.leaderOf(busiestPartition(cluster));
            cluster.pause(leader);
            LOG.warn("node {} paused (SIGSTOP) for {} s", leader, NODE_PAUSE.toSeconds());
            Thread.sleep(NODE_PAUSE.toMillis());
            cluster.resume(leader);
            LOG.warn("node {} resumed (SIGCONT)", leader);
        });
    }

    /** A cluster keeps its nodes' logs and data where it was started, so they are not copied as evidence. */
    private void onCluster(BrokerCluster cluster, String runId, String scenario, int perSecond, double at, Fault fault)
            throws Exception {
        KafkaSettings on = KafkaSettings.of(cluster.bootstrapServers());
        Load load = pipeline.load(runId, SEED + runId.hashCode(), SUBMISSIONS);
        underLoad(on, scenario, load, runId, perSecond, at, fault, instance -> { });
    }

    /** The partition of a flow topic holding the most records right now. */
    private TopicPartition busiestPartition(BrokerCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartition partition : flowPartitions()) {
                latest.put(partition, OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return latest.keySet().stream().max(Comparator.comparingLong(tp -> ends.get(tp).offset())).orElseThrow();
        }
    }

    // ---- Judgement and evidence --------------------------------------------------------------------------------------

    /**
     * Fails with the verdict's failures unless it holds, describing the pipeline's transactions first;
     * prints the scenario's RELIABILITY line if it does.
     */
    private void assertHolds(String scenario, Judgement verdict, KafkaSettings on) {
        if (!verdict.holds()) {
            describeTransactions(on);
            throw new AssertionError(scenario + ": " + verdict + "\n  (the pipeline's partitions, transactions and groups are logged above)");
        }
        System.out.println("RELIABILITY " + scenario + ": " + verdict.summary());
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Runs a scenario whose processes log to (or whose broker keeps its data in) {@code directories}, keeping them if it fails. */
    private static void keepingLogs(String scenario, Body body, Path... directories) throws Exception {
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            keepLogs(scenario, directories);
            throw e;
        }
    }

    /**
     * Logs each flow partition's last stable and end offsets with its active producers, every open
     * transaction and the pipeline's groups with their committed offsets: what a stuck or doubled
     * outcome is traced back with.
     */
    private void describeTransactions(KafkaSettings on) {
        try (Admin admin = Admin.create(on.adminProperties())) {
            for (TopicPartition tp : flowPartitions()) {
                long stable = admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
                LOG.warn("{}: last stable offset {}, log end {}, producers {}", tp, stable, end,
                        admin.describeProducers(List.of(tp)).partitionResult(tp).get(30, TimeUnit.SECONDS).activeProducers());
            }
            var transactions = admin.listTransactions().all().get(30, TimeUnit.SECONDS);
            LOG.warn("transactions: {}", transactions);
            List<String> ids = transactions.stream().map(TransactionListing::transactionalId).toList();
            admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS)
                    .forEach((id, description) -> LOG.warn("transaction {}: {}", id, description));
            for (String group : groups(on)) {
                LOG.warn("group {}: {}; committed {}", group,
                        admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group),
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            LOG.warn("could not describe the transaction state: {}", e.toString());
        }
    }

    /**
     * Copies {@code directories} (process logs, a broker's data), which JUnit deletes with the test's
     * temporary directories, to {@code target/guarantee-evidence}: what a bug report needs, ours or Kafka's.
     */
    private static void keepLogs(String scenario, Path... directories) {
        Path evidence = Path.of("target", "guarantee-evidence",
                scenario.replaceAll("[^A-Za-z0-9]+", "-") + "-" + System.currentTimeMillis());
        try {
            for (Path from : directories) {
                copyTree(from, evidence.resolve(from.getFileName().toString()));
            }
            LOG.warn("{}: logs and data kept in {}", scenario, evidence.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the logs and data: {}", e.toString());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(path, target);
                }
            }
        }
    }

    private List<TopicPartition> flowPartitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicSpec<?> topic : pipeline.flowTopics()) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
        }
        return partitions;
    }

    /** The consumer groups of the pipeline's stages: named by the stage, whatever the instance. */
    private List<String> groups(KafkaSettings on) {
        List<String> groups = new ArrayList<>();
        for (PipelineUnderTest.Service service : pipeline.services()) {
            for (StageService<?> stage : service.stages().apply(StageSettings.defaults(on, "evidence"))) {
                groups.add(stage.groupId());
            }
        }
        return groups;
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    private static PipelineInstance startInstance(PipelineUnderTest pipeline, KafkaSettings on, String instanceId) {
        StageSettings settings = StageSettings.defaults(on, instanceId);
        return PipelineInstance.start(pipeline.services(), service -> settings);
    }

    private ChildJvm startProcess(PipelineUnderTest.Service service, String instanceId, String name, Path logs,
                                        List<String> extraArguments) {
        // A service's production heap budget: 256 MiB.
        List<String> arguments = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        arguments.addAll(ChildJvm.onThisClassPath(service.command().get(0)));
        arguments.addAll(service.command().subList(1, service.command().size()));
        arguments.addAll(List.of("--bootstrap-server", kafka.bootstrapServers(), "--instance-id", instanceId,
                "--partitions", Integer.toString(PARTITIONS), "--http-port", "off"));
        arguments.addAll(extraArguments);
        return ChildJvm.start(name, arguments, logs);
    }

    /** A broker in its own JVM, logging to broker-{@code start}.log; returns once it is ready. */
    private static ChildJvm startBroker(List<String> brokerCommand, int port, Path data, Path logs, int start)
            throws InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("-Xmx512m"));
        arguments.addAll(ChildJvm.onThisClassPath(brokerCommand.get(0)));
        arguments.addAll(brokerCommand.subList(1, brokerCommand.size()));
        arguments.addAll(List.of("--port", Integer.toString(port), "--data-dir", data.toString()));
        if (!BROKER_FEATURES.isBlank()) {
            for (String feature : BROKER_FEATURES.split(",")) {
                arguments.addAll(List.of("--feature", feature.strip()));
            }
        }
        ChildJvm broker = ChildJvm.start("broker-" + start, arguments, logs);
        try {
            broker.awaitLogLine("Kafka broker ready", Duration.ofSeconds(90));
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static PipelineUnderTest.Service service(PipelineUnderTest pipeline, String name) {
        return pipeline.services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
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

    /** Poison records keyed within the run, so a run against a cluster that has seen others counts only its own. */
    private static Map<String, byte[]> poison(String prefix) {
        Random random = new Random(SEED);
        byte[] randomBytes = new byte[512];
        random.nextBytes(randomBytes);
        byte[] hugeGarbage = new byte[5 << 20];
        random.nextBytes(hugeGarbage);
        byte[] wrongSchema = Topics.REJECTED.codec().encode(ReviewRejection.newBuilder()
                .setReason("X").setMessage("not a submission").setStage("test").setSourceTopic("t").setSourcePartition(0)
                .setSourceOffset(0).setRejectedAt(Instant.now()).build());
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put(prefix + "random-bytes", randomBytes);
        poison.put(prefix + "wrong-schema", wrongSchema);
        poison.put(prefix + "null-value", null);
        poison.put(prefix + "oversized-garbage", hugeGarbage);
        return poison;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
