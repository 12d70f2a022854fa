package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code reviewflow broker --port P --data-dir D [--feature N=L ...]} does, runnable from the
 * bench's own class path, so the pipeline bench can put its broker in a JVM of its own without the
 * CLI's jar: the same {@link EmbeddedKafkaBroker}, the same settings and the same "ready" line
 * {@link BrokerProcess} waits for. Stops on SIGTERM.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path data = null;
        Map<String, Short> features = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(BenchOptions.value(args, ++i, "--port"));
                case "--data-dir" -> data = Path.of(BenchOptions.value(args, ++i, "--data-dir"));
                case "--feature" -> {
                    String[] pair = BenchOptions.value(args, ++i, "--feature").split("=", 2);
                    features.put(pair[0], Short.parseShort(pair[1]));
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                new EmbeddedKafkaBroker.Settings(port, data, Map.of()).withFeatures(features));
        broker.serveUntilShutdown(System.out);
    }
}
