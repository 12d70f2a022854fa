package io.reviewflow.cli;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node KRaft Kafka broker on 127.0.0.1 until stopped (Ctrl-C).")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data-dir", defaultValue = ".reviewflow/kafka",
            description = "Data directory; kept between runs (default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(names = "--feature", paramLabel = "NAME=LEVEL",
            description = "A feature level to format a new data directory with, as kafka-storage's --feature; "
                    + "ignored for a directory formatted before. Repeatable. Default: transaction.version=1 "
                    + "(see RELIABILITY.md); transaction.version=2 opts into transactions v2.")
    Map<String, Short> features = new LinkedHashMap<>();

    @Option(names = "--node-id", paramLabel = "N",
            description = "This node's id in a cluster of several (with --cluster-id and --controllers); each node is its own process.")
    Integer nodeId;

    @Option(names = "--cluster-id", paramLabel = "ID", description = "The cluster's id, the same for every node (a Kafka Uuid).")
    String clusterId;

    @Option(names = "--controllers", paramLabel = "NODE=PORT,...",
            description = "Every node's controller port on 127.0.0.1, this one's included, e.g. 1=9093,2=9095,3=9097.")
    String controllers;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker.Settings settings = new EmbeddedKafkaBroker.Settings(port, dataDirectory, Map.of()).withFeatures(features);
        if (nodeId != null || clusterId != null || controllers != null) {
            if (nodeId == null || clusterId == null || controllers == null) {
                throw new UserFacingException("a node of a cluster needs all of --node-id, --cluster-id and --controllers",
                        UserFacingException.UNREADABLE_INPUT);
            }
            try {
                settings = settings.withQuorum(new EmbeddedKafkaBroker.Quorum(nodeId, clusterId,
                        EmbeddedKafkaBroker.Quorum.parseControllerPorts(controllers)));
            } catch (IllegalArgumentException e) {
                throw new UserFacingException(e.getMessage(), UserFacingException.UNREADABLE_INPUT, e);
            }
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        broker.serveUntilShutdown(System.out);
        return 0;
    }
}
