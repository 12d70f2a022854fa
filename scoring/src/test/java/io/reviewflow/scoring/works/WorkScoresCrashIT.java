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
 * in a JVM of its own SIGKILLed and restarted mid-stream, a second instance joining and leaving, and poison
 * records among the scored reviews, each time with scored reviews still arriving, so both loops' state must come back from its changelog. At the
 * end {@code works.scores} must hold exactly what a recomputation of the stream gives with the service's
 * own logic: no review lost, none counted twice.
 */
class WorkScoresCrashIT {

    private final WorksPipeline works = new WorksPipeline(VerdictScale.preset("house"));
    private final GuaranteeSuite suite = new GuaranteeSuite(works, KafkaSettings.of(TestKafka.bootstrapServers()));

    @Test
    void killedAndRestartedMidStream(@TempDir Path logs) throws Exception {
        suite.serviceProcessesKilledAndRestarted(logs);
    }

    @Test
    void instancesJoiningAndLeaving() throws Exception {
        suite.instancesJoiningAndLeaving();
    }

    /** The same dead-letter policy as every stage: each poison record is one rejection, the rest is counted. */
    @Test
    void poisonRecordsAreRejectedOneEachAndTheRestIsCounted() throws Exception {
        suite.poisonRecords(works.load("poison", GuaranteeSuite.SEED + 4, GuaranteeSuite.SUBMISSIONS), instance -> { }, instance -> { });
    }
}
