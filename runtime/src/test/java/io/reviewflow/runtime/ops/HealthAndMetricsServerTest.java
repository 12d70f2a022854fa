package io.reviewflow.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.runtime.TestContract;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The endpoints of a stage that cannot reach its broker: alive, not ready, saying why; and dead
 * once stopped. No broker is needed for that, only a port where none listens.
 */
class HealthAndMetricsServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aStagePointedAtAnUnreachableBrokerIsAliveButNotReadyAndSaysWhy() throws Exception {
        // Given a stage whose broker does not answer (1.5 s per producer attempt), with its endpoints on a free port
        KafkaSettings kafka = new KafkaSettings("127.0.0.1:" + closedPort(), Duration.ofMillis(500), Map.of());
        StageService<ScoredReview> service = new StageService<>(new IdleStage(), StageSettings.defaults(kafka, "health-test"), TestContract.create());
        try (StageTelemetry telemetry = StageTelemetry.create("publish")) {
            telemetry.observe(service);
            HealthAndMetricsServer server = telemetry.serve(new InetSocketAddress("127.0.0.1", 0));
            service.start();

            // When probed while the producer waits for Kafka
            HttpResponse<String> ready = await(server, "/health/ready",
                    r -> r.body().contains("waiting for Kafka"), Duration.ofSeconds(15));

            // Then it is alive, not ready, and the reason is in a small JSON body
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().startsWith("{\"status\":\"DOWN\",\"reason\":\"waiting for Kafka: "), ready.body());
            assertEquals("application/json", ready.headers().firstValue("Content-Type").orElse(""));
            HttpResponse<String> live = get(server, "/health/live");
            assertEquals(200, live.statusCode());
            assertEquals("{\"status\":\"UP\"}", live.body());

            // And /metrics says the same in Prometheus text, next to the JVM's own meters
            HttpResponse<String> metrics = get(server, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertEquals(HealthAndMetricsServer.PROMETHEUS_TEXT, metrics.headers().firstValue("Content-Type").orElse(""));
            assertEquals(0.0, StageMetricsTest.value(metrics.body(), "reviewflow_ready{stage=\"publish\"}"), metrics.body());
            assertTrue(StageMetricsTest.value(metrics.body(), "reviewflow_kafka_waits_total{stage=\"publish\"}") >= 1, metrics.body());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes{"), "JVM meters");
            assertTrue(metrics.body().contains("# TYPE reviewflow_transactions_total counter"), metrics.body());

            // And it goes on trying, one attempt after another (each logged as "waiting for Kafka" and
            // counted here, in the same place), rather than stopping or crash-looping. Seen to fail with
            // only the first attempt reported.
            HttpResponse<String> later = await(server, "/metrics",
                    r -> StageMetricsTest.value(r.body(), "reviewflow_kafka_waits_total{stage=\"publish\"}") >= 3,
                    Duration.ofSeconds(20));
            assertTrue(StageMetricsTest.value(later.body(), "reviewflow_kafka_waits_total{stage=\"publish\"}") >= 3, later.body());
            assertFalse(service.termination().isDone(), "still waiting, not stopped");

            // When the stage stops, it is no longer alive
            service.stop();
            HttpResponse<String> stopped = get(server, "/health/live");
            assertEquals(503, stopped.statusCode(), stopped.body());
            assertEquals("{\"status\":\"DOWN\",\"reason\":\"stopped\"}", stopped.body());
        } finally {
            service.stop();
        }
    }

    @Test
    void onlyTheThreeEndpointsAnswerAndOnlyToReads() throws Exception {
        KafkaSettings kafka = new KafkaSettings("127.0.0.1:" + closedPort(), Duration.ofMillis(500), Map.of());
        StageService<ScoredReview> service = new StageService<>(new IdleStage(), StageSettings.defaults(kafka, "http-test"), TestContract.create());
        try (StageTelemetry telemetry = StageTelemetry.create("publish")) {
            telemetry.observe(service);
            HealthAndMetricsServer server = telemetry.serve(new InetSocketAddress("127.0.0.1", 0));

            assertEquals(404, get(server, "/").statusCode());
            assertEquals(404, get(server, "/metrics/extra").statusCode());
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri(server, "/health/live"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void reasonsAreEscapedAsJsonStrings() {
        assertEquals("a \\\"quoted\\\" \\\\ line\\nbreak\\u0001", HealthAndMetricsServer.jsonEscaped("a \"quoted\" \\ line\nbreak\u0001"));
    }

    static HttpResponse<String> get(HealthAndMetricsServer server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> await(HealthAndMetricsServer server, String path, Predicate<HttpResponse<String>> condition,
                                      Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = get(server, path);
        while (!condition.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = get(server, path);
        }
        return response;
    }

    private static URI uri(HealthAndMetricsServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A stateless stage that is never given a record here. */
    private static final class IdleStage implements Stage<ScoredReview> {
        @Override
        public String name() {
            return "publish";
        }

        @Override
        public TopicSpec<ScoredReview> input() {
            return TestContract.SCORED;
        }

        @Override
        public ReviewSubmission originalOf(ScoredReview input) {
            return input.getSubmission();
        }

        @Override
        public void process(ScoredReview input, SourcePosition source, Emitter out) {
            throw new AssertionError("no record expected");
        }
    }
}
