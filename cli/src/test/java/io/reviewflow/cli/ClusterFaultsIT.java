package io.reviewflow.cli;

import static io.reviewflow.testkit.guarantees.ScenarioChecks.SEED;
import static io.reviewflow.testkit.guarantees.ScenarioChecks.SUBMISSIONS;
import static io.reviewflow.testkit.guarantees.ScenarioChecks.assertHolds;

import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.testkit.guarantees.GuaranteeReport;
import io.reviewflow.testkit.guarantees.LoadDriver;
import io.reviewflow.testkit.guarantees.Milestones;
import io.reviewflow.testkit.guarantees.ScenarioChecks;
import io.reviewflow.testkit.guarantees.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guarantees on the production shape of Kafka: three KRaft nodes, each its own process on
 * loopback, three replicas of every topic, {@code min.insync.replicas=2}, {@code acks=all}. Each
 * scenario sends a mixed load of submissions (10,000 by default) through the running pipeline
 * while it takes a node away in a way production does, and requires every submission to end
 * exactly once. Broker logs and data are kept under {@code target/cluster-faults} for a failure.
 */
class ClusterFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultsIT.class);
    private static final VerdictScale SCALE = VerdictScale.defaultScale();
    /** Longer than a broker's session with the controller (broker.session.timeout.ms, 9 s), short of replica lag (30 s). */
    private static final Duration PAUSE = Duration.ofSeconds(15);

    private static BrokerCluster cluster;
    private static KafkaSettings kafka;

    @BeforeAll
    static void startCluster() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "cluster-faults", Long.toString(System.currentTimeMillis())));
        cluster = BrokerCluster.start(3, root);
        kafka = KafkaSettings.of(cluster.bootstrapServers());
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, 3, Optional.empty());
        LOG.warn("three-node cluster at {}, logs and data in {}", cluster.bootstrapServers(), root.toAbsolutePath());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every scenario leaves the cluster whole for the next: every node up, every replica in sync. */
    @AfterEach
    void wholeAgain() throws Exception {
        cluster.awaitInSync();
    }

    @Test
    void theLeaderOfTheBusiestPartitionKilledMidLoadAndBroughtBack() throws Exception {
        underLoad("cluster-leader", "cluster: leader of the busiest partition killed", 2_000, 0.3, pipeline -> {
            TopicPartition busiest = busiestPartition();
            int leader = cluster.leaderOf(busiest);
            cluster.kill(leader);
            LOG.warn("killed node {} (SIGKILL), leader of the busiest partition {}", leader, busiest);
            Thread.sleep(5_000);
            cluster.restart(leader);
        });
    }

    @Test
    void theTransactionCoordinatorOfAStageKilledMidLoad() throws Exception {
        underLoad("cluster-coordinator", "cluster: transaction coordinator of scoring killed", 2_000, 0.3, pipeline -> {
            String scoring = pipeline.services().get(1).transactionalId();
            int coordinator = cluster.coordinatorOf(scoring);
            cluster.kill(coordinator);
            LOG.warn("killed node {} (SIGKILL), transaction coordinator of {}", coordinator, scoring);
            Thread.sleep(5_000);
            cluster.restart(coordinator);
        });
    }

    @Test
    void aRollingRestartOfEveryNode() throws Exception {
        // Slower, so the load spans the whole upgrade rather than finishing under the first node.
        underLoad("cluster-rolling", "cluster: rolling restart", 500, 0.2, pipeline -> {
            for (int node : List.copyOf(cluster.nodeIds())) {
                cluster.stop(node);
                LOG.warn("node {} stopped (SIGTERM) for its upgrade", node);
                cluster.restart(node);
                cluster.awaitInSync();
                LOG.warn("node {} back and in sync", node);
            }
        });
    }

    @Test
    void aNodePausedPastItsSessionTimeoutThenResumed() throws Exception {
        underLoad("cluster-paused", "cluster: node paused past its session", 1_000, 0.3, pipeline -> {
            int leader = cluster.leaderOf(busiestPartition());
            cluster.pause(leader);
            LOG.warn("node {} paused (SIGSTOP) for {} s", leader, PAUSE.toSeconds());
            Thread.sleep(PAUSE.toMillis());
            cluster.resume(leader);
            LOG.warn("node {} resumed (SIGCONT)", leader);
        });
    }

    /** What a scenario does to the cluster once the load has reached its milestone. */
    @FunctionalInterface
    private interface Fault {
        void inject(Pipeline pipeline) throws Exception;
    }

    /**
     * Runs the pipeline under a fresh seeded workload sent at {@code perSecond}, injects the fault when
     * {@code at} of it is sent, and requires every submission to end as the model says, exactly once.
     */
    private static void underLoad(String runId, String scenario, int perSecond, double at, Fault fault) throws Exception {
        Workload workload = Workload.generate(Workload.freshRunId(runId), SUBMISSIONS, SEED + runId.hashCode());
        try (Pipeline pipeline = Pipeline.start(kafka, runId, 3, SCALE)) {
            Milestones milestones = new Milestones(workload.size(), at);
            CompletableFuture<Integer> load = new LoadDriver(kafka.bootstrapServers()).start(workload, perSecond, milestones);
            milestones.await(0);
            fault.inject(pipeline);
            load.get(5, TimeUnit.MINUTES);

            assertHolds(scenario, check(workload));
        }
    }

    /** The partition of a pipeline topic holding the most records right now. */
    private static TopicPartition busiestPartition() throws Exception {
        try (Admin admin = cluster.admin()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicSpec<?> topic : List.of(Topics.SUBMITTED, Topics.INGESTED, Topics.SCORED, Topics.PUBLISHED)) {
                for (int p = 0; p < 3; p++) {
                    partitions.add(new TopicPartition(topic.name(), p));
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return partitions.stream().max(java.util.Comparator.comparingLong(tp -> ends.get(tp).offset())).orElseThrow();
        }
    }

    private static GuaranteeReport check(Workload workload) {
        return ScenarioChecks.check(kafka.bootstrapServers(), workload, new Scorer(SCALE)::score);
    }
}
