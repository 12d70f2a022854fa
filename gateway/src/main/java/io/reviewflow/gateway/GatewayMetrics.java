package io.reviewflow.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters. {@code reviewflow_gateway_requests_seconds{route,method,status}}: every
 * answer of the writers' API by route template (never the raw path, so ids make no new series),
 * with latency buckets from 5 ms to the longest long poll.
 */
final class GatewayMetrics {

    static final String REQUESTS = "reviewflow.gateway.requests";
    static final String OUTCOMES = "reviewflow.gateway.outcomes";

    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry, OutcomeView view) {
        this.registry = registry;
        io.micrometer.core.instrument.Gauge.builder(OUTCOMES, view, OutcomeView::size)
                .description("Outcomes held for GET /v1/submissions").register(registry);
    }

    void record(String route, String method, int status, long startNanos) {
        Timer.builder(REQUESTS).tag("route", route).tag("method", method).tag("status", Integer.toString(status))
                .description("Answers of the writers' API by route, method and status")
                .serviceLevelObjectives(BUCKETS).register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
