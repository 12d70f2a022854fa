package io.reviewflow.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.reviewflow.runtime.ServiceConfiguration.Setting;
import io.reviewflow.runtime.ops.HealthAndMetricsServer;
import io.reviewflow.runtime.ops.StageHealth;
import io.reviewflow.runtime.ops.StageTelemetry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches a service on the command line every service shares: resolve its settings
 * ({@link ServiceOptions}, the one place options are defined and checked), start its metrics and
 * health endpoints, create missing topics, run it until SIGTERM or a fatal error, and turn every
 * failure into one line and an exit code: 0 stopped cleanly, 1 stopped by a fatal error, 2 bad
 * usage or configuration, 3 Kafka unreachable.
 */
public final class ServiceMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FATAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;

    /** Creates the service's stage loop from its settings, its own options, and the registry for meters only it knows. */
    @FunctionalInterface
    public interface StageFactory {
        StageService<?> create(StageSettings settings, Map<String, String> options, MeterRegistry metrics);
    }

    /**
     * Creates the stage loops of a service that runs several in one process, from its settings, its own
     * options, and the registry for meters only it knows. Each loop needs a stage name of its own.
     */
    @FunctionalInterface
    public interface StagesFactory {
        List<StageService<?>> create(StageSettings settings, Map<String, String> options, MeterRegistry metrics);
    }

    /** Creates a service that is not a stage loop from its settings, its own options, and the registry for its meters. */
    @FunctionalInterface
    public interface HostedFactory {
        HostedService create(StageSettings settings, Map<String, String> options, MeterRegistry metrics);
    }

    /** How the shared start-up creates what it runs, given the telemetry that will watch it. */
    @FunctionalInterface
    private interface Launcher {
        HostedService create(ServiceOptions options, StageTelemetry telemetry);
    }

    private ServiceMain() {}

    /**
     * @param extraOptions the service's own options: name (without dashes) to a one-line description
     */
    public static int run(String name, String[] args, Map<String, String> extraOptions,
                          BiFunction<StageSettings, Map<String, String>, StageService<?>> factory, PrintStream err) {
        return run(name, args, extraOptions, (settings, extra, metrics) -> factory.apply(settings, extra), err);
    }

    /**
     * @param extraOptions the service's own options: name (without dashes) to a one-line description
     * @param factory      creates the stage loop; gets the service's meter registry for meters only it knows
     */
    public static int run(String name, String[] args, Map<String, String> extraOptions, StageFactory factory, PrintStream err) {
        return run(name, args, extraOptions, factory, err, System.getenv());
    }

    static int run(String name, String[] args, Map<String, String> extraOptions, StageFactory factory, PrintStream err,
                   Map<String, String> environment) {
        return launch(name, args, ServiceOptions.withStageOptions(extraOptions), (options, telemetry) -> new HostedStage(
                factory.create(options.settings(), options.extra(), telemetry.registry()), telemetry, options.hangingAfter()),
                err, environment, true);
    }

    /**
     * Runs several stage loops as one service: one command line, one set of settings, one
     * {@code /metrics} (each loop's meters tagged {@code loop=<stage name>}) and one {@code /health},
     * which is down while any loop is. A fatal error in one loop stops them all.
     *
     * @param extraOptions the service's own options: name (without dashes) to a one-line description
     */
    public static int runStages(String name, String[] args, Map<String, String> extraOptions, StagesFactory factory,
                                PrintStream err, Map<String, String> environment) {
        return launch(name, args, ServiceOptions.withStageOptions(extraOptions), (options, telemetry) -> new HostedStages(
                name, factory.create(options.settings(), options.extra(), telemetry.registry()), telemetry,
                options.hangingAfter()), err, environment, true);
    }

    /**
     * Runs a service that is not a stage loop (the HTTP gateway) on the same command line as the
     * stages: settings, logs, {@code /metrics} and {@code /health} from the service's own health,
     * topics, exit codes.
     *
     * @param extraOptions the service's own options: name (without dashes) to a one-line description
     */
    public static int runHosted(String name, String[] args, Map<String, String> extraOptions, HostedFactory factory,
                                PrintStream err, Map<String, String> environment) {
        return launch(name, args, extraOptions, (options, telemetry) -> {
            HostedService service = factory.create(options.settings(), options.extra(), telemetry.registry());
            telemetry.observe(service::liveness, service::readiness);
            return service;
        }, err, environment, false);
    }

    /** A stage loop as {@link #launch} runs it, with the stage's meters and health. */
    private static final class HostedStage implements HostedService {
        private final StageService<?> stage;
        private final StageHealth health;

        HostedStage(StageService<?> stage, StageTelemetry telemetry, Optional<Duration> hangingAfter) {
            this.stage = stage;
            this.health = telemetry.observe(stage, hangingAfter);
        }

        @Override
        public String name() {
            return stage.name();
        }

        @Override
        public void start() {
            stage.start();
        }

        @Override
        public void stop() {
            stage.stop();
        }

        @Override
        public CompletableFuture<Void> termination() {
            return stage.termination();
        }

        @Override
        public StageHealth.Status liveness() {
            return health.liveness();
        }

        @Override
        public StageHealth.Status readiness() {
            return health.readiness();
        }

        @Override
        public String describe() {
            return "as " + stage.transactionalId();
        }

        @Override
        public List<TopicSpec<?>> topics() {
            return stage.contract().topics();
        }
    }

    /** Several stage loops as one service, as {@link #runStages} runs them. */
    private static final class HostedStages implements HostedService {
        private final String name;
        private final List<StageService<?>> stages;
        private final List<StageHealth> health = new ArrayList<>();
        private final CompletableFuture<Void> termination = new CompletableFuture<>();

        HostedStages(String name, List<StageService<?>> stages, StageTelemetry telemetry, Optional<Duration> hangingAfter) {
            if (stages.stream().map(StageService::name).distinct().count() != stages.size()) {
                throw new IllegalArgumentException(name + ": each loop needs a stage name of its own (its group and transactional id)");
            }
            this.name = name;
            this.stages = List.copyOf(stages);
            for (StageService<?> stage : this.stages) {
                // The loops' meters share names; the loop tag keeps their series apart in one registry.
                CompositeMeterRegistry loop = new CompositeMeterRegistry();
                loop.config().commonTags("loop", stage.name());
                loop.add(telemetry.registry());
                health.add(telemetry.meter(stage, hangingAfter, loop));
            }
            telemetry.observe(this::liveness, this::readiness);
            for (StageService<?> stage : this.stages) {
                stage.termination().whenComplete((done, failure) -> {
                    if (failure != null) {
                        if (termination.completeExceptionally(failure)) {
                            // Not on the failed loop's thread: stop() joins the loops' threads.
                            new Thread(this::stop, "reviewflow-" + name + "-stop").start();
                        }
                    } else if (this.stages.stream().allMatch(s -> s.termination().isDone())) {
                        termination.complete(null);
                    }
                });
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            stages.forEach(StageService::start);
        }

        @Override
        public void stop() {
            stages.forEach(StageService::stop);
        }

        @Override
        public CompletableFuture<Void> termination() {
            return termination;
        }

        @Override
        public StageHealth.Status liveness() {
            return worst(StageHealth::liveness);
        }

        @Override
        public StageHealth.Status readiness() {
            return worst(StageHealth::readiness);
        }

        /** The first loop that is down, named; up when every loop is. */
        private StageHealth.Status worst(Function<StageHealth, StageHealth.Status> check) {
            for (int i = 0; i < stages.size(); i++) {
                StageHealth.Status status = check.apply(health.get(i));
                if (!status.ok()) {
                    return new StageHealth.Status(false, stages.get(i).name() + ": " + status.reason());
                }
            }
            return check.apply(health.get(0));
        }

        @Override
        public String describe() {
            return "as " + stages.stream().map(StageService::transactionalId).collect(Collectors.joining(" and "));
        }

        @Override
        public List<TopicSpec<?>> topics() {
            return stages.stream().flatMap(stage -> stage.contract().topics().stream()).distinct().toList();
        }
    }

    private static int launch(String name, String[] args, Map<String, String> extraOptions, Launcher launcher, PrintStream err,
                              Map<String, String> environment, boolean transactional) {
        ServiceOptions options;
        try {
            ServiceConfiguration config = ServiceOptions.resolve(name, args, extraOptions, environment);
            if (config.help()) {
                err.println(ServiceOptions.usage(name, extraOptions));
                return EXIT_OK;
            }
            // Before anything else is checked: checking Kafka client properties loads Kafka classes that log.
            applyLogSettings(name, config);
            options = ServiceOptions.of(name, config, extraOptions);
        } catch (IllegalArgumentException e) {
            err.println("reviewflow " + name + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        // Not a static field: the first logger starts Log4j, which must see the log settings above.
        Logger log = LoggerFactory.getLogger(ServiceMain.class);
        log.info("{} settings: {}", name, options.describe());
        // With JSON logs every line on stderr is JSON, so a log shipper never meets a stray one.
        boolean structured = "json".equals(System.getProperty(ServiceOptions.LOG_FORMAT_PROPERTY));
        Lines lines = new Lines("reviewflow " + name + ": ", structured ? null : err, log);

        StageTelemetry telemetry = StageTelemetry.create(name);
        try {
            HostedService service;
            try {
                service = launcher.create(options, telemetry);
            } catch (RuntimeException e) {
                // Bad configuration (e.g. an invalid verdict scale file) stops start-up with its own message.
                lines.failure(e.getMessage());
                return EXIT_USAGE;
            }
            Optional<HealthAndMetricsServer> server;
            try {
                server = serve(telemetry, options.http(), log);
            } catch (IOException e) {
                ServiceOptions.HttpEndpoint endpoint = options.http().orElseThrow();
                lines.failure("cannot serve metrics and health on " + endpoint.address() + ":" + endpoint.port() + ": "
                        + e.getMessage() + " (set --http-port, or --http-port off)");
                return EXIT_USAGE;
            }
            try {
                TopicProvisioner.ensureTopics(options.settings().kafka(), service.topics(), options.partitions(),
                        options.replicationFactor());
            } catch (KafkaUnavailableException e) {
                lines.failure(e.getMessage());
                return EXIT_UNREACHABLE;
            }
            KafkaSettings kafka = options.settings().kafka();
            if (transactional) {
                TransactionVersionCheck.note(TransactionVersionCheck.finalizedLevel(kafka), kafka.bootstrapServers())
                        .ifPresent(lines::info);
            }
            return runUntilStopped(name, service, options, server, lines);
        } finally {
            telemetry.close();
        }
    }

    /** The service's own lines for people: plain on stderr, or log events when logs are JSON. */
    private record Lines(String prefix, PrintStream plain, Logger log) {
        void info(String line) {
            if (plain != null) {
                plain.println(prefix + line);
            } else {
                log.info("{}{}", prefix, line);
            }
        }

        void failure(String line) {
            if (plain != null) {
                plain.println(prefix + line);
            } else {
                log.error("{}{}", prefix, line);
            }
        }
    }

    private static int runUntilStopped(String name, HostedService service, ServiceOptions options,
                                       Optional<HealthAndMetricsServer> server, Lines lines) {
        Thread hook = new Thread(service::stop, "reviewflow-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.start();
        lines.info("running against " + options.settings().kafka().bootstrapServers()
                + " " + service.describe()
                + server.map(s -> "; metrics and health at http://" + hostAndPort(s.address())).orElse("")
                + " (Ctrl-C to stop)");
        try {
            service.termination().get();
            return EXIT_OK;
        } catch (ExecutionException e) {
            lines.failure("stopped: " + e.getCause().getMessage());
            return EXIT_FATAL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.stop();
            return EXIT_OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // Already shutting down: the hook is running.
            }
        }
    }

    /**
     * Binds the endpoints. A port that was only the default and is taken (a second instance on
     * the same host) falls back to a free port, logged; a port that was asked for must be had.
     */
    private static Optional<HealthAndMetricsServer> serve(StageTelemetry telemetry, Optional<ServiceOptions.HttpEndpoint> http,
                                                         Logger log)
            throws IOException {
        if (http.isEmpty()) {
            return Optional.empty();
        }
        ServiceOptions.HttpEndpoint endpoint = http.get();
        try {
            return Optional.of(telemetry.serve(socketAddress(endpoint.address(), endpoint.port())));
        } catch (BindException e) {
            if (endpoint.portGiven()) {
                throw e;
            }
            HealthAndMetricsServer server = telemetry.serve(socketAddress(endpoint.address(), 0));
            log.warn("default HTTP port {} is taken; metrics and health are at http://{} instead",
                    endpoint.port(), hostAndPort(server.address()));
            return Optional.of(server);
        }
    }

    private static InetSocketAddress socketAddress(String host, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("unknown host " + host);
        }
        return address;
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * Checks the log settings and hands them to {@code log4j2.xml} as system properties. Log4j reads
     * them once, when the first logger is created, so this runs before anything logs; a setting that was not
     * given leaves the property alone ({@code -Dreviewflow.log.level} in {@code JAVA_TOOL_OPTIONS} still works).
     */
    private static void applyLogSettings(String name, ServiceConfiguration config) {
        ServiceOptions.checkLogSettings(config);
        Setting format = config.option("log-format");
        if (format != null) {
            System.setProperty(ServiceOptions.LOG_FORMAT_PROPERTY, format.value().strip().toLowerCase(Locale.ROOT));
        }
        Setting level = config.option("log-level");
        if (level != null) {
            System.setProperty(ServiceOptions.LOG_LEVEL_PROPERTY, level.value().strip().toLowerCase(Locale.ROOT));
        }
        if (System.getProperty(ServiceOptions.LOG_SERVICE_PROPERTY) == null) {
            System.setProperty(ServiceOptions.LOG_SERVICE_PROPERTY, name);
        }
    }
}
