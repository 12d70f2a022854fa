package io.reviewflow.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Checks the Kafka client properties an operator passes through against the clients' own
 * definitions, so {@code security.protocl=SSL} stops start-up instead of being ignored by the
 * client (which only logs unknown names) and leaving the service on plaintext. Also says which
 * properties are secrets, so the effective configuration can be logged without them.
 */
final class KafkaClientProperties {

    /** Dynamic names the clients accept beyond their definitions: config providers' own settings and metrics context labels. */
    private static final List<String> OPEN_PREFIXES = List.of("config.providers.", CommonClientConfigs.METRICS_CONTEXT_PREFIX);

    /** Set by the stage loop; another value would break exactly-once or the record format. */
    private static final Map<String, String> SET_BY_REVIEWFLOW = Map.of(
            "bootstrap.servers", "use bootstrap-server",
            "transactional.id", "it is reviewflow-<stage>-<instance-id>; set instance-id",
            "group.id", "every instance of a stage shares the group reviewflow-<stage>",
            "isolation.level", "read_committed is what keeps aborted output out of the pipeline",
            "enable.idempotence", "transactions need the idempotent producer",
            "enable.auto.commit", "offsets are committed inside each transaction",
            "key.serializer", "keys are UTF-8 review ids",
            "value.serializer", "values are Avro bytes",
            "key.deserializer", "keys are UTF-8 review ids",
            "value.deserializer", "values are Avro bytes");

    /** Name fragments of secrets the client definitions cannot type: config provider parameters, custom plugins. */
    private static final List<String> SECRET_FRAGMENTS = List.of("password", "secret", "jaas", "credential", "token",
            "ssl.key", "keystore.key");

    private static final List<ConfigDef> DEFINITIONS = List.of(
            ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());

    private KafkaClientProperties() {}

    /**
     * @param bootstrapServers the service's bootstrap servers, which the definitions require
     * @param properties       property name to its value and origin
     * @throws IllegalArgumentException naming the first unknown, reserved or malformed property by its origin
     */
    static void check(String bootstrapServers, Map<String, ServiceConfiguration.Setting> properties) {
        Set<String> known = knownNames();
        Map<String, Object> values = new HashMap<>();
        properties.forEach((name, setting) -> {
            if (SET_BY_REVIEWFLOW.containsKey(name)) {
                throw new IllegalArgumentException(setting.origin() + ": " + name + " cannot be overridden ("
                        + SET_BY_REVIEWFLOW.get(name) + ")");
            }
            if (!known.contains(name) && OPEN_PREFIXES.stream().noneMatch(name::startsWith)) {
                throw new IllegalArgumentException(setting.origin() + ": unknown Kafka client property '" + name + "'"
                        + closest(name, known).map(c -> "; did you mean " + c + "?").orElse(""));
            }
            // A ${provider:path:key} reference is resolved by the client at start-up, not here.
            if (!setting.value().contains("${")) {
                values.put(name, setting.value());
            }
        });
        values.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        values.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        values.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        values.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        values.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        for (ConfigDef definition : DEFINITIONS) {
            try {
                definition.parse(values);
            } catch (ConfigException e) {
                String culprit = properties.keySet().stream()
                        .filter(name -> String.valueOf(e.getMessage()).contains("configuration " + name + ":"))
                        .findFirst().map(name -> properties.get(name).origin() + ": ").orElse("");
                throw new IllegalArgumentException(culprit + e.getMessage());
            }
        }
    }

    /** True for a property whose value must not be logged: typed as a password by the clients, or named like a secret. */
    static boolean isSecret(String name) {
        for (ConfigDef definition : DEFINITIONS) {
            ConfigDef.ConfigKey key = definition.configKeys().get(name);
            if (key != null && key.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return looksSecret(name);
    }

    /** The name test alone, for settings that are not Kafka properties. */
    static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_FRAGMENTS.stream().anyMatch(lower::contains);
    }

    private static Set<String> knownNames() {
        Set<String> names = new TreeSet<>();
        DEFINITIONS.forEach(definition -> names.addAll(definition.names()));
        return names;
    }

    /** The known name nearest to a typo, if it is within three edits. */
    private static java.util.Optional<String> closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : known) {
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
