package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceMainTest {

    @Test
    void flagsOverrideTheEnvironment() {
        ServiceMain.Options options = ServiceMain.parse(
                new String[] {"--bootstrap-server", "flag:9092", "--property", "security.protocol=SSL"},
                Map.of("verdict-scale", "help"),
                Map.of("REVIEWFLOW_BOOTSTRAP_SERVER", "env:9092", "REVIEWFLOW_INSTANCE_ID", "pod-1",
                        "REVIEWFLOW_PARTITIONS", "6", "REVIEWFLOW_VERDICT_SCALE", "aggregator"));

        assertEquals("flag:9092", options.settings().kafka().bootstrapServers());
        assertEquals("pod-1", options.settings().instanceId());
        assertEquals(6, options.partitions());
        assertEquals(Optional.empty(), options.replicationFactor());
        assertEquals(Map.of("verdict-scale", "aggregator"), options.extra());
        assertEquals(Map.of("security.protocol", "SSL"), options.settings().kafka().clientOverrides());
    }

    @Test
    void badUsageNamesTheProblem() {
        assertEquals("--bootstrap-server HOST:PORT is required",
                assertThrows(IllegalArgumentException.class, () -> ServiceMain.parse(new String[0], Map.of(), Map.of())).getMessage());
        assertEquals("unknown option --verdict-scale",
                assertThrows(IllegalArgumentException.class, () -> ServiceMain.parse(
                        new String[] {"--bootstrap-server", "x:1", "--verdict-scale", "house"}, Map.of(), Map.of())).getMessage());
        assertEquals("--partitions must be a positive whole number, got 'zero'",
                assertThrows(IllegalArgumentException.class, () -> ServiceMain.parse(
                        new String[] {"--bootstrap-server", "x:1", "--partitions", "zero"}, Map.of(), Map.of())).getMessage());
        assertEquals("--property takes KEY=VALUE, got 'oops'",
                assertThrows(IllegalArgumentException.class, () -> ServiceMain.parse(
                        new String[] {"--bootstrap-server", "x:1", "--property", "oops"}, Map.of(), Map.of())).getMessage());
        assertNull(ServiceMain.parse(new String[] {"--help"}, Map.of(), Map.of()));
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCodeThreeWithinTheTimeout() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = ServiceMain.run("ingest", new String[] {"--bootstrap-server", "127.0.0.1:1"}, Map.of(),
                (settings, extra) -> new StageService<>(new NeverStartedStage(), settings),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long seconds = (System.nanoTime() - start) / 1_000_000_000;

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ServiceMain.EXIT_UNREACHABLE, exit, message);
        assertEquals(1, message.strip().lines().count(), message);
        assertTrue(message.startsWith("reviewflow ingest: cannot reach Kafka at 127.0.0.1:1"), message);
        assertTrue(seconds < 15, seconds + " s");
    }

    @Test
    void aFactoryThatRejectsItsConfigurationStopsStartUpWithItsMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ServiceMain.run("scoring", new String[] {"--bootstrap-server", "127.0.0.1:1"}, Map.of(),
                (settings, extra) -> { throw new IllegalArgumentException("verdict scale 'x': scores 40-44 are not covered"); },
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(ServiceMain.EXIT_USAGE, exit);
        assertEquals("reviewflow scoring: verdict scale 'x': scores 40-44 are not covered", err.toString(StandardCharsets.UTF_8).strip());
    }

    /** A stage for tests that must never see a record. */
    static final class NeverStartedStage implements Stage<io.reviewflow.avro.ReviewSubmission> {
        @Override
        public String name() {
            return "ingest";
        }

        @Override
        public TopicSpec<io.reviewflow.avro.ReviewSubmission> input() {
            return Topics.SUBMITTED;
        }

        @Override
        public io.reviewflow.avro.ReviewSubmission submissionOf(io.reviewflow.avro.ReviewSubmission input) {
            return input;
        }

        @Override
        public void process(io.reviewflow.avro.ReviewSubmission input, SourcePosition source, Emitter out) {
            throw new AssertionError("never started");
        }
    }
}
