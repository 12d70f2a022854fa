package io.reviewflow.scoring.works;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.guarantees.GuaranteeSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work scores survive crashes and rebalances, through the guarantee suite: {@code reviewflow works}
 * in a JVM of its own SIGKILLed and restarted mid-stream, and a second instance joining and leaving, each
 * time with scored reviews still arriving, so both loops' state must come back from its changelog. At the
 * end {@code works.scores} must hold exactly what a recomputation of the stream gives with the service's
 * own logic: no review lost, none counted twice.
 */
class WorkScoresCrashIT {

    private final GuaranteeSuite suite = new GuaranteeSuite(new WorksPipeline(VerdictScale.preset("house")),
            KafkaSettings.of(TestKafka.bootstrapServers()));

    @Test
    void killedAndRestartedMidStream(@TempDir Path logs) throws Exception {
        suite.serviceProcessesKilledAndRestarted(logs);
    }

    @Test
    void instancesJoiningAndLeaving() throws Exception {
        suite.instancesJoiningAndLeaving();
    }
}
