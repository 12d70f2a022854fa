package io.reviewflow.scoring.works;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.runtime.ServiceMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkScoresOptionsTest {

    @Test
    void theCommonOptionsAndTheServicesOwnAreRead() {
        WorkScoresOptions options = WorkScoresOptions.parse(new String[] {
                "--bootstrap-server", "k:9092", "--instance-id", "w-1", "--partitions", "6",
                "--replication-factor", "3", "--property", "security.protocol=SSL", "--verdict-scale", "aggregator",
                "--state-dir", "/var/lib/works", "--application-id=works-b"}, Map.of());

        WorkScoresSettings settings = options.settings();
        assertEquals("k:9092", settings.kafka().bootstrapServers());
        assertEquals(Map.of("security.protocol", "SSL"), settings.kafka().clientOverrides());
        assertEquals("w-1", settings.instanceId());
        assertEquals("works-b", settings.applicationId());
        assertEquals("works-b-w-1", settings.groupInstanceId());
        assertEquals(Path.of("/var/lib/works"), settings.stateDir());
        assertEquals(Optional.of((short) 3), settings.replicationFactor());
        assertEquals(6, options.partitions());
        assertEquals("aggregator", options.verdictScale());
    }

    @Test
    void defaultsAreTheHouseScaleAndAStateDirPerApplicationAndInstance() {
        WorkScoresOptions options = WorkScoresOptions.parse(new String[] {"--bootstrap-server", "k:9092", "--instance-id", "w-1"}, Map.of());

        assertEquals("house", options.verdictScale());
        assertEquals(WorkScoresSettings.DEFAULT_APPLICATION_ID, options.settings().applicationId());
        assertEquals(WorkScoresSettings.defaultStateDir("reviewflow-work-scores", "w-1"), options.settings().stateDir());
        assertEquals(3, options.partitions());
        assertEquals(Optional.empty(), options.settings().replicationFactor());
    }

    @Test
    void theEnvironmentSuppliesOptionsAndAFlagWinsOverIt() {
        WorkScoresOptions options = WorkScoresOptions.parse(new String[] {"--verdict-scale", "fresh-rotten"}, Map.of(
                "REVIEWFLOW_BOOTSTRAP_SERVER", "env:9092",
                "REVIEWFLOW_VERDICT_SCALE", "aggregator",
                "REVIEWFLOW_STATE_DIR", "/data/works"));

        assertEquals("env:9092", options.settings().kafka().bootstrapServers());
        assertEquals("fresh-rotten", options.verdictScale());
        assertEquals(Path.of("/data/works"), options.settings().stateDir());
    }

    @Test
    void badUsageIsAOneLineMessage() {
        assertEquals("--bootstrap-server HOST:PORT is required",
                assertThrows(IllegalArgumentException.class, () -> WorkScoresOptions.parse(new String[0], Map.of())).getMessage());
        assertEquals("unknown option --bogus", assertThrows(IllegalArgumentException.class,
                () -> WorkScoresOptions.parse(new String[] {"--bootstrap-server", "k:1", "--bogus", "x"}, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> WorkScoresOptions.parse(new String[] {"--bootstrap-server", "k:1", "--partitions", "0"}, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> WorkScoresOptions.parse(new String[] {"--bootstrap-server", "k:1", "--instance-id", "a b"}, Map.of()));
        assertNull(WorkScoresOptions.parse(new String[] {"--help"}, Map.of()));
    }

    @Test
    void anUnknownVerdictScaleStopsStartUpWithUsageExitCode() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = WorkScoresService.run(new String[] {"--bootstrap-server", "127.0.0.1:1", "--verdict-scale", "no-such-scale"},
                Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(ServiceMain.EXIT_USAGE, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("reviewflow works: verdict scale 'no-such-scale'"), err.toString());
    }

    @Test
    void anUnreachableBrokerIsExitCodeThree() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = WorkScoresService.run(new String[] {"--bootstrap-server", "127.0.0.1:1", "--property", "request.timeout.ms=1000", "--property", "default.api.timeout.ms=1000"},
                Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(ServiceMain.EXIT_UNREACHABLE, exit, err.toString(StandardCharsets.UTF_8));
    }
}
