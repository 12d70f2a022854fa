package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.broker.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * {@code reviewflow gateway} in its own JVM, started from the runnable jar exactly as an operator
 * starts it, so what is measured is the shipped gateway with its own heap, GC and JIT, and its CPU
 * per submission is its process's alone. The rate limit is raised to the highest the gateway
 * accepts: the bench measures the gateway's cost, not its throttle. One writer (and token) per client.
 */
final class GatewayProcess implements AutoCloseable {

    /** The highest --rate-limit and --rate-burst the gateway accepts (GatewaySettings). */
    static final String UNTHROTTLED = "100000";

    private final ChildJvm jvm;
    private final URI api;
    private final int opsPort;
    private final List<String> tokens;

    private GatewayProcess(ChildJvm jvm, URI api, int opsPort, List<String> tokens) {
        this.jvm = jvm;
        this.api = api;
        this.opsPort = opsPort;
        this.tokens = tokens;
    }

    static GatewayProcess start(Path reviewflowJar, String bootstrapServers, int writers, Path workDirectory) throws IOException {
        List<String> tokens = new ArrayList<>();
        StringBuilder file = new StringBuilder("# writer:sha256 of the token, one per bench client\n");
        for (int i = 0; i < writers; i++) {
            String token = "bench-token-" + UUID.randomUUID();
            tokens.add(token);
            file.append(writerId(i)).append(':').append(sha256Hex(token)).append('\n');
        }
        Path tokensFile = Files.writeString(workDirectory.resolve("gateway-tokens"), file);
        int apiPort = io.reviewflow.broker.EmbeddedKafkaBroker.freePort();
        int opsPort = io.reviewflow.broker.EmbeddedKafkaBroker.freePort();
        ChildJvm jvm = ChildJvm.start("gateway", List.of("-jar", reviewflowJar.toString(), "gateway",
                "--bootstrap-server", bootstrapServers, "--instance-id", "bench-gateway", "--tokens", tokensFile.toString(),
                "--api-port", Integer.toString(apiPort), "--http-port", Integer.toString(opsPort),
                "--rate-limit", UNTHROTTLED, "--rate-burst", UNTHROTTLED, "--log-level", "warn"), workDirectory);
        return new GatewayProcess(jvm, URI.create("http://127.0.0.1:" + apiPort), opsPort, List.copyOf(tokens));
    }

    /** Waits until {@code /health/ready} answers 200 (topics created, outcome view caught up). */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!OpsEndpoint.ready(jvm, opsPort)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway is not ready after " + timeout.toSeconds() + " s; its log: " + jvm.log());
            }
            Thread.sleep(100);
        }
    }

    static String writerId(int client) {
        return "bench-writer-" + client;
    }

    /** The bearer token of {@link #writerId}{@code (client)}. */
    String token(int client) {
        return tokens.get(client);
    }

    URI reviewUri(String reviewId) {
        return api.resolve("/v1/reviews/" + reviewId);
    }

    ChildJvm jvm() {
        return jvm;
    }

    private static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        ChildJvm.stopAll(List.of(jvm));
    }
}
