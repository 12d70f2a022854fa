package io.reviewflow.runtime;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The command line every service shares: parse options, create missing topics, run the stage
 * until SIGTERM or a fatal error, and turn every failure into one line and an exit code.
 *
 * <pre>
 *   --bootstrap-server HOST:PORT   Kafka to use (required)
 *   --instance-id ID               stable id of this instance (default: the host name)
 *   --partitions N                 partitions for topics this service creates (default 3)
 *   --replication-factor N         replicas for topics this service creates (default: the broker's)
 *   --property KEY=VALUE           any Kafka client property, e.g. security.protocol=SASL_SSL (repeatable)
 * </pre>
 * Every option can also come from the environment, as {@code REVIEWFLOW_} and the option name in
 * upper case with underscores ({@code REVIEWFLOW_BOOTSTRAP_SERVER}, {@code REVIEWFLOW_VERDICT_SCALE}),
 * which is how containers configure the services; a flag on the command line wins over the environment.
 * Exit codes: 0 stopped cleanly, 1 stopped by a fatal error, 2 bad usage, 3 Kafka unreachable.
 */
public final class ServiceMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FATAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREACHABLE = 3;

    /** Parsed common options, plus the service's own (by option name, without dashes). */
    public record Options(StageSettings settings, int partitions, Optional<Short> replicationFactor, Map<String, String> extra) {}

    private ServiceMain() {}

    public static int run(String name, String[] args, Function<StageSettings, StageService<?>> factory) {
        return run(name, args, Map.of(), (settings, extra) -> factory.apply(settings), System.err);
    }

    /**
     * @param extraOptions the service's own options: name (without dashes) to a one-line description
     */
    public static int run(String name, String[] args, Map<String, String> extraOptions,
                          BiFunction<StageSettings, Map<String, String>, StageService<?>> factory, PrintStream err) {
        Options options;
        try {
            options = parse(args, extraOptions, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("reviewflow " + name + ": " + e.getMessage());
            err.println(usage(name, extraOptions));
            return EXIT_USAGE;
        }
        if (options == null) {
            err.println(usage(name, extraOptions));
            return EXIT_OK;
        }
        StageService<?> service;
        try {
            service = factory.apply(options.settings(), options.extra());
        } catch (RuntimeException e) {
            // Bad configuration (e.g. an invalid verdict scale file) stops start-up with its own message.
            err.println("reviewflow " + name + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        try {
            TopicProvisioner.ensureTopics(options.settings().kafka(), Topics.ALL, options.partitions(), options.replicationFactor());
        } catch (KafkaUnavailableException e) {
            err.println("reviewflow " + name + ": " + e.getMessage());
            return EXIT_UNREACHABLE;
        }
        Thread hook = new Thread(service::stop, "reviewflow-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.start();
        err.println("reviewflow " + name + ": running against " + options.settings().kafka().bootstrapServers()
                + " as " + service.transactionalId() + " (Ctrl-C to stop)");
        try {
            service.termination().get();
            return EXIT_OK;
        } catch (ExecutionException e) {
            err.println("reviewflow " + name + ": stopped: " + e.getCause().getMessage());
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

    /** The environment variable that supplies an option: {@code instance-id} is {@code REVIEWFLOW_INSTANCE_ID}. */
    public static String environmentVariable(String option) {
        return "REVIEWFLOW_" + option.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** Returns null when help was asked for. */
    static Options parse(String[] args, Map<String, String> extraOptions, Map<String, String> environment) {
        java.util.List<String> all = new java.util.ArrayList<>();
        // Environment first, so that flags given on the command line override it.
        for (String option : java.util.stream.Stream.concat(
                java.util.stream.Stream.of("bootstrap-server", "instance-id", "partitions", "replication-factor"),
                extraOptions.keySet().stream()).toList()) {
            String value = environment.get(environmentVariable(option));
            if (value != null && !value.isBlank()) {
                all.add("--" + option);
                all.add(value);
            }
        }
        all.addAll(java.util.Arrays.asList(args));
        return parseArguments(all.toArray(String[]::new), extraOptions);
    }

    private static Options parseArguments(String[] args, Map<String, String> extraOptions) {
        String bootstrap = null;
        String instanceId = defaultInstanceId();
        int partitions = 3;
        Optional<Short> replication = Optional.empty();
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String option = arg.substring(2);
            String value;
            int eq = option.indexOf('=');
            if (eq >= 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + option + " needs a value");
                }
                value = args[++i];
            }
            switch (option) {
                case "bootstrap-server", "bootstrap-servers" -> bootstrap = value;
                case "instance-id" -> instanceId = value;
                case "partitions" -> partitions = positiveInt(option, value);
                case "replication-factor" -> replication = Optional.of((short) positiveInt(option, value));
                case "property" -> {
                    int split = value.indexOf('=');
                    if (split <= 0) {
                        throw new IllegalArgumentException("--property takes KEY=VALUE, got '" + value + "'");
                    }
                    properties.put(value.substring(0, split), value.substring(split + 1));
                }
                default -> {
                    if (!extraOptions.containsKey(option)) {
                        throw new IllegalArgumentException("unknown option --" + option);
                    }
                    extra.put(option, value);
                }
            }
        }
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-server HOST:PORT is required");
        }
        KafkaSettings kafka = new KafkaSettings(bootstrap, KafkaSettings.DEFAULT_REQUEST_TIMEOUT, properties);
        StageSettings settings = StageSettings.defaults(kafka, instanceId);
        return new Options(settings, partitions, replication, extra);
    }

    static String usage(String name, Map<String, String> extraOptions) {
        StringBuilder usage = new StringBuilder("usage: reviewflow " + name
                + " --bootstrap-server HOST:PORT [--instance-id ID] [--partitions N] [--replication-factor N] [--property KEY=VALUE]...");
        extraOptions.forEach((option, help) -> usage.append(System.lineSeparator()).append("  --").append(option).append(": ").append(help));
        return usage.toString();
    }

    private static int positiveInt(String option, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be a positive whole number, got '" + value + "'");
        }
    }

    private static String defaultInstanceId() {
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
