package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.broker.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A child service's operations port (metrics, health), as the bench polls it. */
final class OpsEndpoint {

    private static final HttpClient OPS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OpsEndpoint() {}

    /** True once {@code jvm}'s {@code /health/ready} on {@code port} answers 200; throws if the process died. */
    static boolean ready(ChildJvm jvm, int port) {
        jvm.requireAlive();
        try {
            return get(port, "/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** A GET on an operations port, bounded by 2 s. */
    static HttpResponse<String> get(int port, String path) throws IOException {
        try {
            return OPS.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
