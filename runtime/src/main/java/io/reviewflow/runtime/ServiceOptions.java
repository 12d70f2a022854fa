package io.reviewflow.runtime;

import io.reviewflow.runtime.ServiceConfiguration.Setting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options every service has, defined and checked in this one place, and a service's settings
 * once resolved: the stage's, the topic shape, the service's own options (by name, without
 * dashes), the HTTP endpoint (empty with {@code --http-port off}), and every setting as it will be
 * logged at start-up, secrets hidden. {@link ServiceConfiguration} merges the raw layers; this
 * turns them into values, or a message naming the first setting that is wrong.
 */
public record ServiceOptions(StageSettings settings, int partitions, Optional<Short> replicationFactor, Map<String, String> extra,
                             Optional<HttpEndpoint> http, Map<String, String> effective) {

    /** Where the HTTP endpoints listen; {@code portGiven} is false when the port is the service's default. */
    public record HttpEndpoint(String address, int port, boolean portGiven) {}

    /** The HTTP endpoints listen on loopback unless told otherwise: metrics are not for the whole network. */
    static final String DEFAULT_HTTP_ADDRESS = "127.0.0.1";
    /** One port per service, so the three can run side by side on one host without configuration. */
    static final Map<String, Integer> DEFAULT_HTTP_PORTS = Map.of("ingest", 8081, "scoring", 8082, "publish", 8083, "gateway", 8084, "works", 8085);
    static final int FALLBACK_HTTP_PORT = 8080;

    /** System properties that {@code log4j2.xml} reads once, when logging starts. */
    static final String LOG_LEVEL_PROPERTY = "reviewflow.log.level";
    static final String LOG_FORMAT_PROPERTY = "reviewflow.log.format";
    static final String LOG_SERVICE_PROPERTY = "reviewflow.service";
    static final List<String> LOG_FORMATS = List.of("text", "json");
    static final List<String> LOG_LEVELS = List.of("off", "error", "warn", "info", "debug", "trace", "all");

    /**
     * How long an input partition's last stable offset may stand still behind its end before the stage
     * reports a hanging transaction ({@code HangingTransactionWatch}); by default the broker's
     * {@code transaction.max.timeout.ms}, beyond which no live transaction can be open.
     */
    static final String HANGING_TRANSACTION_SECONDS = "hanging-transaction-seconds";

    /** The settings of every stage loop (not of the gateway), beside the service's own. */
    private static final Map<String, String> STAGE_OPTIONS = Map.of(HANGING_TRANSACTION_SECONDS,
            "seconds an input partition's last stable offset may stand still behind its end before the stage reports a"
                    + " hanging transaction (default: the broker's transaction.max.timeout.ms, 15 min unless changed)");

    /** The settings every service has, with their help; {@code --config} and {@code --property} are handled apart. */
    private static final Map<String, String> COMMON_OPTIONS = commonOptions();

    /** One line for the start-up log: {@code name=value (origin)}, secrets hidden. */
    public String describe() {
        return effective.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A stage's {@value #HANGING_TRANSACTION_SECONDS}, checked when parsed; empty for the broker's maximum. */
    Optional<Duration> hangingAfter() {
        return Optional.ofNullable(extra.get(HANGING_TRANSACTION_SECONDS)).map(s -> Duration.ofSeconds(Long.parseLong(s.strip())));
    }

    /**
     * Resolves and checks a service's settings exactly as start-up does, without starting
     * anything (Kafka client property names included); null when help was asked for.
     *
     * @param extraOptions the service's own options: name (without dashes) to a one-line description
     * @throws IllegalArgumentException naming the first unknown or malformed setting
     */
    public static ServiceOptions parse(String name, String[] args, Map<String, String> extraOptions,
                                       Map<String, String> environment) {
        Map<String, String> options = DEFAULT_HTTP_PORTS.containsKey(name) && !name.equals("gateway")
                ? withStageOptions(extraOptions) : extraOptions;
        ServiceConfiguration config = resolve(name, args, options, environment);
        return config.help() ? null : of(name, config, options);
    }

    /** The environment variable that supplies an option: {@code instance-id} is {@code REVIEWFLOW_INSTANCE_ID}. */
    public static String environmentVariable(String option) {
        return ServiceConfiguration.environmentVariable(option);
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

    /** A stage's own options with the ones every stage loop has. */
    static Map<String, String> withStageOptions(Map<String, String> extraOptions) {
        Map<String, String> options = new LinkedHashMap<>(extraOptions);
        options.putAll(STAGE_OPTIONS);
        return options;
    }

    /** The raw settings, every layer merged; unknown names already refused. */
    static ServiceConfiguration resolve(String name, String[] args, Map<String, String> extraOptions,
                                        Map<String, String> environment) {
        Set<String> names = new LinkedHashSet<>(COMMON_OPTIONS.keySet());
        names.addAll(extraOptions.keySet());
        return ServiceConfiguration.resolve(name, names, args, environment);
    }

    /** The log settings alone: start-up applies them before anything else is checked, and so before anything logs. */
    static void checkLogSettings(ServiceConfiguration config) {
        oneOf(config.option("log-format"), LOG_FORMATS);
        oneOf(config.option("log-level"), LOG_LEVELS);
    }

    /** The values of {@code config}, each checked, the log settings first. */
    static ServiceOptions of(String name, ServiceConfiguration config, Map<String, String> extraOptions) {
        checkLogSettings(config);
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
        return new ServiceOptions(settings, partitions, replication, extra, http, effective);
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
        return Collections.unmodifiableMap(options);
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
}
