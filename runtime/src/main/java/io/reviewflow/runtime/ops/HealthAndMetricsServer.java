package io.reviewflow.runtime.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One small HTTP server per service, on the JDK's built-in server (no framework to patch):
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format (0.0.4);</li>
 *   <li>{@code GET /health/live}: 200 while the stage loop runs, 503 once it has stopped;</li>
 *   <li>{@code GET /health/ready}: 200 while the stage can process, else 503 with the reason.</li>
 * </ul>
 * Health answers are small JSON objects: {@code {"status":"UP"}} or
 * {@code {"status":"DOWN","reason":"..."}}. Two daemon threads serve requests, so a slow scrape
 * never holds up a probe; a request never touches the stage loop.
 */
public final class HealthAndMetricsServer implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthAndMetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen; port 0 picks a free one (see {@link #address()})
     * @throws IOException when the address cannot be bound, e.g. the port is taken
     */
    public static HealthAndMetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry,
                                               Supplier<StageHealth.Status> liveness,
                                               Supplier<StageHealth.Status> readiness) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "reviewflow-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> respond(exchange, "/metrics",
                () -> new Response(200, PROMETHEUS_TEXT, registry.scrape())));
        server.createContext("/health/live", exchange -> respond(exchange, "/health/live", () -> health(liveness.get())));
        server.createContext("/health/ready", exchange -> respond(exchange, "/health/ready", () -> health(readiness.get())));
        server.createContext("/", exchange -> respond(exchange, "", () -> new Response(404, JSON,
                "{\"error\":\"not found\",\"endpoints\":[\"/metrics\",\"/health/live\",\"/health/ready\"]}")));
        server.start();
        return new HealthAndMetricsServer(server, executor);
    }

    /** The bound address, with the actual port when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Response(int status, String contentType, String body) {}

    private static Response health(StageHealth.Status status) {
        String body = status.ok() ? "{\"status\":\"UP\"}"
                : "{\"status\":\"DOWN\",\"reason\":\"" + jsonEscaped(status.reason()) + "\"}";
        return new Response(status.ok() ? 200 : 503, JSON, body);
    }

    /** Answers GET and HEAD on exactly {@code path}; anything else is 404 or 405. */
    private static void respond(HttpExchange exchange, String path, Supplier<Response> handler) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            Response response;
            if (!path.isEmpty() && !exchange.getRequestURI().getPath().equals(path)) {
                response = new Response(404, JSON, "{\"error\":\"not found\"}");
            } else if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = new Response(405, JSON, "{\"error\":\"method not allowed\"}");
            } else {
                try {
                    response = handler.get();
                } catch (RuntimeException e) {
                    response = new Response(500, JSON, "{\"error\":\"" + jsonEscaped(e.toString()) + "\"}");
                }
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    static String jsonEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
