package io.reviewflow.scoring.works;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.ServiceOptions;
import io.reviewflow.scoring.VerdictScale;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The work-scores command line, on the conventions of {@link ServiceMain} (which runs only
 * {@code StageService}s): the same common options and {@code REVIEWFLOW_*} environment variables,
 * a flag winning over the environment, plus this service's own.
 *
 * <pre>
 *   --bootstrap-server HOST:PORT   Kafka to use (required)
 *   --instance-id ID               stable id of this instance (default: the host name)
 *   --partitions N                 partitions for topics this service creates (default 3)
 *   --replication-factor N         replicas for topics this service creates, internal ones included
 *   --property KEY=VALUE           any Kafka client property (repeatable)
 *   --verdict-scale NAME|FILE      the verdict scale of the mean (default house)
 *   --state-dir DIR                local state (default: under the system temp directory)
 *   --application-id ID            Kafka Streams application id (default reviewflow-work-scores)
 * </pre>
 *
 * @param settings     the instance's settings
 * @param partitions   partitions of topics created at start-up
 * @param verdictScale a preset name or a scale file, as given
 */
public record WorkScoresOptions(WorkScoresSettings settings, int partitions, String verdictScale) {

    static final List<String> OPTIONS = List.of("bootstrap-server", "instance-id", "partitions", "replication-factor",
            "verdict-scale", "state-dir", "application-id");

    /**
     * Parses the command line over the environment; returns null when help was asked for.
     *
     * @throws IllegalArgumentException for bad usage, with a one-line message
     */
    public static WorkScoresOptions parse(String[] args, Map<String, String> environment) {
        List<String> all = new ArrayList<>();
        // Environment first, so that flags given on the command line override it.
        for (String option : OPTIONS) {
            String value = environment.get(ServiceOptions.environmentVariable(option));
            if (value != null && !value.isBlank()) {
                all.add("--" + option);
                all.add(value);
            }
        }
        all.addAll(Arrays.asList(args));
        return parseArguments(all);
    }

    public static String usage() {
        return "usage: reviewflow works --bootstrap-server HOST:PORT [--instance-id ID] [--partitions N]"
                + " [--replication-factor N] [--property KEY=VALUE]... [--verdict-scale NAME|FILE]"
                + " [--state-dir DIR] [--application-id ID]" + System.lineSeparator()
                + "  --verdict-scale: a preset (" + String.join(", ", VerdictScale.presetNames())
                + ") or a JSON scale file; default " + VerdictScale.DEFAULT_PRESET + System.lineSeparator()
                + "  --state-dir: local state of the Kafka Streams stores; default under the system temp directory"
                + System.lineSeparator()
                + "  --application-id: Kafka Streams application id; default " + WorkScoresSettings.DEFAULT_APPLICATION_ID;
    }

    private static WorkScoresOptions parseArguments(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
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
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + option + " needs a value");
                }
                value = args.get(++i);
            }
            if (option.equals("bootstrap-servers")) {
                option = "bootstrap-server";
            }
            if (option.equals("property")) {
                int split = value.indexOf('=');
                if (split <= 0) {
                    throw new IllegalArgumentException("--property takes KEY=VALUE, got '" + value + "'");
                }
                properties.put(value.substring(0, split), value.substring(split + 1));
            } else if (OPTIONS.contains(option)) {
                values.put(option, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + option);
            }
        }
        String bootstrap = values.get("bootstrap-server");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-server HOST:PORT is required");
        }
        KafkaSettings kafka = new KafkaSettings(bootstrap, KafkaSettings.DEFAULT_REQUEST_TIMEOUT, properties);
        String instanceId = values.getOrDefault("instance-id", ServiceOptions.defaultInstanceId());
        String applicationId = values.getOrDefault("application-id", WorkScoresSettings.DEFAULT_APPLICATION_ID);
        Optional<Short> replication = Optional.ofNullable(values.get("replication-factor"))
                .map(v -> (short) positiveInt("replication-factor", v));
        Path stateDir = Optional.ofNullable(values.get("state-dir")).map(Path::of)
                .orElseGet(() -> WorkScoresSettings.defaultStateDir(applicationId, instanceId));
        WorkScoresSettings settings = new WorkScoresSettings(kafka, applicationId, instanceId, stateDir, replication);
        int partitions = positiveInt("partitions", values.getOrDefault("partitions", "3"));
        return new WorkScoresOptions(settings, partitions,
                values.getOrDefault("verdict-scale", VerdictScale.DEFAULT_PRESET));
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
}
