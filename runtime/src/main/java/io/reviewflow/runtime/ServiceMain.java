package io.reviewflow.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.reviewflow.runtime.ServiceConfiguration.Setting;
import io.reviewflow.runtime.ops.HealthAndMetricsServer;
import io.reviewflow.runtime.ops.StageHealth;
import io.reviewflow.runtime.ops.StageTelemetry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line every service shares: resolve its settings, start its metrics and health
 * endpoints, create missing topics, run the stage until SIGTERM or a fatal error, and turn every
 * failure into one line and an exit code.
 *
 * <pre>
 *   --bootstrap-server HOST:PORT   Kafka to use (required)
 *   --instance-id ID               stable id of this instance (default: the host name)
 *   --partitions N                 partitions for topics this service creates (default 3)
 *   --replication-factor N         replicas for topics this service creates (default: the broker's)
 *   --http-address ADDRESS         where /metrics and /health listen (default 127.0.0.1)
 *   --http-port N|0|off            their port (default 8081 ingest, 8082 scoring, 8083 publish)
 *   --log-format text|json         human-readable lines (default) or JSON lines
 *   --log-level LEVEL              level of reviewflow's own loggers (default info)
 *   --config FILE                  a properties file of these settings, and kafka.NAME=VALUE
 *   --property KEY=VALUE           any Kafka client property, e.g. security.protocol=SASL_SSL (repeatable)
 * </pre>
 * Settings are resolved in layers, each overriding the one before: defaults, the {@code --config}
 * file (or {@code REVIEWFLOW_CONFIG}), {@code REVIEWFLOW_<OPTION>} environment variables
 * ({@code REVIEWFLOW_KAFKA_<PROPERTY>} for Kafka client properties), then flags. Anything
 * unknown or malformed stops start-up with a message naming it (see {@link ServiceConfiguration}).
 * Exit codes: 0 stopped cleanly, 1 stopped by a fatal error, 2 bad usage or configuration, 3 Kafka unreachable.
 */
public final class ServiceMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FATAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;

    /** The HTTP endpoints listen on loopback unless told otherwise: metrics are not for the whole network. */
    public static final String DEFAULT_HTTP_ADDRESS = "127.0.0.1";
    /** One port per service, so the three can run side by side on one host without configuration. */
    static final Map<String, Integer> DEFAULT_HTTP_PORTS = Map.of("ingest", 8081, "scoring", 8082, "publish", 8083, "gateway", 8084);
    static final int FALLBACK_HTTP_PORT = 8080;

    /** System properties that {@code log4j2.xml} reads once, when logging starts. */
    public static final String LOG_LEVEL_PROPERTY = "reviewflow.log.level";
    public static final String LOG_FORMAT_PROPERTY = "reviewflow.log.format";
    public static final String LOG_SERVICE_PROPERTY = "reviewflow.service";

    static final List<String> LOG_FORMATS = List.of("text", "json");
    static final List<String> LOG_LEVELS = List.of("off", "error", "warn", "info", "debug", "trace", "all");

    /**
     * How long an input partition's last stable offset may stand still behind its end before the stage
     * reports a hanging transaction ({@code HangingTransactionWatch}); by default the broker's
     * {@code transaction.max.timeout.ms}, beyond which no live transaction can be open.
     */
    public static final String HANGING_TRANSACTION_SECONDS = "hanging-transaction-seconds";

    /** The settings of every stage loop (not of the gateway), beside the service's own. */
    static final Map<String, String> STAGE_OPTIONS = Map.of(HANGING_TRANSACTION_SECONDS,
            "seconds an input partition's last stable offset may stand still behind its end before the stage reports a"
                    + " hanging transaction (default: the broker's transaction.max.timeout.ms, 15 min unless changed)");

    /** The settings every service has, with their help; {@code --config} and {@code --property} are handled apart. */
    static final Map<String, String> COMMON_OPTIONS = commonOptions();

    /** Creates the service's stage loop from its settings, its own options, and the registry for meters only it knows. */
    @FunctionalInterface
    public interface StageFactory {
        StageService<?> create(StageSettings settings, Map<String, String> options, MeterRegistry metrics);
    }

    /** Creates a service that is not a stage loop from its settings, its own options, and the registry for its meters. */
    @FunctionalInterface
    public interface HostedFactory {
        HostedService create(StageSettings settings, Map<String, String> options, MeterRegistry metrics);
    }

    /** How the shared start-up creates what it runs, given the telemetry that will watch it. */
    @FunctionalInterface
    private interface Launcher {
        HostedService create(StageSettings settings, Map<String, String> options, StageTelemetry telemetry);
    }

    /** Where the HTTP endpoints listen; {@code portGiven} is false when the port is the service's default. */
    public record HttpEndpoint(String address, int port, boolean portGiven) {}

    /**
     * Resolved settings: the stage's, the topic shape, the service's own options (by name, without
     * dashes), the HTTP endpoint (empty with {@code --http-port off}), and every setting as it
     * will be logged at start-up, secrets hidden.
     */
    public record Options(StageSettings settings, int partitions, Optional<Short> replicationFactor, Map<String, String> extra,
                          Optional<HttpEndpoint> http, Map<String, String> effective) {

        /** One line for the start-up log: {@code name=value (origin)}, secrets hidden. */
        public String describe() {
            return effective.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    private ServiceMain() {}

    public static int run(String name, String[] args, Function<StageSettings, StageService<?>> factory) {
        return run(name, args, Map.of(), (settings, extra, metrics) -> factory.apply(settings), System.err);
    }

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
        return launch(name, args, withStageOptions(extraOptions), (settings, extra, telemetry) -> new HostedStage(
                factory.create(settings, extra, telemetry.registry()), telemetry, hangingAfter(extra)), err, environment, true);
    }

    private static Map<String, String> withStageOptions(Map<String, String> extraOptions) {
        Map<String, String> options = new LinkedHashMap<>(extraOptions);
        options.putAll(STAGE_OPTIONS);
        return options;
    }

    /** A stage's {@value #HANGING_TRANSACTION_SECONDS}, checked in {@link #options}; empty for the broker's maximum. */
    private static Optional<Duration> hangingAfter(Map<String, String> extra) {
        return Optional.ofNullable(extra.get(HANGING_TRANSACTION_SECONDS)).map(s -> Duration.ofSeconds(Long.parseLong(s.strip())));
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
        return launch(name, args, extraOptions, (settings, extra, telemetry) -> {
            HostedService service = factory.create(settings, extra, telemetry.registry());
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

    private static int launch(String name, String[] args, Map<String, String> extraOptions, Launcher launcher, PrintStream err,
                              Map<String, String> environment, boolean transactional) {
        Options options;
        try {
            ServiceConfiguration config = ServiceConfiguration.resolve(name, optionNames(extraOptions), args, environment);
            if (config.help()) {
                err.println(usage(name, extraOptions));
                return EXIT_OK;
            }
            applyLogSettings(name, config);
            options = options(name, config, extraOptions);
        } catch (IllegalArgumentException e) {
            err.println("reviewflow " + name + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        // Not a static field: the first logger starts Log4j, which must see the log settings above.
        Logger log = LoggerFactory.getLogger(ServiceMain.class);
        log.info("{} settings: {}", name, options.describe());
        // With JSON logs every line on stderr is JSON, so a log shipper never meets a stray one.
        boolean structured = "json".equals(System.getProperty(LOG_FORMAT_PROPERTY));
        Lines lines = new Lines("reviewflow " + name + ": ", structured ? null : err, log);

        StageTelemetry telemetry = StageTelemetry.create(name);
        try {
            HostedService service;
            try {
                service = launcher.create(options.settings(), options.extra(), telemetry);
            } catch (RuntimeException e) {
                // Bad configuration (e.g. an invalid verdict scale file) stops start-up with its own message.
                lines.failure(e.getMessage());
                return EXIT_USAGE;
            }
            Optional<HealthAndMetricsServer> server;
            try {
                server = serve(telemetry, options.http(), log);
            } catch (IOException e) {
                HttpEndpoint endpoint = options.http().orElseThrow();
                lines.failure("cannot serve metrics and health on " + endpoint.address() + ":" + endpoint.port() + ": "
                        + e.getMessage() + " (set --http-port, or --http-port off)");
                return EXIT_USAGE;
            }
            try {
                TopicProvisioner.ensureTopics(options.settings().kafka(), service.topics(), options.partitions(), options.replicationFactor());
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

    private static int runUntilStopped(String name, HostedService service, Options options,
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
    private static Optional<HealthAndMetricsServer> serve(StageTelemetry telemetry, Optional<HttpEndpoint> http, Logger log)
            throws IOException {
        if (http.isEmpty()) {
            return Optional.empty();
        }
        HttpEndpoint endpoint = http.get();
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

    /** The environment variable that supplies an option: {@code instance-id} is {@code REVIEWFLOW_INSTANCE_ID}. */
    public static String environmentVariable(String option) {
        return ServiceConfiguration.environmentVariable(option);
    }

    /**
     * Resolves and checks a service's settings exactly as start-up does, without starting
     * anything (Kafka client property names included); null when help was asked for.
     *
     * @throws IllegalArgumentException naming the first unknown or malformed setting
     */
    public static Options parse(String name, String[] args, Map<String, String> extraOptions, Map<String, String> environment) {
        Map<String, String> options = DEFAULT_HTTP_PORTS.containsKey(name) && !name.equals("gateway")
                ? withStageOptions(extraOptions) : extraOptions;
        ServiceConfiguration config = ServiceConfiguration.resolve(name, optionNames(options), args, environment);
        if (config.help()) {
            return null;
        }
        checkLogSettings(config);
        return options(name, config, options);
    }

    /**
     * Hands the log settings to {@code log4j2.xml} as system properties. Log4j reads them once,
     * when the first logger is created, so this runs before anything logs; a setting that was not
     * given leaves the property alone ({@code -Dreviewflow.log.level} in {@code JAVA_TOOL_OPTIONS} still works).
     */
    private static void applyLogSettings(String name, ServiceConfiguration config) {
        checkLogSettings(config);
        Setting format = config.option("log-format");
        if (format != null) {
            System.setProperty(LOG_FORMAT_PROPERTY, format.value().strip().toLowerCase(Locale.ROOT));
        }
        Setting level = config.option("log-level");
        if (level != null) {
            System.setProperty(LOG_LEVEL_PROPERTY, level.value().strip().toLowerCase(Locale.ROOT));
        }
        if (System.getProperty(LOG_SERVICE_PROPERTY) == null) {
            System.setProperty(LOG_SERVICE_PROPERTY, name);
        }
    }

    private static void checkLogSettings(ServiceConfiguration config) {
        oneOf(config.option("log-format"), LOG_FORMATS);
        oneOf(config.option("log-level"), LOG_LEVELS);
    }

    private static Set<String> optionNames(Map<String, String> extraOptions) {
        Set<String> names = new LinkedHashSet<>(COMMON_OPTIONS.keySet());
        names.addAll(extraOptions.keySet());
        return names;
    }

    private static Options options(String name, ServiceConfiguration config, Map<String, String> extraOptions) {
        Setting bootstrap = config.option("bootstrap-server");
        if (bootstrap == null || bootstrap.value().isBlank()) {
            throw new IllegalArgumentException("--bootstrap-server HOST:PORT is required (or REVIEWFLOW_BOOTSTRAP_SERVER,"
                    + " or bootstrap-server in a --config file)");
        }
        Setting instance = config.option("instance-id");
        String instanceId = instance == null ? defaultInstanceId() : instance.value().strip();
        int partitions = positiveInt(config.option("partitions"), 3, Integer.MAX_VALUE);
        Optional<Short> replication = Optional.ofNullable(config.option("replication-factor"))
                .map(setting -> (short) positiveInt(setting, 0, Short.MAX_VALUE));
        Optional<HttpEndpoint> http = httpEndpoint(name, config);

        KafkaClientProperties.check(bootstrap.value(), config.kafka());
        Map<String, String> properties = new LinkedHashMap<>();
        config.kafka().forEach((property, setting) -> properties.put(property, setting.value()));
        Map<String, String> extra = new LinkedHashMap<>();
        for (String option : extraOptions.keySet()) {
            Setting setting = config.option(option);
            if (setting != null) {
                extra.put(option, setting.value());
            }
        }
        positiveInt(config.option(HANGING_TRANSACTION_SECONDS), 1, Integer.MAX_VALUE);

        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("bootstrap-server", shown(bootstrap));
        effective.put("instance-id", instance == null ? instanceId + " (default: host name)" : shown(instance));
        effective.put("partitions", shownOrDefault(config.option("partitions"), "3"));
        effective.put("replication-factor", shownOrDefault(config.option("replication-factor"), "broker default"));
        effective.put("http", http.map(h -> h.address() + ":" + h.port()).orElse("off")
                + " (" + (config.option("http-port") == null && config.option("http-address") == null ? "default" : "configured") + ")");
        effective.put("log-format", shownOrDefault(config.option("log-format"), System.getProperty(LOG_FORMAT_PROPERTY, "text")));
        effective.put("log-level", shownOrDefault(config.option("log-level"), System.getProperty(LOG_LEVEL_PROPERTY, "info")));
        Optional.ofNullable(config.option(ServiceConfiguration.CONFIG)).ifPresent(file -> effective.put("config", shown(file)));
        for (String option : extraOptions.keySet()) {
            Setting setting = config.option(option);
            if (setting != null) {
                effective.put(option, KafkaClientProperties.looksSecret(option) ? hidden(setting) : shown(setting));
            }
        }
        config.kafka().forEach((property, setting) -> effective.put("kafka." + property,
                KafkaClientProperties.isSecret(property) ? hidden(setting) : shown(setting)));

        KafkaSettings kafka = new KafkaSettings(bootstrap.value().strip(), KafkaSettings.DEFAULT_REQUEST_TIMEOUT, properties);
        StageSettings settings;
        try {
            settings = StageSettings.defaults(kafka, instanceId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((instance == null ? "" : instance.origin() + ": ") + e.getMessage());
        }
        return new Options(settings, partitions, replication, extra, http, effective);
    }

    private static Optional<HttpEndpoint> httpEndpoint(String name, ServiceConfiguration config) {
        Setting port = config.option("http-port");
        Setting address = config.option("http-address");
        if (port != null && port.value().strip().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        int number = DEFAULT_HTTP_PORTS.getOrDefault(name, FALLBACK_HTTP_PORT);
        if (port != null) {
            try {
                number = Integer.parseInt(port.value().strip());
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 0 || number > 65_535) {
                throw new IllegalArgumentException(port.origin() + " must be a port number (0 for any free port) or off, got '"
                        + port.value() + "'");
            }
        }
        String host = address == null ? DEFAULT_HTTP_ADDRESS : address.value().strip();
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            throw new IllegalArgumentException(address.origin() + " must be a host name or IP address, got '" + address.value() + "'");
        }
        return Optional.of(new HttpEndpoint(host, number, port != null));
    }

    private static void oneOf(Setting setting, List<String> allowed) {
        if (setting != null && !allowed.contains(setting.value().strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(setting.origin() + " must be one of " + String.join(", ", allowed)
                    + ", got '" + setting.value() + "'");
        }
    }

    private static int positiveInt(Setting setting, int fallback, int max) {
        if (setting == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(setting.value().strip());
            if (parsed < 1 || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.origin() + " must be a positive whole number"
                    + (max < Integer.MAX_VALUE ? " up to " + max : "") + ", got '" + setting.value() + "'");
        }
    }

    private static String shown(Setting setting) {
        return setting.value().strip() + " (" + setting.origin() + ")";
    }

    private static String shownOrDefault(Setting setting, String fallback) {
        return setting == null ? fallback + " (default)" : shown(setting);
    }

    private static String hidden(Setting setting) {
        return "[hidden] (" + setting.origin() + ")";
    }

    static String usage(String name, Map<String, String> extraOptions) {
        String nl = System.lineSeparator();
        StringBuilder usage = new StringBuilder("usage: reviewflow " + name + " --bootstrap-server HOST:PORT [--OPTION VALUE]..." + nl
                + "Settings, later sources winning: defaults, a properties file (--config FILE or REVIEWFLOW_CONFIG;" + nl
                + "keys are the option names), REVIEWFLOW_<OPTION> environment variables, flags. Kafka client properties:" + nl
                + "kafka.NAME=VALUE in the file, REVIEWFLOW_KAFKA_<NAME> (dots as underscores), or --property NAME=VALUE." + nl
                + "Unknown or malformed settings stop start-up.");
        COMMON_OPTIONS.forEach((option, help) -> usage.append(nl).append("  --").append(option).append(": ")
                .append(option.equals("http-port") ? help.replace("PORT", Integer.toString(
                        DEFAULT_HTTP_PORTS.getOrDefault(name, FALLBACK_HTTP_PORT))) : help));
        usage.append(nl).append("  --config: a properties file of these settings (option=value, kafka.NAME=VALUE)");
        usage.append(nl).append("  --property: KEY=VALUE, any Kafka client property, e.g. security.protocol=SASL_SSL (repeatable)");
        extraOptions.forEach((option, help) -> usage.append(nl).append("  --").append(option).append(": ").append(help));
        return usage.toString();
    }

    private static Map<String, String> commonOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("bootstrap-server", "HOST:PORT[,HOST:PORT...] of Kafka (required)");
        options.put("instance-id", "stable id of this instance, unique among running ones (default: the host name)");
        options.put("partitions", "partitions for topics this service creates (default 3)");
        options.put("replication-factor", "replicas for topics this service creates (default: the broker's)");
        options.put("http-address", "address /metrics and /health listen on (default " + DEFAULT_HTTP_ADDRESS
                + "; 0.0.0.0 for every interface)");
        options.put("http-port", "their port (default PORT; 0 for any free port; off for no HTTP server)");
        options.put("log-format", "text (default) or json (one JSON object per line)");
        options.put("log-level", "level of reviewflow's own log lines: " + String.join(", ", LOG_LEVELS) + " (default info)");
        return java.util.Collections.unmodifiableMap(options);
    }

    /** The host name, cleaned to what an instance id allows: the same instance keeps it across restarts. */
    public static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "0";
            }
        }
        String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.isEmpty() ? "0" : cleaned.substring(0, Math.min(100, cleaned.length()));
    }

}
