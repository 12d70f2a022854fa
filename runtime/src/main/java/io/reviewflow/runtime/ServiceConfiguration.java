package io.reviewflow.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The raw settings of one service, merged from four layers, each overriding the one before:
 * built-in defaults (applied by the caller), a properties file ({@code --config FILE} or
 * {@code REVIEWFLOW_CONFIG}), {@code REVIEWFLOW_*} environment variables, and command-line flags.
 * Kafka client properties come the same way: {@code kafka.NAME} in the file,
 * {@code REVIEWFLOW_KAFKA_NAME} in the environment ({@code _} for {@code .}), {@code --property
 * NAME=VALUE} on the command line.
 *
 * <p>Every setting remembers where it came from, so a bad one is reported under the name the
 * operator wrote. An unknown flag, file key or {@code REVIEWFLOW_} variable stops start-up: a
 * typo that silently falls back to a default is how a production service ends up on the wrong
 * cluster. This class reads the file and nothing else: it touches no Kafka class and no logger,
 * so the log settings it carries can be applied before logging starts.
 */
final class ServiceConfiguration {

    /** A value and where it came from: {@code --partitions}, {@code REVIEWFLOW_PARTITIONS}, {@code FILE: partitions}. */
    record Setting(String value, String origin) {}

    static final String CONFIG = "config";
    static final String PROPERTY = "property";
    static final String ENV_PREFIX = "REVIEWFLOW_";
    static final String KAFKA_ENV_PREFIX = "REVIEWFLOW_KAFKA_";
    static final String KAFKA_FILE_PREFIX = "kafka.";
    /** Other spellings accepted for an option, as Kafka's own tools spell it. */
    private static final Map<String, String> ALIASES = Map.of("bootstrap-servers", "bootstrap-server");

    private final Map<String, Setting> options;
    private final Map<String, Setting> kafka;
    private final boolean help;

    private ServiceConfiguration(Map<String, Setting> options, Map<String, Setting> kafka, boolean help) {
        this.options = Map.copyOf(options);
        this.kafka = Map.copyOf(kafka);
        this.help = help;
    }

    /**
     * @param service     the service name, for messages
     * @param known       the option names the service accepts (without dashes), {@code config} and
     *                    {@code property} excepted: those two are handled here
     * @param args        the command line
     * @param environment the process environment
     * @throws IllegalArgumentException naming the first unknown or unusable setting
     */
    static ServiceConfiguration resolve(String service, Set<String> known, String[] args, Map<String, String> environment) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return new ServiceConfiguration(Map.of(), Map.of(), true);
            }
        }
        Map<String, Setting> flagOptions = new LinkedHashMap<>();
        Map<String, Setting> flagKafka = new LinkedHashMap<>();
        readFlags(args, known, flagOptions, flagKafka);

        Map<String, Setting> envOptions = new LinkedHashMap<>();
        Map<String, Setting> envKafka = new LinkedHashMap<>();
        readEnvironment(service, known, environment, envOptions, envKafka);

        Setting file = flagOptions.containsKey(CONFIG) ? flagOptions.get(CONFIG) : envOptions.get(CONFIG);
        Map<String, Setting> options = new LinkedHashMap<>();
        Map<String, Setting> kafka = new LinkedHashMap<>();
        if (file != null) {
            readFile(Path.of(file.value()), file.origin(), known, options, kafka);
        }
        // Later layers win: file, then environment, then flags.
        options.putAll(envOptions);
        options.putAll(flagOptions);
        kafka.putAll(envKafka);
        kafka.putAll(flagKafka);
        return new ServiceConfiguration(options, kafka, false);
    }

    boolean help() {
        return help;
    }

    /** The setting of an option, or null when no layer gave it (the caller's default applies). */
    Setting option(String name) {
        return options.get(name);
    }

    /** Every option some layer gave, sorted by name. */
    Map<String, Setting> options() {
        return new TreeMap<>(options);
    }

    /** Kafka client properties, by property name, sorted. */
    Map<String, Setting> kafka() {
        return new TreeMap<>(kafka);
    }

    /** The environment variable that supplies an option: {@code instance-id} is {@code REVIEWFLOW_INSTANCE_ID}. */
    static String environmentVariable(String option) {
        return ENV_PREFIX + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The Kafka client property a {@code REVIEWFLOW_KAFKA_} variable sets: {@code _SECURITY_PROTOCOL} is {@code security.protocol}. */
    static String kafkaPropertyOf(String variable) {
        return variable.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /**
     * Variables that start with {@code REVIEWFLOW_} but belong to the launcher script
     * ({@code REVIEWFLOW_JAVA_OPTS}) or the test harness ({@code REVIEWFLOW_TEST_*}), not to a service.
     */
    static boolean isForeign(String variable) {
        return variable.equals("REVIEWFLOW_JAVA_OPTS") || variable.startsWith("REVIEWFLOW_TEST_");
    }

    private static void readFlags(String[] args, Set<String> known, Map<String, Setting> options, Map<String, Setting> kafka) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
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
            option = ALIASES.getOrDefault(option, option);
            if (option.equals(PROPERTY)) {
                int split = value.indexOf('=');
                if (split <= 0) {
                    throw new IllegalArgumentException("--property takes KEY=VALUE, got '" + value + "'");
                }
                String name = value.substring(0, split).strip();
                kafka.put(name, new Setting(value.substring(split + 1), "--property " + name));
            } else if (option.equals(CONFIG) || known.contains(option)) {
                options.put(option, new Setting(value, "--" + option));
            } else {
                throw new IllegalArgumentException("unknown option --" + option);
            }
        }
    }

    private static void readEnvironment(String service, Set<String> known, Map<String, String> environment,
                                        Map<String, Setting> options, Map<String, Setting> kafka) {
        Map<String, String> optionByVariable = new LinkedHashMap<>();
        known.forEach(option -> optionByVariable.put(environmentVariable(option), option));
        ALIASES.forEach((alias, option) -> optionByVariable.put(environmentVariable(alias), option));
        optionByVariable.put(environmentVariable(CONFIG), CONFIG);
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || isForeign(name)) {
                continue;
            }
            String value = variable.getValue();
            if (value == null || value.isBlank()) {
                continue; // Blank is unset: compose files and charts often template empty values.
            }
            if (name.startsWith(KAFKA_ENV_PREFIX)) {
                if (name.length() == KAFKA_ENV_PREFIX.length()) {
                    throw new IllegalArgumentException(name + " names no Kafka client property");
                }
                kafka.put(kafkaPropertyOf(name), new Setting(value, name));
            } else if (optionByVariable.containsKey(name)) {
                options.put(optionByVariable.get(name), new Setting(value, name));
            } else {
                throw new IllegalArgumentException("unknown setting " + name + ": not an option of " + service
                        + " (see reviewflow " + service + " --help)");
            }
        }
    }

    private static void readFile(Path file, String origin, Set<String> known, Map<String, Setting> options,
                                 Map<String, Setting> kafka) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(origin + ": cannot read config file " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape.
            throw new IllegalArgumentException(origin + ": cannot read config file " + file + ": " + e.getMessage());
        }
        for (String written : new TreeMap<>(toStrings(properties)).keySet()) {
            String value = properties.getProperty(written).strip();
            String where = file + ": " + written;
            String key = ALIASES.getOrDefault(written, written);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(where + " has no value");
            }
            if (key.startsWith(KAFKA_FILE_PREFIX) && key.length() > KAFKA_FILE_PREFIX.length()) {
                kafka.put(key.substring(KAFKA_FILE_PREFIX.length()), new Setting(value, where));
            } else if (known.contains(key)) {
                options.put(key, new Setting(value, where));
            } else {
                throw new IllegalArgumentException(file + ": unknown setting '" + key + "'"
                        + (key.equals(CONFIG) ? " (a config file cannot name another)" : "")
                        + (key.equals(PROPERTY) ? " (Kafka client properties are kafka.NAME=VALUE)" : ""));
            }
        }
    }

    private static Map<String, String> toStrings(Properties properties) {
        Map<String, String> strings = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> strings.put(name, properties.getProperty(name)));
        return strings;
    }
}
