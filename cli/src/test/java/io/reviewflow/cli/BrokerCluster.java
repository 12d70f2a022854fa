package io.reviewflow.cli;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.testkit.guarantees.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Three KRaft nodes, each broker and controller, each {@code reviewflow broker} in its own JVM on
 * loopback, as production runs a small cluster: three replicas of everything, a write accepted once
 * two have it. A scenario kills, stops, pauses and restarts nodes by their node id (1 to 3).
 */
final class BrokerCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final Path root;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
    private final Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
    private final Map<Integer, ServiceProcess> nodes = new LinkedHashMap<>();
    private final Map<Integer, Integer> starts = new LinkedHashMap<>();

    private BrokerCluster(Path root) {
        this.root = root;
    }

    /** Starts {@code size} nodes side by side and returns once every one answers. */
    static BrokerCluster start(int size, Path root) throws Exception {
        BrokerCluster cluster = new BrokerCluster(root);
        List<Integer> taken = new ArrayList<>();
        for (int node = 1; node <= size; node++) {
            cluster.clientPorts.put(node, distinctFreePort(taken));
            cluster.controllerPorts.put(node, distinctFreePort(taken));
        }
        // A node waits for a majority of controllers before it answers, so all start before any is awaited.
        for (int node : cluster.clientPorts.keySet()) {
            cluster.launch(node);
        }
        for (int node : cluster.clientPorts.keySet()) {
            cluster.awaitReady(node);
        }
        return cluster;
    }

    String bootstrapServers() {
        return clientPorts.values().stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    Collection<Integer> nodeIds() {
        return clientPorts.keySet();
    }

    /** SIGKILL: no controlled shutdown, leadership moves only when the controller notices. */
    void kill(int node) {
        nodes.get(node).kill();
    }

    /** SIGTERM: the controlled shutdown a rolling restart uses; waits until the process has exited. */
    void stop(int node) {
        nodes.get(node).terminate(60);
    }

    /** Starts a stopped or killed node again on its port and data directory, and waits until it answers. */
    void restart(int node) throws Exception {
        launch(node);
        awaitReady(node);
    }

    /** SIGSTOP: the node stands still with its sockets open, as a hung host does. */
    void pause(int node) {
        nodes.get(node).suspend();
    }

    void resume(int node) {
        nodes.get(node).resume();
    }

    /** The node that leads {@code partition} now. */
    int leaderOf(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription topic = admin.describeTopics(List.of(partition.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(partition.topic());
            return topic.partitions().get(partition.partition()).leader().id();
        }
    }

    /** The node that coordinates the transactions of {@code transactionalId}. */
    int coordinatorOf(String transactionalId) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(30, TimeUnit.SECONDS).coordinatorId();
        }
    }

    /**
     * Waits until every partition of every topic has all its replicas in sync again, so the next fault
     * starts from a whole cluster rather than one still catching up.
     */
    void awaitInSync() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (Admin admin = admin()) {
            while (true) {
                List<String> behind = new ArrayList<>();
                var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                        .names().get(30, TimeUnit.SECONDS);
                for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo partition : topic.partitions()) {
                        if (partition.isr().size() < partition.replicas().size()) {
                            behind.add(topic.name() + "-" + partition.partition());
                        }
                    }
                }
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("replicas still out of sync: " + behind);
                }
                Thread.sleep(500);
            }
        }
    }

    Admin admin() {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers());
        props.setProperty("request.timeout.ms", "10000");
        props.setProperty("default.api.timeout.ms", "30000");
        return Admin.create(props);
    }

    @Override
    public void close() {
        nodes.values().forEach(ServiceProcess::close);
    }

    private void launch(int node) throws IOException {
        Path data = Files.createDirectories(root.resolve("node-" + node));
        String controllers = controllerPorts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        int start = starts.merge(node, 1, Integer::sum);
        nodes.put(node, ServiceProcess.start("broker-" + node + "-" + start, "io.reviewflow.cli.ReviewflowCli",
                List.of("-Xmx384m", "-XX:+UseSerialGC"),
                List.of("broker", "--port", Integer.toString(clientPorts.get(node)), "--data-dir", data.toString(),
                        "--node-id", Integer.toString(node), "--cluster-id", clusterId, "--controllers", controllers),
                root));
    }

    private void awaitReady(int node) throws InterruptedException {
        nodes.get(node).awaitLog("Kafka broker ready", Duration.ofSeconds(120));
    }

    private static int distinctFreePort(List<Integer> taken) throws IOException {
        int port;
        do {
            port = EmbeddedKafkaBroker.freePort();
        } while (taken.contains(port));
        taken.add(port);
        return port;
    }
}
