package io.reviewflow.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka broker (broker and controller in one), run in this JVM from Apache
 * Kafka's own server artifacts: the same broker code as production, with transactions, compaction
 * and consumer groups, bound to 127.0.0.1 only.
 *
 * <p>Used by the tests (one per test JVM, shared), by the demo, and by the {@code broker} command.
 * A data directory that was formatted before is reused as it is, so a broker restarted on the same
 * directory keeps its topics, offsets and transactions.
 *
 * <p>By default clients connect over PLAINTEXT and nothing is authorised. With {@link BrokerSecurity}
 * they connect over SASL_SSL (SCRAM-SHA-512) and each request is checked against ACLs, as a
 * production cluster would, so the pipeline's credentials and ACLs can be tested for real.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /**
     * @param port          client port on 127.0.0.1; 0 picks a free one
     * @param dataDirectory where the log lives; {@code null} means a temporary directory removed on close
     * @param overrides     extra broker properties, applied last
     * @param security      {@code null} for a PLAINTEXT client listener that authorises nothing (the default);
     *                      otherwise clients connect over SASL_SSL and every request is checked against ACLs.
     *                      It is decided when the data directory is first formatted, which creates the super user
     * @param features      feature levels the data directory is formatted with (the formatter's {@code --feature}),
     *                      over {@link #DEFAULT_FEATURES}. Like security, they only apply when the directory is
     *                      first formatted
     * @param quorum        {@code null} for a single node that is its own controller quorum; otherwise this
     *                      node's place in a cluster of several, each its own process
     */
    public record Settings(int port, Path dataDirectory, Map<String, String> overrides, BrokerSecurity security,
                           Map<String, Short> features, Quorum quorum) {
        /**
         * Transactions v1 instead of Kafka 4.4.0's default v2: under broker restarts both left a
         * transaction hanging now and then (RELIABILITY.md, "A hanging transaction after a broker
         * restart"); v1 was no worse, costs nothing measurable and does not fill the broker's log with
         * v2's retriable sequence errors. {@code transaction.version=2} in {@code features} formats with v2.
         */
        public static final Map<String, Short> DEFAULT_FEATURES = Map.of("transaction.version", (short) 1);

        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            overrides = Map.copyOf(overrides);
            features = Map.copyOf(features);
        }

        public Settings(int port, Path dataDirectory, Map<String, String> overrides, BrokerSecurity security) {
            this(port, dataDirectory, overrides, security, Map.of(), null);
        }

        /** A PLAINTEXT broker, as the tests, the demo and the {@code broker} command run it. */
        public Settings(int port, Path dataDirectory, Map<String, String> overrides) {
            this(port, dataDirectory, overrides, null);
        }

        public static Settings ephemeral() {
            return new Settings(0, null, Map.of());
        }

        public Settings withSecurity(BrokerSecurity security) {
            return new Settings(port, dataDirectory, overrides, security, features, quorum);
        }

        public Settings withFeatures(Map<String, Short> features) {
            return new Settings(port, dataDirectory, overrides, security, features, quorum);
        }

        public Settings withQuorum(Quorum quorum) {
            return new Settings(port, dataDirectory, overrides, security, features, quorum);
        }
    }

    /**
     * One node of a cluster in which every node is both broker and controller, as a small production
     * cluster runs: the same cluster id formats every node, and every node names every controller.
     * With three or more nodes the cluster keeps three replicas of everything and accepts a write once
     * two have it, so one node can be lost without losing a committed record.
     *
     * @param controllerPorts node id to its controller port on 127.0.0.1, for every node including this one
     */
    public record Quorum(int nodeId, String clusterId, Map<Integer, Integer> controllerPorts) {
        public Quorum {
            controllerPorts = Map.copyOf(controllerPorts);
            if (!controllerPorts.containsKey(nodeId)) {
                throw new IllegalArgumentException("node " + nodeId + " is not among the controllers " + controllerPorts.keySet());
            }
        }

        /**
         * Parses {@code 1=PORT,2=PORT,...}, the form the {@code broker} command takes.
         *
         * @throws IllegalArgumentException naming what is malformed
         */
        public static Map<Integer, Integer> parseControllerPorts(String text) {
            Map<Integer, Integer> ports = new java.util.TreeMap<>();
            for (String entry : text.split(",")) {
                String[] pair = entry.strip().split("=", 2);
                try {
                    ports.put(Integer.parseInt(pair[0].strip()), Integer.parseInt(pair[1].strip()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("controllers must read NODE=PORT,NODE=PORT,..., not '" + text + "'");
                }
            }
            return ports;
        }

        String voters() {
            return controllerPorts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "@" + HOST + ":" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(","));
        }

        int replicas() {
            return Math.min(3, controllerPorts.size());
        }
    }

    private static final String HOST = "127.0.0.1";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final BrokerSecurity security;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDirectory, boolean deleteOnClose,
                                BrokerSecurity security) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.security = security;
    }

    /** Formats the data directory if it is new, starts the broker and waits until it answers clients. */
    public static EmbeddedKafkaBroker start(Settings settings) {
        try {
            boolean temporary = settings.dataDirectory() == null;
            Path dataDirectory = temporary
                    ? Files.createTempDirectory("reviewflow-kafka-")
                    : Files.createDirectories(settings.dataDirectory().toAbsolutePath());
            int port = settings.port() == 0 ? freePort() : settings.port();
            Quorum quorum = settings.quorum();
            int controllerPort = quorum != null ? quorum.controllerPorts().get(quorum.nodeId()) : controllerPort(dataDirectory, port);
            Properties props = brokerProperties(port, controllerPort, dataDirectory.resolve("log"));
            if (quorum != null) {
                joinQuorum(props, quorum);
            }
            BrokerSecurity security = settings.security();
            if (security != null) {
                secure(props, port, controllerPort, security);
            }
            settings.overrides().forEach(props::setProperty);

            formatIfNew(props, dataDirectory, security, settings.features(),
                    quorum != null ? quorum.clusterId() : Uuid.randomUuid().toString());
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            String bootstrap = HOST + ":" + port;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dataDirectory, temporary, security);
            broker.awaitReady(Duration.ofSeconds(60));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's data directory", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Says where the broker is, in the line a launcher waits for ({@code Kafka broker ready at HOST:PORT
     * (data in DIR)}), and serves until the JVM shuts down, closing the broker then: the broker process
     * of {@code reviewflow broker} and of the bench.
     */
    public void serveUntilShutdown(PrintStream out) throws InterruptedException {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, "broker-shutdown"));
        out.println("Kafka broker ready at " + bootstrapServers + " (data in " + dataDirectory + ")");
        out.flush();
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(dataDirectory);
        }
    }

    static Properties brokerProperties(int port, int controllerPort, Path logDirectory) {
        Properties props = new Properties();
        props.setProperty("node.id", "1");
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", logDirectory.toString());
        // One node: every internal topic has one replica, or transactions and groups never start.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions: faster start, and a single node gains nothing from fifty.
        props.setProperty("offsets.topic.num.partitions", "5");
        props.setProperty("transaction.state.log.num.partitions", "5");
        // Consumers join at once instead of waiting three seconds for more members.
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // The services create their topics with the right settings; a typo must not create one.
        props.setProperty("auto.create.topics.enable", "false");
        return props;
    }

    /**
     * Replaces the PLAINTEXT client listener with a SASL_SSL one and turns on the standard KRaft
     * authorizer with deny-by-default.
     *
     * <p>The broker reaches itself over that same SASL_SSL listener as the super user (the
     * transaction coordinator writes commit markers to partition leaders through the inter-broker
     * listener, even on one node), so no unauthenticated listener is open to clients. The controller
     * listener stays PLAINTEXT on 127.0.0.1: the broker half registers and heartbeats through it as
     * {@code User:ANONYMOUS}, which must therefore be a super user. Clients never get that principal
     * on the SASL_SSL listener, and the controller port serves controller requests only.
     */
    static void secure(Properties props, int port, int controllerPort, BrokerSecurity security) {
        String client = "listener.name.client.";
        props.setProperty("listeners", "CLIENT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.setProperty("advertised.listeners", "CLIENT://" + HOST + ":" + port);
        props.setProperty("listener.security.protocol.map", "CLIENT:SASL_SSL,CONTROLLER:PLAINTEXT");
        props.setProperty("inter.broker.listener.name", "CLIENT");
        props.setProperty("sasl.mechanism.inter.broker.protocol", BrokerSecurity.SASL_MECHANISM);
        props.setProperty(client + "sasl.enabled.mechanisms", BrokerSecurity.SASL_MECHANISM);
        // The client half of the broker's own connections logs in as the super user.
        props.setProperty(client + BrokerSecurity.SASL_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                BrokerSecurity.jaas(security.superUser(), security.superUserPassword()));
        props.setProperty(client + "ssl.keystore.type", "PKCS12");
        props.setProperty(client + "ssl.keystore.location", security.keystore().toString());
        props.setProperty(client + "ssl.keystore.password", security.keystorePassword());
        props.setProperty(client + "ssl.key.password", security.keystorePassword());
        props.setProperty(client + "ssl.truststore.type", "PKCS12");
        props.setProperty(client + "ssl.truststore.location", security.truststore().toString());
        props.setProperty(client + "ssl.truststore.password", security.truststorePassword());
        props.setProperty(client + "ssl.endpoint.identification.algorithm", "https");
        props.setProperty("authorizer.class.name", BrokerSecurity.AUTHORIZER);
        props.setProperty("allow.everyone.if.no.acl.found", "false");
        props.setProperty("super.users", "User:" + security.superUser() + ";User:ANONYMOUS");
    }

    /** A node of several: its id, every controller, and replication that survives losing one node. */
    static void joinQuorum(Properties props, Quorum quorum) {
        String replicas = Integer.toString(quorum.replicas());
        String inSync = Integer.toString(Math.max(1, quorum.replicas() - 1));
        props.setProperty("node.id", Integer.toString(quorum.nodeId()));
        props.setProperty("controller.quorum.voters", quorum.voters());
        props.setProperty("offsets.topic.replication.factor", replicas);
        props.setProperty("transaction.state.log.replication.factor", replicas);
        props.setProperty("transaction.state.log.min.isr", inSync);
        props.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        props.setProperty("share.coordinator.state.topic.min.isr", inSync);
        props.setProperty("default.replication.factor", replicas);
        props.setProperty("min.insync.replicas", inSync);
    }

    private static void formatIfNew(Properties props, Path dataDirectory, BrokerSecurity security,
                                    Map<String, Short> features, String clusterId) throws IOException {
        Path logDirectory = Path.of(props.getProperty("log.dirs"));
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Path config = dataDirectory.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "written by reviewflow's embedded broker for the storage formatter");
        }
        List<String> args = new ArrayList<>(List.of(
                "format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"));
        if (security != null) {
            // SCRAM users live in the metadata log; the super user must be there before the first connection.
            args.addAll(List.of("--add-scram", security.superUserScramArgument()));
        }
        Map<String, Short> levels = new java.util.TreeMap<>(Settings.DEFAULT_FEATURES);
        levels.putAll(features);
        levels.forEach((name, level) -> args.addAll(List.of("--feature", name + "=" + level)));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try (PrintStream printer = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), printer);
        } finally {
            if (security != null) {
                // The file holds passwords and was only for the formatter.
                Files.deleteIfExists(config);
            }
        }
        if (status != 0) {
            throw new IllegalStateException("formatting " + logDirectory + " failed: "
                    + captured.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (security != null) {
            props.putAll(security.superUserClientProperties());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded broker did not become ready within " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    /**
     * The controller's port: a new free one for a new data directory, then the same one on every
     * restart. The quorum's only voter is named by this address in {@code controller.quorum.voters};
     * a restarted node should come back as the voter it was, not as a stranger at a new address.
     */
    /**
     * The controller's port, kept in the data directory so a restarted broker finds its own quorum.
     * A new one is never the client port: that may have been picked free by a caller moments ago
     * and not be bound yet, and the system can hand the same free port out twice.
     */
    private static int controllerPort(Path dataDirectory, int clientPort) throws IOException {
        Path file = dataDirectory.resolve("controller.port");
        if (Files.exists(file)) {
            try {
                return Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(file + " does not hold a port number", e);
            }
        }
        int port = freePort();
        while (port == clientPort) {
            port = freePort();
        }
        Files.writeString(file, Integer.toString(port), StandardCharsets.UTF_8);
        return port;
    }

    /** A port free on 127.0.0.1 right now, as the broker picks its own when given port 0. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // A leftover temp file is harmless; failing shutdown over it is not.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }
}
