package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reviewflow.runtime.ServiceOptions;
import io.reviewflow.scoring.works.service.ContributionStage;
import io.reviewflow.scoring.works.service.TallyStage;
import io.reviewflow.scoring.works.service.WorksService;
import io.reviewflow.testkit.PipelineAcls;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The works service on the shared command line, and the names operators grant ACLs on. */
class WorksServiceTest {

    @Test
    void itTakesTheSharedSettingsWithItsOwnPortAndTheVerdictScale() {
        ServiceOptions options = ServiceOptions.parse(WorksService.NAME, new String[] {"--verdict-scale", "fresh-rotten"},
                WorksService.OPTIONS, Map.of("REVIEWFLOW_BOOTSTRAP_SERVER", "kafka:9092", "REVIEWFLOW_HANGING_TRANSACTION_SECONDS", "60"));

        assertEquals(8085, options.http().orElseThrow().port());
        assertEquals("fresh-rotten", options.extra().get("verdict-scale"));
        assertEquals("kafka:9092", options.settings().kafka().bootstrapServers());
    }

    @Test
    void anUnknownSettingStopsStartUp() {
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.parse(WorksService.NAME,
                new String[] {"--bootstrap-server", "kafka:9092", "--state-dir", "/tmp/works"}, WorksService.OPTIONS, Map.of()));
    }

    @Test
    void theAclHelpersNameTheStagesStateTopics() {
        assertEquals(ContributionStage.CONTRIBUTIONS.name(), PipelineAcls.WORKS_CONTRIBUTIONS_STATE_TOPIC);
        assertEquals(TallyStage.TALLIES.name(), PipelineAcls.WORKS_TALLIES_STATE_TOPIC);
        assertEquals("works-contributions", PipelineAcls.WORKS_CONTRIBUTIONS.stage());
        assertEquals("works-tallies", PipelineAcls.WORKS_TALLIES.stage());
    }
}
