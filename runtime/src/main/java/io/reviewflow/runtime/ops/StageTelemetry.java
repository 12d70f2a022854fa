package io.reviewflow.runtime.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reviewflow.runtime.StageService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything an operator sees of one stage: a Prometheus registry tagged with the stage (JVM,
 * process and stage meters), its health, and the HTTP endpoints that serve both.
 *
 * <pre>
 *   StageTelemetry telemetry = StageTelemetry.create("publish");
 *   StageService&lt;?&gt; service = factory(telemetry.registry());   // meters only the stage knows
 *   telemetry.observe(service);                                   // before service.start()
 *   telemetry.serve(new InetSocketAddress("127.0.0.1", 8083));
 * </pre>
 */
public final class StageTelemetry implements AutoCloseable {

    /** {@code reviewflow_ready}: 1 while {@code /health/ready} would answer 200, else 0. */
    public static final String READY = "reviewflow.ready";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private Supplier<StageHealth.Status> liveness;
    private Supplier<StageHealth.Status> readiness;
    private HealthAndMetricsServer server;

    private StageTelemetry(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry for {@code stage}, with the JVM and process meters bound. */
    public static StageTelemetry create(String stage) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("stage", stage);
        new JvmInfoMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new StageTelemetry(registry, gc);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Meters and health for {@code service}, hanging transactions judged by the broker's maximum; call once, before it starts. */
    public StageHealth observe(StageService<?> service) {
        return observe(service, Optional.empty());
    }

    /**
     * Meters and health for {@code service}, with a {@link HangingTransactionWatch} on its input
     * partitions; call once, before it starts.
     *
     * @param hangingAfter how long an input partition's last stable offset may stand still behind its
     *                     end before it counts as hanging; empty for the broker's {@code transaction.max.timeout.ms}
     */
    public StageHealth observe(StageService<?> service, Optional<Duration> hangingAfter) {
        if (readiness != null) {
            throw new IllegalStateException("already observing " + service.name());
        }
        StageHealth health = meter(service, hangingAfter, registry);
        observe(health::liveness, health::readiness);
        return health;
    }

    /**
     * The meters of one loop of a service that runs several, into {@code into} (this registry, or a
     * view of it that tells the loops apart); its health is returned for the service to combine.
     * Call once per loop, before it starts.
     */
    public StageHealth meter(StageService<?> service, Optional<Duration> hangingAfter, MeterRegistry into) {
        service.addListener(new StageMetrics(into, service::consumerMetrics));
        HangingTransactionWatch watch = new HangingTransactionWatch(service.name(), service.settings().kafka(),
                hangingAfter, Clock.systemUTC());
        watch.bindTo(into);
        service.addListener(watch);
        return StageHealth.of(service, watch::problem);
    }

    /** Health for a service that is not a stage loop (the gateway), which judges its own; call once. */
    public void observe(Supplier<StageHealth.Status> liveness, Supplier<StageHealth.Status> readiness) {
        if (this.readiness != null) {
            throw new IllegalStateException("already observing a service");
        }
        this.liveness = liveness;
        this.readiness = readiness;
        Gauge.builder(READY, () -> readiness.get().ok() ? 1 : 0)
                .description("1 while the service is ready, else 0").register(registry);
    }

    /** Starts the HTTP endpoints; {@link #observe} first. Port 0 picks a free port. */
    public HealthAndMetricsServer serve(InetSocketAddress address) throws IOException {
        Objects.requireNonNull(readiness, "observe a service before serving its health");
        server = HealthAndMetricsServer.start(address, registry, liveness, readiness);
        return server;
    }

    /** The Prometheus text of every meter, as {@code /metrics} serves it. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        gc.close();
        registry.close();
    }
}
