package io.reviewflow.cli;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.testkit.guarantees.BrokerCluster;
import io.reviewflow.testkit.guarantees.GuaranteeSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guarantees on the production shape of Kafka: three KRaft nodes, each its own process on
 * loopback, three replicas of every topic, {@code min.insync.replicas=2}, {@code acks=all}. The
 * review pipeline plugged into the test kit's {@link GuaranteeSuite}: each scenario sends a mixed
 * load of submissions (10,000 by default) through the running pipeline while it takes a node away
 * in a way production does, and requires every submission to end exactly once. Broker logs and
 * data are kept under {@code target/cluster-faults} for a failure.
 */
class ClusterFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultsIT.class);

    private static BrokerCluster cluster;
    private static GuaranteeSuite suite;

    @BeforeAll
    static void startCluster() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "cluster-faults", Long.toString(System.currentTimeMillis())));
        cluster = BrokerCluster.start(ReviewPipeline.BROKER, 3, root);
        suite = new GuaranteeSuite(new ReviewPipeline(VerdictScale.defaultScale()), KafkaSettings.of(cluster.bootstrapServers()));
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
        suite.leaderOfTheBusiestPartitionKilled(cluster);
    }

    @Test
    void theTransactionCoordinatorOfAStageKilledMidLoad() throws Exception {
        suite.transactionCoordinatorKilled(cluster, "scoring");
    }

    @Test
    void aRollingRestartOfEveryNode() throws Exception {
        suite.rollingRestart(cluster);
    }

    @Test
    void aNodePausedPastItsSessionTimeoutThenResumed() throws Exception {
        suite.nodePausedPastItsSession(cluster);
    }
}
