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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guarantees on the production shape of Kafka: three KRaft nodes, each its own process on
 * loopback, three replicas of every topic, {@code min.insync.replicas=2}, {@code acks=all}. The
 * review pipeline plugged into the test kit's {@link GuaranteeSuite}: each scenario sends a mixed
 * load of submissions (10,000 by default) through the running pipeline while it takes a node away
 * in a way production does, and requires every submission to end exactly once. Broker logs and
 * data are kept under {@code target/cluster-faults} for a failure.
 *
 * <p>The build runs two of them, a crashed leader and a crashed transaction coordinator; the rolling
 * restart and the paused node take another 1.5 minutes together and run in the soak,
 * {@code -Dreviewflow.guarantees.soak=true}, so the whole build stays within its 15 minutes on two cores.
 */
class ClusterFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultsIT.class);
    /** The system property that adds the soak's scenarios. */
    private static final String SOAK = "reviewflow.guarantees.soak";

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
    @EnabledIfSystemProperty(named = SOAK, matches = "true", disabledReason = "soak only: -D" + SOAK + "=true")
    void aRollingRestartOfEveryNode() throws Exception {
        suite.rollingRestart(cluster);
    }

    @Test
    @EnabledIfSystemProperty(named = SOAK, matches = "true", disabledReason = "soak only: -D" + SOAK + "=true")
    void aNodePausedPastItsSessionTimeoutThenResumed() throws Exception {
        suite.nodePausedPastItsSession(cluster);
    }
}
