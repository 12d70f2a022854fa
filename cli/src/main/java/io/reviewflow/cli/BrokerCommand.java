package io.reviewflow.cli;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                new EmbeddedKafkaBroker.Settings(port, dataDirectory, Map.of()).withFeatures(features));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + broker.dataDirectory() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
