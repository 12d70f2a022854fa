package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.broker.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code reviewflow broker} in its own JVM, as an operator runs it, on a fresh data directory: so
 * the broker's CPU is its own process's (measurable per submission) and does not share the bench's
 * heap, GC and JIT with the clients being measured.
 */
final class BrokerProcess implements AutoCloseable {

    private static final String READY = "Kafka broker ready at ";

    private final ChildJvm jvm;
    private final String bootstrapServers;
    private final Path dataDirectory;

    private BrokerProcess(ChildJvm jvm, String bootstrapServers, Path dataDirectory) {
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
        this.dataDirectory = dataDirectory;
    }

    static BrokerProcess start(Path reviewflowJar, Path workDirectory) throws IOException, InterruptedException {
        return start(List.of("-jar", reviewflowJar.toString(), "broker"), Map.of(), workDirectory);
    }

    /**
     * The same broker started from this JVM's class path ({@link BrokerMain}), which needs no CLI jar,
     * its data directory formatted with {@code features} (as the broker command's {@code --feature}).
     */
    static BrokerProcess startOnClassPath(Map<String, Short> features, Path workDirectory) throws IOException, InterruptedException {
        return start(ChildJvm.onThisClassPath(BrokerMain.class.getName()), features, workDirectory);
    }

    private static BrokerProcess start(List<String> launch, Map<String, Short> features, Path workDirectory)
            throws IOException, InterruptedException {
        int port = io.reviewflow.broker.EmbeddedKafkaBroker.freePort();
        Path data = workDirectory.resolve("kafka");
        List<String> arguments = new ArrayList<>(launch);
        arguments.addAll(List.of("--port", Integer.toString(port), "--data-dir", data.toString()));
        features.forEach((name, level) -> arguments.addAll(List.of("--feature", name + "=" + level)));
        ChildJvm jvm = ChildJvm.start("broker", arguments, workDirectory);
        try {
            // "Kafka broker ready at 127.0.0.1:PORT (data in DIR)"
            String line = jvm.awaitLogLine(READY, Duration.ofSeconds(90));
            return new BrokerProcess(jvm, line.substring(line.indexOf(READY) + READY.length()).split(" ", 2)[0], data);
        } catch (InterruptedException | RuntimeException e) {
            jvm.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    ChildJvm jvm() {
        return jvm;
    }

    /** Stops the broker and deletes its data (the bench's records, a few hundred MB); its log stays. */
    @Override
    public void close() {
        ChildJvm.stopAll(List.of(jvm));
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete the broker's data in " + dataDirectory + ": " + e);
        }
    }
}
