package io.reviewflow.testkit.guarantees;

import io.reviewflow.broker.ChildJvm;
import io.reviewflow.broker.EmbeddedKafkaBroker;
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
 * KRaft nodes, each broker and controller, each {@code reviewflow broker} in its own JVM on
 * loopback, as production runs a small cluster: with three, three replicas of everything, a write
 * accepted once two have it. A scenario kills, stops, pauses and restarts nodes by their node id
 * (1 to size). The broker command is the caller's ({@code ReviewflowCli broker}): the kit cannot
 * depend on the command line that stands on it.
 */
public final class BrokerCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final List<String> brokerCommand;
    private final Path root;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
    private final Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
    private final Map<Integer, ChildJvm> nodes = new LinkedHashMap<>();
    private final Map<Integer, Integer> starts = new LinkedHashMap<>();

    private BrokerCluster(List<String> brokerCommand, Path root) {
        this.brokerCommand = List.copyOf(brokerCommand);
        this.root = root;
    }

    /**
     * Starts {@code size} nodes side by side, their logs and data under {@code root}, and returns once
     * every one answers.
     *
     * @param brokerCommand the main class and arguments that run a broker, before its options
     *                      ({@code --port}, {@code --data-dir}, {@code --node-id}, {@code --cluster-id}, {@code --controllers})
     */
    public static BrokerCluster start(List<String> brokerCommand, int size, Path root) throws Exception {
        BrokerCluster cluster = new BrokerCluster(brokerCommand, root);
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

    public String bootstrapServers() {
        return clientPorts.values().stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    public Collection<Integer> nodeIds() {
        return clientPorts.keySet();
    }

    /** SIGKILL: no controlled shutdown, leadership moves only when the controller notices. */
    public void kill(int node) {
        nodes.get(node).kill();
    }

    /** SIGTERM: the controlled shutdown a rolling restart uses; waits until the process has exited. */
    public void stop(int node) {
        nodes.get(node).terminate(60);
    }

    /** Starts a stopped or killed node again on its port and data directory, and waits until it answers. */
    public void restart(int node) throws Exception {
        launch(node);
        awaitReady(node);
    }

    /** SIGSTOP: the node stands still with its sockets open, as a hung host does. */
    public void pause(int node) {
        nodes.get(node).suspend();
    }

    public void resume(int node) {
        nodes.get(node).resume();
    }

    /** The node that leads {@code partition} now. */
    public int leaderOf(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription topic = admin.describeTopics(List.of(partition.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(partition.topic());
            return topic.partitions().get(partition.partition()).leader().id();
        }
    }

    /** The node that coordinates the transactions of {@code transactionalId}. */
    public int coordinatorOf(String transactionalId) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(30, TimeUnit.SECONDS).coordinatorId();
        }
    }

    /**
     * Waits until every partition of every topic has all its replicas in sync again, so the next fault
     * starts from a whole cluster rather than one still catching up.
     */
    public void awaitInSync() throws Exception {
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

    public Admin admin() {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers());
        props.setProperty("request.timeout.ms", "10000");
        props.setProperty("default.api.timeout.ms", "30000");
        return Admin.create(props);
    }

    @Override
    public void close() {
        nodes.values().forEach(ChildJvm::close);
    }

    private void launch(int node) throws IOException {
        Path data = Files.createDirectories(root.resolve("node-" + node));
        String controllers = controllerPorts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        int start = starts.merge(node, 1, Integer::sum);
        List<String> arguments = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC"));
        arguments.addAll(ChildJvm.onThisClassPath(brokerCommand.get(0)));
        arguments.addAll(brokerCommand.subList(1, brokerCommand.size()));
        arguments.addAll(List.of("--port", Integer.toString(clientPorts.get(node)), "--data-dir", data.toString(),
                "--node-id", Integer.toString(node), "--cluster-id", clusterId, "--controllers", controllers));
        nodes.put(node, ChildJvm.start("broker-" + node + "-" + start, arguments, root));
    }

    private void awaitReady(int node) throws InterruptedException {
        nodes.get(node).awaitLogLine("Kafka broker ready", Duration.ofSeconds(120));
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
