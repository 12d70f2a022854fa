package io.reviewflow.benchmarks.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the bench starts the way production runs a service: a process of its own, its output in a
 * log file, stopped with SIGTERM (and killed only if it does not stop within 15 s). Its CPU time
 * comes from the operating system ({@link ProcessHandle.Info#totalCpuDuration}), all threads, GC
 * and JIT included, so a process's cost per request can be read without instrumenting it.
 */
final class ChildJvm implements AutoCloseable {

    private static final HttpClient OPS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** {@code java ARGS...} with this JVM's own {@code java}, output to {@code logs/NAME.log}. */
    static ChildJvm start(String name, List<String> javaArguments, Path logs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArguments);
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A child must not outlive the bench, even one stopped half-way (Ctrl-C): a broker left behind holds its port and data.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, name + "-reaper"));
        return new ChildJvm(name, process, log);
    }

    /** The JVM arguments that run {@code mainClass} from the bench's own class path. */
    static List<String> onBenchClassPath(String mainClass) {
        return List.of("-cp", System.getProperty("java.class.path"), mainClass);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** @throws IllegalStateException naming the exit code and the log, if the process has ended */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log: " + log);
        }
    }

    /** CPU seconds the process has used so far, all its threads; NaN where the OS does not say. */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** True once the service's {@code /health/ready} on {@code port} answers 200; throws if the process died. */
    boolean ready(int port) {
        requireAlive();
        try {
            return get(port, "/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first log line starting with {@code prefix}, waiting up to {@code timeout}; throws if the process dies first. */
    String awaitLogLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            requireAlive();
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " printed no '" + prefix + "' line within " + timeout.toSeconds() + " s; its log: " + log);
    }

    /** A GET on a service's operations port (metrics, health), bounded by 2 s. */
    static HttpResponse<String> get(int port, String path) throws IOException {
        try {
            return OPS.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        closeAll(List.of(this));
    }

    /** SIGTERM to all, last first (downstream first, as the CLI's pipeline stops them), then waits for each. */
    static void closeAll(List<ChildJvm> jvms) {
        for (int i = jvms.size() - 1; i >= 0; i--) {
            jvms.get(i).process.destroy();
        }
        for (ChildJvm jvm : jvms) {
            try {
                if (!jvm.process.waitFor(15, TimeUnit.SECONDS)) {
                    jvm.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                jvm.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
