package io.reviewflow.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How to reach Kafka: bootstrap servers, a bound on how long set-up requests may wait, and any
 * standard Kafka client properties passed through as they are (security, SASL, TLS...).
 */
public record KafkaSettings(String bootstrapServers, Duration requestTimeout, Map<String, String> clientOverrides) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        clientOverrides = Map.copyOf(clientOverrides);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, DEFAULT_REQUEST_TIMEOUT, Map.of());
    }

    /** Properties every client shares; role-specific settings are added by the caller, overrides last. */
    public Properties common() {
        Properties props = new Properties();
        props.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    public Properties adminProperties() {
        Properties props = common();
        int millis = (int) requestTimeout.toMillis();
        props.setProperty(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        props.setProperty(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        withOverrides(props);
        return props;
    }

    /** Applies the pass-through client properties over {@code props}. */
    public Properties withOverrides(Properties props) {
        clientOverrides.forEach(props::setProperty);
        return props;
    }
}
