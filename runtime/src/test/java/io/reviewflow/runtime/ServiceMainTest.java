package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewSubmission;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceMainTest {

    private static final Map<String, String> SCALE = Map.of("verdict-scale", "help");

    @Test
    void flagsOverrideTheEnvironment() {
        ServiceOptions options = ServiceOptions.parse("scoring",
                new String[] {"--bootstrap-server", "flag:9092", "--property", "security.protocol=SSL"},
                SCALE,
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
    void eachLayerOverridesTheOneBeforeDefaultsFileEnvironmentFlags(@TempDir Path dir) throws IOException {
        // Given a file that sets four settings, an environment that overrides two of them, and a flag that overrides one
        Path file = dir.resolve("scoring.properties");
        Files.writeString(file, """
                bootstrap-server=file:9092
                instance-id=from-file
                partitions=4
                verdict-scale=fresh-rotten
                kafka.client.dns.lookup=use_all_dns_ips
                kafka.request.timeout.ms=20000
                kafka.retry.backoff.ms=150
                """);
        Map<String, String> environment = Map.of(
                "REVIEWFLOW_CONFIG", file.toString(),
                "REVIEWFLOW_INSTANCE_ID", "from-env",
                "REVIEWFLOW_PARTITIONS", "5",
                "REVIEWFLOW_KAFKA_REQUEST_TIMEOUT_MS", "25000",
                "REVIEWFLOW_KAFKA_RETRY_BACKOFF_MS", "175");

        // When the command line overrides one setting and one property
        ServiceOptions options = ServiceOptions.parse("scoring",
                new String[] {"--partitions", "6", "--property", "retry.backoff.ms=200"}, SCALE, environment);

        // Then each value comes from the last layer that gave it, and the rest are defaults
        assertEquals("file:9092", options.settings().kafka().bootstrapServers());
        assertEquals("from-env", options.settings().instanceId());
        assertEquals(6, options.partitions());
        assertEquals(Map.of("verdict-scale", "fresh-rotten"), options.extra());
        assertEquals(Map.of("client.dns.lookup", "use_all_dns_ips", "request.timeout.ms", "25000", "retry.backoff.ms", "200"),
                options.settings().kafka().clientOverrides());
        assertEquals(Optional.of(new ServiceOptions.HttpEndpoint("127.0.0.1", 8082, false)), options.http());
        assertEquals("6 (--partitions)", options.effective().get("partitions"));
        assertEquals("from-env (REVIEWFLOW_INSTANCE_ID)", options.effective().get("instance-id"));
        assertEquals("file:9092 (" + file + ": bootstrap-server)", options.effective().get("bootstrap-server"));
        assertEquals("use_all_dns_ips (" + file + ": kafka.client.dns.lookup)", options.effective().get("kafka.client.dns.lookup"));
        assertEquals("3 (default)", ServiceOptions.parse("ingest", new String[] {"--bootstrap-server", "x:1"}, Map.of(), Map.of())
                .effective().get("partitions"));
    }

    @Test
    void aFlagNamesTheConfigFileAndWinsOverTheEnvironmentsChoice(@TempDir Path dir) throws IOException {
        Path chosen = dir.resolve("chosen.properties");
        Files.writeString(chosen, "bootstrap-server=chosen:9092\nhttp-port=off\n");

        ServiceOptions options = ServiceOptions.parse("publish", new String[] {"--config", chosen.toString()}, Map.of(),
                Map.of("REVIEWFLOW_CONFIG", dir.resolve("absent.properties").toString()));

        assertEquals("chosen:9092", options.settings().kafka().bootstrapServers());
        assertEquals(Optional.empty(), options.http());
    }

    @Test
    void theHttpEndpointIsLoopbackOnTheServicesOwnPortUnlessConfigured() {
        assertEquals(Optional.of(new ServiceOptions.HttpEndpoint("127.0.0.1", 8081, false)),
                ServiceOptions.parse("ingest", new String[] {"--bootstrap-server", "x:1"}, Map.of(), Map.of()).http());
        assertEquals(Optional.of(new ServiceOptions.HttpEndpoint("0.0.0.0", 9100, true)),
                ServiceOptions.parse("publish", new String[] {"--bootstrap-server", "x:1"}, Map.of(),
                        Map.of("REVIEWFLOW_HTTP_ADDRESS", "0.0.0.0", "REVIEWFLOW_HTTP_PORT", "9100")).http());
    }

    @Test
    void badUsageNamesTheProblem() {
        assertTrue(failure("ingest", new String[0], Map.of()).startsWith("--bootstrap-server HOST:PORT is required"));
        assertEquals("unknown option --verdict-scale", failure("ingest", new String[] {"--bootstrap-server", "x:1", "--verdict-scale", "house"}, Map.of()));
        assertEquals("--partitions must be a positive whole number, got 'zero'",
                failure("ingest", new String[] {"--bootstrap-server", "x:1", "--partitions", "zero"}, Map.of()));
        assertEquals("--property takes KEY=VALUE, got 'oops'",
                failure("ingest", new String[] {"--bootstrap-server", "x:1", "--property", "oops"}, Map.of()));
        assertNull(ServiceOptions.parse("ingest", new String[] {"--help"}, Map.of(), Map.of()));
    }

    @Test
    void anUnknownOrMalformedSettingIsNamedAsTheOperatorWroteIt(@TempDir Path dir) throws IOException {
        String[] bootstrap = {"--bootstrap-server", "x:1"};
        Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "bootstrap-server=x:1\nverdict-scale=house\n");

        assertEquals(file + ": unknown setting 'verdict-scale'", failure("ingest", new String[] {"--config", file.toString()}, Map.of()));
        assertEquals("unknown setting REVIEWFLOW_VERDICT_SCALE: not an option of ingest (see reviewflow ingest --help)",
                failure("ingest", bootstrap, Map.of("REVIEWFLOW_VERDICT_SCALE", "house")));
        assertEquals("REVIEWFLOW_PARTITIONS must be a positive whole number, got 'six'",
                failure("ingest", bootstrap, Map.of("REVIEWFLOW_PARTITIONS", "six")));
        assertEquals("REVIEWFLOW_HTTP_PORT must be a port number (0 for any free port) or off, got '80800'",
                failure("ingest", bootstrap, Map.of("REVIEWFLOW_HTTP_PORT", "80800")));
        assertEquals("--log-format must be one of text, json, got 'xml'", failure("ingest", new String[] {"--bootstrap-server", "x:1", "--log-format", "xml"}, Map.of()));
        assertEquals("REVIEWFLOW_INSTANCE_ID: instance id must be 1-100 of A-Z a-z 0-9 . _ -, was 'pod 1'",
                failure("ingest", bootstrap, Map.of("REVIEWFLOW_INSTANCE_ID", "pod 1")));
        assertEquals("REVIEWFLOW_CONFIG: cannot read config file " + dir.resolve("nope.properties") + ": no such file",
                failure("ingest", bootstrap, Map.of("REVIEWFLOW_CONFIG", dir.resolve("nope.properties").toString())));
    }

    @Test
    void kafkaClientPropertiesAreCheckedAgainstTheClientsOwnDefinitions() {
        String[] bootstrap = {"--bootstrap-server", "x:1"};

        assertEquals("REVIEWFLOW_KAFKA_SECURITY_PROTOCL: unknown Kafka client property 'security.protocl'; did you mean security.protocol?",
                failure("ingest", bootstrap, Map.of("REVIEWFLOW_KAFKA_SECURITY_PROTOCL", "SASL_SSL")));
        assertTrue(failure("ingest", new String[] {"--bootstrap-server", "x:1", "--property", "security.protocol=SASL-SSL"}, Map.of())
                .startsWith("--property security.protocol: Invalid value SASL-SSL for configuration security.protocol"));
        assertTrue(failure("ingest", bootstrap, Map.of("REVIEWFLOW_KAFKA_REQUEST_TIMEOUT_MS", "soon"))
                .startsWith("REVIEWFLOW_KAFKA_REQUEST_TIMEOUT_MS: Invalid value soon for configuration request.timeout.ms"));
        assertEquals("--property isolation.level: isolation.level cannot be overridden (read_committed is what keeps aborted output out of the pipeline)",
                failure("ingest", new String[] {"--bootstrap-server", "x:1", "--property", "isolation.level=read_uncommitted"}, Map.of()));
        // Config provider parameters are open-ended, and a provider reference is resolved by the client itself.
        assertEquals(Map.of("config.providers", "file",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                        "ssl.truststore.password", "${file:/run/secrets/kafka.properties:truststore.password}"),
                ServiceOptions.parse("ingest", bootstrap, Map.of(), Map.of(
                        "REVIEWFLOW_KAFKA_CONFIG_PROVIDERS", "file",
                        "REVIEWFLOW_KAFKA_CONFIG_PROVIDERS_FILE_CLASS", "org.apache.kafka.common.config.provider.FileConfigProvider",
                        "REVIEWFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD", "${file:/run/secrets/kafka.properties:truststore.password}"))
                        .settings().kafka().clientOverrides());
    }

    @Test
    void variablesOfTheLauncherAndTheTestHarnessAreNotSettings() {
        ServiceOptions options = ServiceOptions.parse("publish", new String[] {"--bootstrap-server", "x:1"}, Map.of(), Map.of(
                "REVIEWFLOW_TEST_BOOTSTRAP_SERVERS", "elsewhere:9092",
                "REVIEWFLOW_JAVA_OPTS", "-Xmx1g",
                "REVIEWFLOW_PARTITIONS", " ",
                "PATH", "/usr/bin"));

        assertEquals("x:1", options.settings().kafka().bootstrapServers());
        assertEquals(3, options.partitions());
    }

    @Test
    void kafkasOwnSpellingOfBootstrapServersWorksEverywhere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("publish.properties");
        Files.writeString(file, "bootstrap-servers=file:9092\n");

        assertEquals("file:9092", ServiceOptions.parse("publish", new String[] {"--config", file.toString()}, Map.of(), Map.of())
                .settings().kafka().bootstrapServers());
        assertEquals("env:9092", ServiceOptions.parse("publish", new String[0], Map.of(),
                Map.of("REVIEWFLOW_BOOTSTRAP_SERVERS", "env:9092")).settings().kafka().bootstrapServers());
        assertEquals("flag:9092", ServiceOptions.parse("publish", new String[] {"--bootstrap-servers=flag:9092"}, Map.of(), Map.of())
                .settings().kafka().bootstrapServers());
    }

    @Test
    void secretsNeverReachTheEffectiveConfiguration() {
        // Given SASL over TLS with every kind of secret, from every source
        ServiceOptions options = ServiceOptions.parse("ingest", new String[] {"--bootstrap-server", "x:1",
                        "--property", "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"hunter2\";"},
                Map.of(), Map.of(
                        "REVIEWFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "REVIEWFLOW_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "REVIEWFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD", "truststore-secret",
                        "REVIEWFLOW_KAFKA_SSL_KEYSTORE_PASSWORD", "keystore-secret",
                        "REVIEWFLOW_KAFKA_SSL_KEY_PASSWORD", "key-secret",
                        "REVIEWFLOW_KAFKA_SSL_KEYSTORE_KEY", "-----BEGIN PRIVATE KEY-----"));

        // When the effective configuration is described for the start-up log
        String described = options.describe();

        // Then the clients still get every value, but the description shows none of the secrets
        assertTrue(options.settings().kafka().clientOverrides().get("sasl.jaas.config").contains("hunter2"));
        for (String secret : new String[] {"hunter2", "truststore-secret", "keystore-secret", "key-secret", "PRIVATE KEY"}) {
            assertFalse(described.contains(secret), secret + " in " + described);
        }
        assertTrue(described.contains("kafka.sasl.jaas.config=[hidden] (--property sasl.jaas.config)"), described);
        assertTrue(described.contains("kafka.ssl.key.password=[hidden] (REVIEWFLOW_KAFKA_SSL_KEY_PASSWORD)"), described);
        assertTrue(described.contains("kafka.security.protocol=SASL_SSL (REVIEWFLOW_KAFKA_SECURITY_PROTOCOL)"), described);
        assertTrue(described.contains("kafka.sasl.mechanism=SCRAM-SHA-512"), described);
    }

    @Test
    void anUnknownSettingStopsStartUpWithOneLineAndExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ServiceMain.run("publish", new String[] {"--bootstrap-server", "127.0.0.1:1"}, Map.of(),
                (settings, extra, metrics) -> new StageService<>(new NeverStartedStage(), settings, TestContract.create()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("REVIEWFLOW_PARTITION", "6"));

        assertEquals(ServiceMain.EXIT_USAGE, exit);
        assertEquals("reviewflow publish: unknown setting REVIEWFLOW_PARTITION: not an option of publish (see reviewflow publish --help)",
                err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void aPortThatWasAskedForAndIsTakenStopsStartUp() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = ServiceMain.run("publish", new String[] {"--bootstrap-server", "127.0.0.1:1",
                            "--http-port", Integer.toString(taken.getLocalPort())}, Map.of(),
                    (settings, extra, metrics) -> new StageService<>(new NeverStartedStage(), settings, TestContract.create()),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());

            assertEquals(ServiceMain.EXIT_USAGE, exit);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("reviewflow publish: cannot serve metrics and health on 127.0.0.1:"
                    + taken.getLocalPort()), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCodeThreeWithinTheTimeout() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = ServiceMain.run("ingest", new String[] {"--bootstrap-server", "127.0.0.1:1", "--http-port", "0"}, Map.of(),
                (settings, extra) -> new StageService<>(new NeverStartedStage(), settings, TestContract.create()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ServiceMain.EXIT_UNREACHABLE, exit, message);
        assertEquals(1, message.strip().lines().count(), message);
        assertTrue(message.startsWith("reviewflow ingest: cannot reach Kafka at 127.0.0.1:1"), message);
        // README: a service says so once its 10-second request timeout has run out (about 10.2 s here).
        assertTrue(millis >= 10_000 && millis < 13_000, millis + " ms");
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

    @Test
    void everyStageTakesTheHangingTransactionThresholdTheGatewayDoesNot() {
        String[] bootstrap = {"--bootstrap-server", "x:1"};
        assertEquals("300", ServiceOptions.parse("publish", bootstrap, Map.of(),
                Map.of("REVIEWFLOW_HANGING_TRANSACTION_SECONDS", "300")).extra().get(ServiceOptions.HANGING_TRANSACTION_SECONDS));
        assertEquals("--hanging-transaction-seconds must be a positive whole number, got '0'",
                failure("ingest", new String[] {"--bootstrap-server", "x:1", "--hanging-transaction-seconds", "0"}, Map.of()));
        assertTrue(failure("gateway", new String[] {"--bootstrap-server", "x:1", "--hanging-transaction-seconds", "300"},
                Map.of()).contains("hanging-transaction-seconds"));
    }

    private static String failure(String service, String[] args, Map<String, String> environment) {
        Map<String, String> extra = service.equals("scoring") ? SCALE : Map.of();
        return assertThrows(IllegalArgumentException.class, () -> ServiceOptions.parse(service, args, extra, environment)).getMessage();
    }

    /** A stage for tests that must never see a record. */
    static final class NeverStartedStage implements Stage<ReviewSubmission> {
        @Override
        public String name() {
            return "ingest";
        }

        @Override
        public TopicSpec<ReviewSubmission> input() {
            return TestContract.SUBMITTED;
        }

        @Override
        public ReviewSubmission originalOf(ReviewSubmission input) {
            return input;
        }

        @Override
        public void process(ReviewSubmission input, SourcePosition source, Emitter out) {
            throw new AssertionError("never started");
        }
    }
}
